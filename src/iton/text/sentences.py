"""Sentence splitting over tokens: ends at . ? ! … and at line breaks, not at initials."""

from __future__ import annotations

from iton.document import HEBREW, LATIN, PUNCT, Sentence, Token

_ENDS = frozenset({".", "?", "!", "...", "\u2026"})
# Marks that close a sentence together with the end mark right before them: ." .) ?!
_CLOSERS = frozenset({'"', "'", ")", "]"})


def _is_initial(token: Token) -> bool:
    # "א. ב. יהושע", "J. Smith": one capital or Hebrew letter before a period is an initial.
    return len(token.form) == 1 and (token.kind == HEBREW or (token.kind == LATIN and token.form.isupper()))


def split_sentences(text: str, tokens: list[Token]) -> list[Sentence]:
    """Group ``tokens`` (of ``text``) into sentences; every token is in exactly one sentence.

    A sentence ends after . ? ! or … (with closing quotes or brackets that follow), and
    always at a line break, so headlines and list items without final punctuation stand
    alone. Decimals, dates and abbreviations are single tokens and never end a sentence.
    """
    sentences: list[Sentence] = []
    line = 0
    pos = 0
    first = 0
    n = len(tokens)
    i = 0
    while i < n:
        token = tokens[i]
        newlines = text.count("\n", pos, token.start)
        if newlines:
            if i > first:
                sentences.append(Sentence(first, i, line))
                first = i
            line += newlines
        pos = token.start
        if token.kind == PUNCT and token.form in _ENDS and not (
            token.form == "." and i > first and _is_initial(tokens[i - 1]) and i + 1 < n and "\n" not in text[token.end : tokens[i + 1].start]
        ):
            j = i + 1
            while (j < n and tokens[j].kind == PUNCT and (tokens[j].form in _CLOSERS or tokens[j].form in _ENDS)
                   and tokens[j].start == tokens[j - 1].end):
                j += 1
            sentences.append(Sentence(first, j, line))
            first = j
            if j > i + 1:
                pos = tokens[j - 1].start
            i = j
            continue
        i += 1
    if first < n:
        sentences.append(Sentence(first, n, line))
    return sentences

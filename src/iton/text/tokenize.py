"""Hebrew news tokenizer: one compiled pattern, spans into the original text, no copies."""

from __future__ import annotations

import re
from collections.abc import Iterator

from iton.document import (
    ACRONYM,
    EMAIL,
    HEBREW,
    LATIN,
    NUMBER,
    OTHER,
    PUNCT,
    SYMBOL,
    URL,
    Token,
)
from iton.hebrew import (
    CLITIC_CHAIN,
    CLITIC_LETTER_STRING,
    GERESH,
    GERSHAYIM,
    HEBREW_GERESH,
    HEBREW_GERSHAYIM,
    LETTERS,
    PRESENTATION_LETTERS,
)
from iton.text.clean import clean_token

# A Hebrew letter (with its presentation forms) and the points that may follow it.
_LETTER = LETTERS + PRESENTATION_LETTERS
_POINTS = "\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7"
# Characters that carry no text (zero-width, bidi controls, soft hyphen): between spaces they are
# skipped like whitespace; inside a word, before another letter or point, they belong to the word,
# so מש<ZWSP>לה stays one token whose span covers them (its cleaned form drops them).
_INVISIBLE = "\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff\u00ad"
# One letter unit: the letter, its points, then runs of invisibles each followed by more points.
# Written unrolled (points first, possessive) rather than as an alternation per character: the
# same units, but a letter without invisibles costs one failed character test instead of two
# branches (tokenize_spans 1.12M -> 1.39M tokens/s).
_H = f"[{_LETTER}][{_POINTS}]*+(?:[{_INVISIBLE}]++(?=[{_LETTER}{_POINTS}])[{_POINTS}]*+)*+"
_WORD = f"(?:{_H})+"
# Gershayim/geresh inside a word make one acronym or transliteration: צה"ל, ג'ורג'.
# Two apostrophes stand for a gershayim in much scraped text (צה''ל, ס''מ): tried first.
_DOUBLE_QUOTE = "['\u05f3]{2}"
# Typographic quotes between letters (ארה”ב, צה“ל) are a gershayim too: word processors turn " into them.
_QUOTE_IN_WORD = f"(?:{_DOUBLE_QUOTE}|[{GERSHAYIM}{GERESH}{HEBREW_GERESH}{HEBREW_GERSHAYIM}\u2019\u201c\u201d\u201e])"
# A short word closed by a geresh is an abbreviation (ג', גב', פרופ'); longer words
# followed by ' are far more often closing a quotation.
_MAX_ABBREV_LETTERS = 4
_LATIN_CHAR = "A-Za-z\u00c0-\u024f"
# Single quotation marks (ASCII and the Hebrew geresh, which writers use alike), and every quote
# mark a word may hold inside (an acronym's or a transliteration's; the single ones among them).
_SINGLE_QUOTES = "'\u05f3"
_ANY_QUOTE = re.compile(_QUOTE_IN_WORD)
_LETTER_AT = re.compile(f"[{_LETTER}]")
# Clitic letters, then a quote opening a quotation on the word after them: ו'הצהרת, ב'כחול.
_OPENING_QUOTE = re.compile(f"(?=[{CLITIC_LETTER_STRING}]){CLITIC_CHAIN}['\u05f3](?=[{_LETTER}])")
# Letters a transliteration marks with a geresh at the end of a word: ץ' (סמוטריץ'), ג', ז', ח' (שייח').
_GERESH_LETTERS = "צץגזח"
# A quotation opened with ' and not closed within this many tokens was not one.
MAX_QUOTED_TOKENS = 10

_PATTERN = re.compile(
    "|".join(
        [
            # Plain Hebrew words first: they are most of the text. A word followed by a
            # quote and a letter (צה"ל) or by a geresh is left to the acronym branch,
            # except a long word before a ' that no letter follows, which closes a quotation
            # (a letter after it makes a transliteration of the word: לבייג'ינג, במסצ'וסטס).
            rf"(?P<{HEBREW}>(?:{_H})++(?!{_QUOTE_IN_WORD}[{_LETTER}]|['\u05f3](?!['\u05f3]))"
            rf"|(?:{_H}){{{_MAX_ABBREV_LETTERS + 1},}}+(?=['\u05f3](?![{_LETTER}])))",
            rf"(?P<{ACRONYM}>{_WORD}(?:{_QUOTE_IN_WORD}{_WORD})+(?:['\u05f3](?!['\u05f3]))?"
            rf"|(?:{_H}){{1,{_MAX_ABBREV_LETTERS}}}['\u05f3](?![{_LETTER}'\u05f3]))",
            r"(?P<punct>\.\.\.|['\u05f3]{2}|[.,:;?!\"'()\[\]{}\-\u2013\u2014\u2026\u05be\u05c0\u05c3\u05f3\u05f4\u201c\u201d\u201e\u2018\u2019/\\])",
            # URLs end before trailing punctuation that belongs to the sentence.
            rf"(?P<{URL}>(?:https?://|www\.)[^\s<>\"\u05f4]*[^\s<>\"\u05f4.,;:!?)\]'\u05f3])",
            rf"(?P<{EMAIL}>[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)",
            # Thousands, decimals, dates, times and ranges: 1,000  3.5  24.11.2026  14:30  10-20.
            r"(?P<number>\d++(?:[.,:/]\d+)*(?:[-\u2013]\d+(?:[.,:/]\d+)*)?(?![A-Za-z]))",
            # Letters with digits and inner hyphens stay whole: S-300, F-16, COVID-19, 3D.
            rf"(?P<{LATIN}>[{_LATIN_CHAR}0-9]*[{_LATIN_CHAR}][{_LATIN_CHAR}0-9]*"
            rf"(?:[-'\u2019][{_LATIN_CHAR}0-9]+)*)",
            rf"(?P<{SYMBOL}>[%$\u20ac\u20aa&*+=<>#@^~|])",
            rf"(?P<{OTHER}>[^\s{_INVISIBLE}{_POINTS}])",
        ]
    )
)
assert NUMBER == "number" and PUNCT == "punct"


def tokenize_spans(text: str) -> list[tuple[int, int, str]]:
    """Token spans ``(start, end, kind)`` of ``text``, offsets into the original string.

    The fast path under everything else: no clean-up, no objects.

    >>> tokenize_spans('צה"ל תקף ב-2019.')
    [(0, 4, 'acronym'), (5, 8, 'hebrew'), (9, 10, 'hebrew'), (10, 11, 'punct'), (11, 15, 'number'), (15, 16, 'punct')]
    """
    spans = [(m.start(), m.end(), m.lastgroup) for m in _PATTERN.finditer(text)]
    if "'" in text or "\u05f3" in text:
        spans = _mend_quotes(text, spans)
    return spans  # type: ignore[return-value]


def _mend_quotes(text: str, spans: list) -> list:
    """Tell a single quote that closes a quotation from a geresh that ends a word.

    The pattern reads a word of up to four letters before ' as an abbreviation (גב', רח'), and a
    longer one as a word before a closing quote. So the last word of a quoted name came out whole
    with its quote (עתיד' in מפלגת 'יש עתיד'), and a transliterated name without its geresh
    (סמוטריץ' as סמוטריץ and '). Here a quotation is open after a ' written against the next word
    (' יש, ו'הצהרת) and stays open for at most ``MAX_QUOTED_TOKENS`` tokens on its line: the next
    short word ending in ' closes it and loses the mark, unless a quote inside it makes it an
    acronym (ג'ורג'). Outside a quotation, a longer word ending in a letter a transliteration
    marks (ץ', ג', ז', ח') keeps its geresh."""
    opened = -1  # index of the span that opened a quotation, -1 when none is open
    edits: list[tuple[int, int, tuple]] = []  # (first span, how many spans, the spans that replace them)
    # only acronyms and lone single quotes take part: a plain Hebrew word holds no quote
    marks = [i for i, (start, end, kind) in enumerate(spans)
             if kind == ACRONYM or (kind == PUNCT and end - start == 1 and text[start] in _SINGLE_QUOTES)]
    for i in marks:
        start, end, kind = spans[i]
        if opened >= 0 and (i - opened > MAX_QUOTED_TOKENS or "\n" in text[spans[opened][1] : start]):
            opened = -1
        if kind == PUNCT:
            after_word = start > 0 and _LETTER_AT.match(text, start - 1) is not None
            if after_word and opened < 0 and i > 0 and text[start - 1] in _GERESH_LETTERS and spans[i - 1][1] == start \
                    and spans[i - 1][2] == HEBREW and _LETTER_AT.match(text, end) is None:
                edits.append((i - 1, 2, ((spans[i - 1][0], end, ACRONYM),)))
                continue
            opened = i if not after_word and _LETTER_AT.match(text, end) else -1
            continue
        inner = _OPENING_QUOTE.match(text, start, end)
        body_from = inner.end() if inner else start
        if (opened >= 0 or inner) and text[end - 1] in _SINGLE_QUOTES and end - 1 > body_from \
                and _ANY_QUOTE.search(text, body_from, end - 1) is None:
            edits.append((i, 1, ((start, end - 1, ACRONYM if inner else HEBREW), (end - 1, end, PUNCT))))
            opened = -1
        elif inner:
            opened = i
    if not edits:
        return spans
    out: list = []
    done = 0
    for first, count, replacement in edits:
        out.extend(spans[done:first])
        out.extend(replacement)
        done = first + count
    out.extend(spans[done:])
    return out


def iter_tokens(text: str) -> Iterator[Token]:
    """Tokens of ``text`` with cleaned forms and ``space_after`` set."""
    length = len(text)
    for start, end, kind in tokenize_spans(text):
        form = clean_token(text[start:end])
        kind = kind or OTHER
        if kind == PUNCT and len(form) == 1 and form in "\u05c0\u05c3":
            form = "|" if form == "\u05c0" else ":"
        yield Token(form, start, end, kind, end < length and (text[end].isspace() or text[end] in _INVISIBLE_SET))


_INVISIBLE_SET = frozenset(chr(c) for c in list(range(0x200B, 0x2010)) + list(range(0x202A, 0x202F)) + list(range(0x2066, 0x206A)) + [0xFEFF, 0xAD])


def tokenize(text: str) -> list[Token]:
    """Tokenize Hebrew news text into :class:`~iton.document.Token` objects.

    >>> [t.form for t in tokenize('דובר צה״ל: "נגיב".')]
    ['דובר', 'צה"ל', ':', '"', 'נגיב', '"', '.']
    """
    return list(iter_tokens(text))

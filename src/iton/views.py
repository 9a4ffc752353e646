"""Every output of a Document, made in one place: normalized text, CoNLL-U and JSON."""

from __future__ import annotations

import re
from typing import Any

from iton.document import ACRONYM, HEBREW, LATIN, OTHER, PUNCT, Document, Morpheme, Sentence, Token, host_position
from iton.hebrew import ARTICLE_HIDING, CLITIC_LETTERS, CLITIC_UPOS, HEBREW_LETTER
# Punctuation kept in the normalized form (rule 4); dashes are written as "-".
KEPT_PUNCT = {".": ".", ",": ",", ":": ":", ";": ";", "?": "?", "!": "!", '"': '"', "(": "(", ")": ")",
              "-": "-", "\u2013": "-", "\u2014": "-", "...": "...", "\u2026": "..."}


def host_lemma(morphemes: list[Morpheme]) -> str:
    """The lemma of the first morpheme left after dropping leading clitics and the quotation mark
    a quoted word may hold after them (ל"הארץ; keeping one)."""
    return morphemes[host_position(morphemes)].lemma


def token_lemma(token: Token, keep_foreign: bool = False) -> str | None:
    """The normalized form of one token, or None where the normalized text drops it."""
    if token.kind == PUNCT:
        return KEPT_PUNCT.get(token.form)
    if token.kind in (HEBREW, ACRONYM):
        lemma = host_lemma(token.morphemes) if token.morphemes else token.form
        return lemma if lemma else token.form
    return token.form if keep_foreign else None


def is_clitic_stub(form: str, next_form: str, attached: bool) -> bool:
    """Whether ``form`` is a clitic chain written against what follows it with nothing Hebrew to
    normalize: a hyphen (the ה of ה-37, וב-2020) or a number or Latin word (ב2019, ל1,000).
    The normalized form drops it (and the hyphen): its host is not a Hebrew word."""
    if not attached or not 0 < len(form) <= 3 or not set(form) <= CLITIC_LETTERS:
        return False
    if next_form == "-":
        return True
    return not HEBREW_LETTER.search(next_form) and any(ch.isalnum() for ch in next_form)


def normalized_tokens(doc: Document, keep_foreign: bool = False) -> list[str | None]:
    """The normalized form of every token of ``doc``, aligned with ``doc.tokens``.

    A clitic chain written against a hyphen, a number or a Latin word (ה-37, ב2019) is dropped,
    with the hyphen (see :func:`is_clitic_stub`).
    """
    tokens = doc.tokens
    out = [token_lemma(t, keep_foreign) for t in tokens]
    for i, token in enumerate(tokens[:-1]):
        nxt = tokens[i + 1]
        if token.kind == HEBREW and is_clitic_stub(token.form, nxt.form, nxt.start == token.end):
            out[i] = None
            if nxt.form == "-":
                out[i + 1] = None
    return out


def _token_lines(doc: Document) -> list[int]:
    lines = [0] * len(doc.tokens)
    for sentence in doc.sentences:
        for i in range(sentence.first, sentence.last):
            lines[i] = sentence.line
    return lines


def normalized_text(doc: Document, keep_foreign: bool = False) -> str:
    """The normalized form of ``doc``: one output line per input line, tokens split by spaces.

    >>> from iton.pipeline import Options, load_pipeline
    >>> normalized_text(load_pipeline(Options(engine="rules", entities=False)).analyze("בין הצבאות"))
    'בין צבא'
    """
    lines: list[list[str]] = [[] for _ in range(doc.line_count)]
    for line, form in zip(_token_lines(doc), normalized_tokens(doc, keep_foreign), strict=True):
        if form is not None:
            lines[line].append(form)
    return "\n".join(" ".join(words) for words in lines)


def read_normalized(text: str) -> Document:
    """A Document for text already in the normalized form: each token is its own lemma.

    Offsets point into ``text``; ``normalized_text(read_normalized(t), keep_foreign=True)``
    gives back ``t`` token for token.
    """
    doc = Document(text, line_count=text.count("\n") + 1)
    line_start = 0
    for line_no, line in enumerate(text.split("\n")):
        first = len(doc.tokens)
        for match in re.finditer(r"\S+", line):
            form = match.group()
            if HEBREW_LETTER.search(form):
                kind, upos = (ACRONYM if ('"' in form or "'" in form) else HEBREW), "X"
            elif form in KEPT_PUNCT:
                kind, upos = PUNCT, "PUNCT"
            else:
                kind, upos = (LATIN if form.isalnum() else OTHER), "X"
            start = line_start + match.start()
            doc.tokens.append(Token(form, start, start + len(form), kind, True, [Morpheme(form, form, upos)]))
        if len(doc.tokens) > first:
            doc.sentences.append(Sentence(first, len(doc.tokens), line_no))
        line_start += len(line) + 1
    doc.stages = ["read-normalized"]
    return doc


# Words HTB writes between a host and its pronoun suffix: _של_ is fused (ביתו = בית_ _של_ _הוא),
# את stays as written (אבקשכם = אבקשכם את _אתם).
_SUFFIX_LINKS = frozenset({"של", "את"})


def _is_pronoun_suffix(morphemes: list[Morpheme]) -> bool:
    """Whether ``morphemes`` are a pronoun suffix: a personal pronoun, maybe after של / את."""
    if not morphemes:
        return False
    last = morphemes[-1]
    if last.upos != "PRON" or "PronType=Prs" not in last.feats or "Reflex=Yes" in last.feats:
        return False
    return all(m.upos == "ADP" and m.form in _SUFFIX_LINKS for m in morphemes[:-1])


def _article_written(rest: str, host: Morpheme) -> bool:
    """Whether the article before ``host`` is written in ``rest``, the letters left of the token:
    after ב/כ/ל it is usually swallowed (לבית), but a name keeps it (בהפועל = ב ה פועל)."""
    return rest.startswith("ה" + host.form) and not rest.startswith(host.form)


def ud_forms(surface: str, morphemes: list[Morpheme]) -> list[str]:
    """The FORM of each word of a written token as UD HTB writes it.

    A single word is the written token itself. Written prefixes keep their letters; the
    article hidden after ב/כ/ל is ``ה_``; a host fused with a pronoun suffix is marked on the
    fused side: ``ב_ _הוא`` (בו), ``בית_ _של_ _הוא`` (ביתו). A host written out in full keeps
    its form (אתך = אתך _אתה).
    """
    if len(morphemes) == 1:
        return [surface]
    forms: list[str] = []
    pos = 0
    i = 0
    while i < len(morphemes) - 1:
        m = morphemes[i]
        if m.upos not in CLITIC_UPOS or (m.upos == "ADP" and _is_pronoun_suffix(morphemes[i + 1 :])):
            break
        if (m.upos == "DET" and m.form == "ה" and i and morphemes[i - 1].upos == "ADP"
                and morphemes[i - 1].form in ARTICLE_HIDING and not _article_written(surface[pos:], morphemes[i + 1])):
            forms.append("ה_")
        else:
            forms.append(m.form)
            if surface.startswith(m.form, pos):
                pos += len(m.form)
        i += 1
    host, tail = morphemes[i], morphemes[i + 1 :]
    if not _is_pronoun_suffix(tail):
        return forms + [m.form for m in morphemes[i:]]
    fused = host.form != surface[pos:] and host.form.strip("_") != ""
    forms.append(host.form + "_" if fused else host.form)
    forms += ["_של_" if m.form == "של" else m.form for m in tail[:-1]]
    return forms + ["_" + tail[-1].form]


def _conllu_misc(token: Token, doc: Document) -> str:
    return "_" if token.space_after or token.end == len(doc.text) else "SpaceAfter=No"


def to_conllu(doc: Document, first_id: int = 1) -> str:
    """CoNLL-U as UD HTB writes it: each multiword token's range line over its words, word
    forms by HTB's conventions (:func:`ud_forms`), lemma, UPOS and FEATS; SpaceAfter=No.
    Sentences are numbered from ``first_id``."""
    return numbered_conllu(conllu_sentences(doc), first_id)


def conllu_sentences(doc: Document) -> list[str]:
    """Each sentence of ``doc`` in CoNLL-U, from its ``# text`` line on: what :func:`to_conllu`
    writes after each ``# sent_id`` line."""
    blocks = []
    for sentence in doc.sentences:
        tokens = doc.sentence_tokens(sentence)
        text = doc.text[tokens[0].start : tokens[-1].end].replace("\n", " ") if tokens else ""
        rows = [f"# text = {text}"]
        word = 1
        for token in tokens:
            morphemes = token.morphemes or [Morpheme(token.form, token.form, "X")]
            misc = _conllu_misc(token, doc)
            if len(morphemes) > 1:
                rows.append(f"{word}-{word + len(morphemes) - 1}\t{token.form}\t_\t_\t_\t_\t_\t_\t_\t{misc}")
                misc = "_"
            for m, form in zip(morphemes, ud_forms(token.form, morphemes), strict=True):
                rows.append(f"{word}\t{form}\t{m.lemma}\t{m.upos}\t_\t{m.feats or '_'}\t_\t_\t_\t{misc}")
                word += 1
        blocks.append("\n".join(rows) + "\n")
    return blocks


def numbered_conllu(sentences: list[str], first_id: int) -> str:
    """The sentences of :func:`conllu_sentences` under ``# sent_id`` lines from ``first_id``."""
    blocks = [f"# sent_id = {n}\n{block}" for n, block in enumerate(sentences, first_id)]
    return "\n".join(blocks) + ("\n" if blocks else "")


def entity_records(doc: Document) -> list[dict[str, Any]]:
    """The entities of ``doc`` as the store keeps them and the command line prints them:
    ``label``, ``text``, ``lemma``, ``start``, ``end`` (character offsets in ``doc.text``)."""
    return [{"label": e.label, "text": e.text, "lemma": e.lemma, "start": e.start, "end": e.end} for e in doc.entities]


def to_json(doc: Document, keep_foreign: bool = False) -> dict[str, Any]:
    """The Document as plain JSON-ready data: tokens, morphemes, sentences, entities, offsets."""
    lemmas = normalized_tokens(doc, keep_foreign)
    return {
        "text": doc.text,
        "normalized": normalized_text(doc, keep_foreign),
        "sentences": [
            {"start": doc.tokens[s.first].start, "end": doc.tokens[s.last - 1].end, "tokens": [s.first, s.last], "line": s.line}
            for s in doc.sentences if s.last > s.first
        ],
        "tokens": [
            {
                "text": doc.span_text(t),
                "form": t.form,
                "start": t.start,
                "end": t.end,
                "kind": t.kind,
                "space_after": t.space_after,
                "normalized": lemma,
                "morphemes": [m._asdict() for m in t.morphemes],
            }
            for t, lemma in zip(doc.tokens, lemmas, strict=True)
        ],
        "entities": [
            {"type": e.label, "text": e.text, "lemma": e.lemma, "canonical": e.canonical, "start": e.start, "end": e.end,
             "tokens": [e.first, e.last]}
            for e in doc.entities
        ],
        "stages": doc.stages,
    }

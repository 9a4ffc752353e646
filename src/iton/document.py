"""The Document: one analysed text that owns its tokens, morphemes, sentences and entities."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from iton.hebrew import CLITIC_LETTERS


class Morpheme(NamedTuple):
    """One segment of a written token, by the conventions of the UD Hebrew treebank (HTB).

    ``form`` is the written form of the segment (``ה`` also for the article hidden after
    ב/כ/ל), ``lemma`` its lemma, ``upos`` its universal POS tag, ``feats`` the UD FEATS
    string (``_`` when there are none).
    """

    form: str
    lemma: str
    upos: str
    feats: str = "_"


# The parts of speech of the clitic morphemes written before a host (HTB's UPOS), and the
# quotation mark a quoted word holds after them (ל"הארץ = ל " ה ארץ).
_BEFORE_HOST = frozenset({"ADP", "CCONJ", "SCONJ", "DET", "PUNCT"})


def before_host(form: str, upos: str) -> bool:
    """Whether a morpheme that is not a token's last stands before its host (see host_position).
    A clitic letter under another tag is a clitic too: HTB tags כ "about" before a number ADV
    (כמיליון = כ + מיליון) and ו before an adverb ADV (וכך = ו + כך). The model's choices and its
    training keep finding the host by tag alone (``iton.morph.templates.host_index``), as trained."""
    return upos in _BEFORE_HOST or form in CLITIC_LETTERS


def host_position(morphemes: list[Morpheme]) -> int:
    """The index of a token's host: its first morpheme after the clitics (and a quotation mark
    behind them), else the last one."""
    i = 0
    while i < len(morphemes) - 1 and before_host(morphemes[i].form, morphemes[i].upos):
        i += 1
    return i


# Token kinds set by the tokenizer; the normalizer keeps HEBREW and ACRONYM words,
# PUNCT marks, and drops the rest unless asked to keep foreign tokens.
HEBREW = "hebrew"
ACRONYM = "acronym"
NUMBER = "number"
LATIN = "latin"
URL = "url"
EMAIL = "email"
PUNCT = "punct"
SYMBOL = "symbol"
OTHER = "other"


@dataclass(slots=True)
class Token:
    """A written token: a span of the original text and the segments it carries.

    ``start``/``end`` are character offsets into ``Document.text``; ``form`` is the span
    after clean-up (NFC, niqqud removed, ״ and ׳ read as " and '), which is what the
    morphology sees. ``morphemes`` is filled by the morphology stage; ``alternatives`` too when
    asked (``Options(alternatives=True)``): the lemmas of the token's other probable readings,
    most probable first, which search indexes beside the chosen lemma.
    """

    form: str
    start: int
    end: int
    kind: str
    space_after: bool = True
    morphemes: list[Morpheme] = field(default_factory=list)
    alternatives: tuple[str, ...] = ()

    @property
    def is_hebrew(self) -> bool:
        return self.kind in (HEBREW, ACRONYM)


@dataclass(slots=True)
class Sentence:
    """A sentence: the half-open range ``[first, last)`` of token indices and its line."""

    first: int
    last: int
    line: int = 0


@dataclass(slots=True)
class Entity:
    """A named-entity span: token range ``[first, last)``, character offsets, type, lemma form.

    ``lemma`` is the mention without its clitics (לקרמלין → קרמלין); ``canonical`` the form of
    the entity it names within the document, shared by its mentions (נתניהו → בנימין נתניהו).
    """

    label: str
    first: int
    last: int
    start: int
    end: int
    text: str
    lemma: str
    canonical: str = ""


@dataclass(slots=True)
class Document:
    """One analysed text. Tokens, sentences and entities point into ``text`` by offset."""

    text: str
    tokens: list[Token] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    line_count: int = 1
    stages: list[str] = field(default_factory=list)

    def span_text(self, token: Token) -> str:
        """The original characters of ``token``."""
        return self.text[token.start : token.end]

    def sentence_tokens(self, sentence: Sentence) -> list[Token]:
        return self.tokens[sentence.first : sentence.last]

    def rebuild(self) -> str:
        """The original text from the token spans and the gaps between them (a round-trip check)."""
        parts: list[str] = []
        pos = 0
        for token in self.tokens:
            parts.append(self.text[pos : token.start])
            parts.append(self.text[token.start : token.end])
            pos = token.end
        parts.append(self.text[pos:])
        return "".join(parts)

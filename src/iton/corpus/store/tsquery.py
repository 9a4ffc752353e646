"""The PostgreSQL backend's query compiler: a parsed query tree written as a ``tsquery``.

The index is one ``tsvector`` per article (see :func:`index_vector`): lemmas carry weight A and
written forms weight B, each at its own token positions, so a lemma term, a written form, a
phrase of either and a prefix are all one tsquery over one GIN index. Only this backend uses it;
user text reaches PostgreSQL only inside quoted lexemes.
"""

from __future__ import annotations

from iton.corpus.indexing import fold_token
from iton.corpus.query import Group, Near, Not, Phrase, Term

__all__ = ["LEMMA", "FORM", "index_vector", "to_tsquery"]

LEMMA, FORM = "A", "B"  # tsvector weights of the two kinds of index token
# PostgreSQL keeps token positions up to 16,383; written forms are numbered after the lemmas
# (one gap between, so no phrase spans the two), which keeps positions exact for articles of up
# to 8,190 index tokens. Beyond, positions are clamped: words still match, phrases and NEAR at
# the tail of such an article may not.
MAX_POSITION = 16_383
# A lexeme may not exceed 2,047 bytes; a longer "word" (a pasted blob) is left out of the index.
MAX_LEXEME_BYTES = 2_047
# PostgreSQL keeps at most 256 positions of one lexeme; the rest are dropped here, so a word
# written more often still matches, only its later occurrences do not count in phrases.
MAX_POSITIONS = 256


def _lexeme(word: str) -> str:
    """A quoted tsvector/tsquery lexeme (quote and backslash escaped)."""
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


def index_vector(lemmas: list[str], forms: list[str]) -> str:
    """The tsvector literal of an article's index tokens: lemma i at position i + 1 (weight A),
    written form i at position len(lemmas) + 2 + i (weight B).

    >>> index_vector(["בית", "גדול"], ["הבית", "גדול"])
    "'בית':1A 'גדול':2A,5B 'הבית':4B"
    """
    positions: dict[str, list[str]] = {}
    for offset, words, weight in ((1, lemmas, LEMMA), (len(lemmas) + 2, forms, FORM)):
        for i, word in enumerate(words):
            if not word or len(word.encode("utf-8")) > MAX_LEXEME_BYTES:
                continue
            found = positions.setdefault(word, [])
            if len(found) < MAX_POSITIONS:
                found.append(f"{min(offset + i, MAX_POSITION)}{weight}")
    return " ".join(f"{_lexeme(word)}:{','.join(found)}" for word, found in sorted(positions.items()))


def _sequence(words: list[str], weight: str) -> str | None:
    """Words in a row (a phrase) restricted to one weight; None when there are none."""
    if not words:
        return None
    parts = [f"{_lexeme(word)}:{weight}" for word in words]
    return parts[0] if len(parts) == 1 else "(" + " <-> ".join(parts) + ")"


def _either(parts: list[str | None]) -> str | None:
    kept = list(dict.fromkeys(p for p in parts if p))
    if not kept:
        return None
    return kept[0] if len(kept) == 1 else "(" + " | ".join(kept) + ")"


def _word(node) -> str | None:
    if isinstance(node, Term):
        if node.kind == "prefix":
            return f"{_lexeme(fold_token(node.text))}:*"  # lemmas and written forms alike
        if node.kind == "exact":
            return _sequence(node.forms, FORM)
        if not node.lemmas:
            return None
        lemma = _sequence(node.lemmas, LEMMA)
        return lemma if node.forms == node.lemmas else _either([lemma, _sequence(node.forms, FORM)])
    return _sequence(node.forms, FORM) if node.exact else _sequence(node.lemmas, LEMMA)


def _near_item(node, exact: bool) -> str | None:
    if isinstance(node, Term) and node.kind == "prefix":
        return f"{_lexeme(fold_token(node.text))}:*"
    return _sequence(node.forms if exact else node.lemmas, FORM if exact else LEMMA)


def _near(node: Near) -> str | None:
    """``a NEAR/k b``: tsquery's ``<d>`` asks for exactly d positions apart, in order, so each
    pair of neighbours is written as every distance up to k + 1, in both orders. A chain of
    three or more asks this of each neighbouring pair (FTS5 asks it of the whole clump)."""
    exact = any(isinstance(c, Term) and c.kind == "exact" or isinstance(c, Phrase) and c.exact for c in node.children)
    items = [_near_item(child, exact) for child in node.children]
    if not all(items):
        return None
    pairs = []
    for left, right in zip(items, items[1:]):
        pairs.append(_either([f"{a} <{d}> {b}" for d in range(1, node.distance + 2)
                              for a, b in ((left, right), (right, left))]))  # fmt: skip
    return pairs[0] if len(pairs) == 1 else "(" + " & ".join(pairs) + ")"


def to_tsquery(node) -> str | None:
    """The tsquery text of an analysed query tree; None where nothing searchable is left."""
    if isinstance(node, (Term, Phrase)):
        return _word(node)
    if isinstance(node, Near):
        return _near(node)
    if isinstance(node, Not):
        return to_tsquery(node.child)
    if isinstance(node, Group) and node.op == "OR":
        return _either([to_tsquery(c) for c in node.children])
    positives = [p for p in (to_tsquery(c) for c in node.children if not isinstance(c, Not)) if p]
    negatives = [p for p in (to_tsquery(c) for c in node.children if isinstance(c, Not)) if p]
    if not positives:
        return None
    parts = positives + [f"!{n}" for n in negatives]
    return parts[0] if len(parts) == 1 else "(" + " & ".join(parts) + ")"

"""The SQLite backend's query compiler: a parsed query tree written as an FTS5 expression.

Only the SQLite backend uses this; user text reaches FTS5 only inside string literals.
"""

from __future__ import annotations

import re

from iton.corpus.indexing import fold_token
from iton.corpus.query import Group, Near, Not, Phrase, Term

__all__ = ["to_fts"]

# Control characters and lone surrogates: NUL would end the string inside SQLite.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff]")


def _string(text: str) -> str:
    """An FTS5 string literal."""
    return '"' + _CONTROL.sub(" ", text).replace('"', '""') + '"'


def _word(node, alternatives: bool) -> str | None:
    if isinstance(node, Term):
        if node.kind == "prefix":
            return "{index_lemmas index_forms} : " + _string(fold_token(node.text)) + " *"
        if node.kind == "exact":
            return "index_forms : " + _string(" ".join(node.forms)) if node.forms else None
        if not node.lemmas:
            return None
        # one lemma is also looked for among the words' other probable readings, and the query
        # word's own other probable lemmas among their best readings; a lemma of several words
        # is a phrase, which the best readings alone make
        columns = "{index_lemmas index_alternatives}" if alternatives and len(node.lemmas) == 1 else "index_lemmas"
        lemma = columns + " : " + _string(" ".join(node.lemmas))
        if alternatives and node.alternatives:
            lemma = "(" + " OR ".join([lemma, *("index_lemmas : " + _string(a) for a in node.alternatives)]) + ")"
        form = "index_forms : " + _string(" ".join(node.forms))
        return f"({lemma} OR {form})" if node.form_searched else lemma
    words = node.forms if node.exact else node.lemmas
    if not words:
        return None
    return ("index_forms" if node.exact else "index_lemmas") + " : " + _string(" ".join(words))


def _near(node: Near) -> str | None:
    """A NEAR group runs in one column: written forms when its words are exact, else lemmas."""
    exact = any(isinstance(c, Term) and c.kind == "exact" or isinstance(c, Phrase) and c.exact for c in node.children)
    phrases = []
    for child in node.children:
        if isinstance(child, Term) and child.kind == "prefix":
            phrases.append(_string(fold_token(child.text)) + " *")
            continue
        words = child.forms if exact else child.lemmas
        if not words:
            return None
        phrases.append(_string(" ".join(words)))
    column = "index_forms" if exact else "index_lemmas"
    return f"{column} : NEAR({' '.join(phrases)}, {node.distance})"


def to_fts(node, alternatives: bool = True) -> str | None:
    """The FTS5 expression of an analysed query tree; None where nothing searchable is left. A
    lemma term also matches the words' other probable readings (``alternatives``), except where
    it is negated: a weaker reading of a word does not take its article out."""
    if isinstance(node, (Term, Phrase)):
        return _word(node, alternatives)
    if isinstance(node, Near):
        return _near(node)
    if isinstance(node, Not):
        return to_fts(node.child, alternatives=False)
    if isinstance(node, Group) and node.op == "OR":
        parts = [p for p in (to_fts(c, alternatives) for c in node.children) if p]
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")"
    positives = [p for p in (to_fts(c, alternatives) for c in node.children if not isinstance(c, Not)) if p]
    negatives = [p for p in (to_fts(c, alternatives) for c in node.children if isinstance(c, Not)) if p]
    if not positives:
        return None
    expression = positives[0] if len(positives) == 1 else "(" + " AND ".join(positives) + ")"
    for negative in negatives:
        expression = f"({expression} NOT {negative})"
    return expression

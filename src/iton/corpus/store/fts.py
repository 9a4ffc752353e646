"""The SQLite backend's query compiler: a parsed query tree written as an FTS5 expression, and
the expression that ranks its matches (without the phrases in too many articles).

Only the SQLite backend uses this; user text reaches FTS5 only inside string literals.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable

from iton.corpus.indexing import fold_token
from iton.corpus.query import Group, Near, Not, Phrase, Term

__all__ = ["COMMON_SHARE", "SHARE_WINDOW", "ranks", "to_fts"]

# A phrase in at least this share of the articles is left out of the ranking expression. FTS5's
# bm25() counts every match of each phrase in the whole index before it scores the first row
# (the phrase's IDF), which for a word in most articles costs more than the rest of the search
# (הוא, in 92% of 1,000,000 articles: 148 ms); and such a phrase weighs little: its IDF,
# ln((N - n + 0.5) / (n + 0.5)), is at most ln 3 (a word in 1% of the articles: 4.6), and from
# half the articles on FTS5 sets it to 1e-6. Matches that only such phrases make are unranked.
COMMON_SHARE = 0.25
# The newest articles (by rowid) in which a phrase's share is measured: reading its matches among
# them costs little however rare the phrase. A phrase needs COMMON_SHARE of this many matches
# there (2,000) to be left out, so a store of fewer articles ranks every phrase.
SHARE_WINDOW = 8_000
# Decides whether one FTS5 phrase (or NEAR group) of an expression takes part in the ranking.
Ranked = Callable[[str], bool]

# Control characters and lone surrogates: NUL would end the string inside SQLite.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff]")


def _string(text: str) -> str:
    """An FTS5 string literal."""
    return '"' + _CONTROL.sub(" ", text).replace('"', '""') + '"'


def _word(node, alternatives: bool, ranked: Ranked | None) -> str | None:
    if isinstance(node, Term):
        if node.kind == "prefix":
            return _either(["{index_lemmas index_forms} : " + _string(fold_token(node.text)) + " *"], ranked)
        if node.kind == "exact":
            return _either(["index_forms : " + _string(" ".join(node.forms))] if node.forms else [], ranked)
        if not node.lemmas:
            return None
        # one lemma is also looked for among the words' other probable readings, and the query
        # word's own other probable lemmas among their best readings; a lemma of several words
        # is a phrase, which the best readings alone make
        columns = "{index_lemmas index_alternatives}" if alternatives and len(node.lemmas) == 1 else "index_lemmas"
        phrases = [columns + " : " + _string(" ".join(node.lemmas))]
        if alternatives:
            phrases += ["index_lemmas : " + _string(a) for a in node.alternatives]
        if node.name:
            phrases.append("index_lemmas : " + _string(" ".join(node.name)))
        if node.form_searched:
            phrases.append("index_forms : " + _string(" ".join(node.forms)))
        return _either(phrases, ranked)
    words = node.forms if node.exact else node.lemmas
    if not words:
        return None
    if node.exact:
        return _either(["index_forms : " + _string(" ".join(words))], ranked)
    return _either(["index_lemmas : " + _string(" ".join(w)) for w in (words, node.name) if w], ranked)


def _either(phrases: list[str], ranked: Ranked | None) -> str | None:
    """The phrases of one query word joined by OR, less those ``ranked`` leaves out."""
    phrases = [p for p in phrases if ranked is None or ranked(p)]
    if not phrases:
        return None
    return phrases[0] if len(phrases) == 1 else "(" + " OR ".join(phrases) + ")"


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


def to_fts(node, alternatives: bool = True, ranked: Ranked | None = None) -> str | None:
    """The FTS5 expression of an analysed query tree; None where nothing searchable is left. A
    lemma term also matches the words' other probable readings (``alternatives``), except where
    it is negated: a weaker reading of a word does not take its article out.

    With ``ranked``, the expression that ranks the matches instead: the positive phrases it keeps
    (a negated phrase is in no match, so it scores nothing, and FTS5 scores fewer rows with it)."""
    if isinstance(node, (Term, Phrase)):
        return _word(node, alternatives, ranked)
    if isinstance(node, Near):
        near = _near(node)
        return near if near is None or ranked is None or ranked(near) else None
    if isinstance(node, Not):
        return to_fts(node.child, alternatives=False)
    if isinstance(node, Group) and node.op == "OR":
        parts = [p for p in (to_fts(c, alternatives, ranked) for c in node.children) if p]
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")"
    positives = [p for p in (to_fts(c, alternatives, ranked) for c in node.children if not isinstance(c, Not)) if p]
    negatives = [p for p in (to_fts(c, alternatives) for c in node.children if isinstance(c, Not)) if p]
    if not positives:
        return None
    expression = positives[0] if len(positives) == 1 else "(" + " AND ".join(positives) + ")"
    for negative in negatives:
        expression = f"({expression} NOT {negative})"
    return expression


def ranks(connection: sqlite3.Connection) -> Ranked:
    """Whether a phrase takes part in the ranking: it is in less than COMMON_SHARE of the newest
    SHARE_WINDOW articles (the window read once, for all the phrases of a query)."""
    since = (connection.execute("SELECT max(rowid) FROM articles").fetchone()[0] or 0) - SHARE_WINDOW

    def ranked(phrase: str) -> bool:
        found = connection.execute("SELECT count(*) FROM article_fts WHERE article_fts MATCH ? AND rowid > ?",
                                   (phrase, since)).fetchone()[0]  # fmt: skip
        return found < COMMON_SHARE * SHARE_WINDOW

    return ranked

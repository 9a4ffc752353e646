"""The PostgreSQL backend's query compiler: a parsed query tree written as a ``tsquery``, and the
WHERE clause of a search.

The index is one ``tsvector`` per article (see :func:`index_vector`): each index token gives a
lemma lexeme (weight A) and a written-form lexeme marked with FORM_MARK (weight B), both at the
token's position. So a lemma term, a written form, a phrase of either and a prefix are all one
tsquery over one GIN index, and a query without phrases is answered by the index alone (no
weight in the query, which would make PostgreSQL recheck every matching row's vector). A phrase
of lemmas also asks a second index, of each article's neighbouring lemma pairs (LEMMA_PAIRS), so
that only the articles holding its words side by side have their vectors read. Only this backend
uses it; user text reaches PostgreSQL only inside quoted lexemes.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterable

from iton.corpus.indexing import fold_token
from iton.corpus.query import Filters, Group, Near, Not, Phrase, Term

__all__ = ["FORM_MARK", "LEMMA_PAIRS", "estimated_candidates", "estimated_rows", "fits_lexeme", "index_vector",
           "lemma_pairs", "lone_lemma", "required_words", "search_where", "to_tsquery"]

# Written-form lexemes start with this mark, which the tokenizer never leaves at the start of a
# word (it is punctuation), so a form lexeme never equals a lemma lexeme.
FORM_MARK = "="
# The same for the other probable lemmas of a word (Article.alternatives): a lemma phrase or
# NEAR never matches them, a lemma term does (see _word).
ALTERNATIVE_MARK = "~"
# tsvector weights: ranking counts a lemma match twice a written-form match and five times an
# alternative's (RANK_WEIGHTS in store.postgres).
LEMMA_WEIGHT, FORM_WEIGHT, ALTERNATIVE_WEIGHT = "A", "B", "D"
# Each pair of neighbouring lemmas of an article as one lexeme ("a b"; a token holds no space), under
# its own GIN index (migration 0011): a phrase of common words asks it for the articles holding
# the words side by side, instead of checking the positions in every article holding both.
LEMMA_PAIRS = "iton_lemma_pairs(index_lemmas)"
# A search's conditions on the vector and on the pairs, each with its tsquery as the parameter.
_WORDS_MATCH, _PAIRS_MATCH = "search @@ %s::tsquery", f"{LEMMA_PAIRS} @@ %s::tsquery"
# The tsquery operators that ask for an order and a distance (phrases, NEAR).
_ORDERED = re.compile(r"<(?:-|\d+)>")
# PostgreSQL keeps token positions up to 16,383; beyond, positions are clamped: words still
# match, phrases and NEAR at the tail of an article that long may not.
MAX_POSITION = 16_383
# A lexeme may not exceed 2,047 bytes; a longer "word" (a pasted blob) is left out of the index.
MAX_LEXEME_BYTES = 2_047
# PostgreSQL keeps at most 256 positions of one lexeme; the rest are dropped here, so a word
# written more often still matches, only its later occurrences do not count in phrases.
MAX_POSITIONS = 256


def fits_lexeme(text: str) -> bool:
    """Whether ``text`` is short enough for a lexeme (MAX_LEXEME_BYTES; a UTF-8 character takes at
    most 4 bytes, so most texts need no encoding to be measured)."""
    return len(text) <= MAX_LEXEME_BYTES // 4 or len(text.encode("utf-8")) <= MAX_LEXEME_BYTES


def _lexeme(word: str) -> str:
    """A quoted tsvector/tsquery lexeme (quote and backslash escaped)."""
    if "'" in word or "\\" in word:
        word = word.replace("\\", "\\\\").replace("'", "''")
    return f"'{word}'"


def index_vector(lemmas: list[str], forms: list[str], alternatives: Iterable[tuple[int, str]] = ()) -> str:
    """The tsvector literal of an article's index tokens: token i's lemma (weight A), its written
    form, marked (weight B), and its alternatives, marked (weight D), all at position i + 1.
    Lexemes come in the order first seen: PostgreSQL sorts them when it reads the literal.

    >>> index_vector(["בית", "גדול"], ["הבית", "גדול"], [(1, "גדל")])
    "'בית':1A 'גדול':2A '=הבית':1B '=גדול':2B '~גדל':2D"
    """
    parts = []
    for words, mark, weight in ((enumerate(lemmas, 1), "", LEMMA_WEIGHT), (enumerate(forms, 1), FORM_MARK, FORM_WEIGHT),
                                (((i + 1, word) for i, word in alternatives), ALTERNATIVE_MARK, ALTERNATIVE_WEIGHT)):  # fmt: skip
        positions: dict[str, list[int]] = {}
        for position, word in words:
            found = positions.get(word)
            if found is None:
                positions[word] = [position]
            elif len(found) < MAX_POSITIONS:
                found.append(position)
        separator = weight + ","
        for word, found in positions.items():
            lexeme = mark + word
            if not word or not fits_lexeme(lexeme):
                continue
            if found[-1] > MAX_POSITION:
                found = [min(position, MAX_POSITION) for position in found]
            at = str(found[0]) if len(found) == 1 else separator.join(map(str, found))
            parts.append(f"{_lexeme(lexeme)}:{at}{weight}")
    return " ".join(parts)


def _sequence(words: list[str], mark: str = "") -> str | None:
    """Words in a row (a phrase), written forms when ``mark`` is FORM_MARK; None when there are none."""
    if not words:
        return None
    parts = [_lexeme(mark + word) for word in words]
    return parts[0] if len(parts) == 1 else "(" + " <-> ".join(parts) + ")"


def _prefix(text: str) -> str:
    """Lemmas or written forms starting with ``text``."""
    folded = fold_token(text)
    return f"({_lexeme(folded)}:* | {_lexeme(FORM_MARK + folded)}:*)"


def _either(parts: list[str | None]) -> str | None:
    kept = list(dict.fromkeys(p for p in parts if p))
    if not kept:
        return None
    return kept[0] if len(kept) == 1 else "(" + " | ".join(kept) + ")"


def _word(node, alternatives: bool) -> str | None:
    if isinstance(node, Term):
        if node.kind == "prefix":
            return _prefix(node.text)
        if node.kind == "exact":
            return _sequence(node.forms, FORM_MARK)
        if not node.lemmas:
            return None
        lemma = _sequence(node.lemmas)
        if alternatives and len(node.lemmas) == 1:  # the other probable readings both ways (as store.fts)
            only = node.lemmas[0]
            lemma = "(" + " | ".join([_lexeme(only), _lexeme(ALTERNATIVE_MARK + only), *map(_lexeme, node.alternatives)]) + ")"
        return _either([lemma, _sequence(node.name), _sequence(node.forms, FORM_MARK) if node.form_searched else None])
    return _sequence(node.forms, FORM_MARK) if node.exact else _either([_sequence(node.lemmas), _sequence(node.name)])


def _near_item(node, exact: bool) -> str | None:
    if isinstance(node, Term) and node.kind == "prefix":
        return _prefix(node.text)
    return _sequence(node.forms, FORM_MARK) if exact else _sequence(node.lemmas)


def _near(node: Near) -> str | None:
    """``a NEAR/k b``: tsquery's ``<d>`` asks for exactly d positions apart, in order, so each
    pair of neighbours is written as every distance up to k + 1, in both orders. A chain of
    three or more asks this of each neighbouring pair (FTS5 asks it of the whole clump)."""
    exact = any(isinstance(c, Term) and c.kind == "exact" or isinstance(c, Phrase) and c.exact for c in node.children)
    items = [item for item in (_near_item(child, exact) for child in node.children) if item]
    if len(items) < len(node.children):
        return None
    pairs = [" | ".join(f"{a} <{d}> {b}" for d in range(1, node.distance + 2) for a, b in ((left, right), (right, left)))
             for left, right in itertools.pairwise(items)]  # fmt: skip
    return "(" + pairs[0] + ")" if len(pairs) == 1 else "(" + " & ".join(f"({p})" for p in pairs) + ")"


def to_tsquery(node, alternatives: bool = True) -> str | None:
    """The tsquery text of an analysed query tree; None where nothing searchable is left. A lemma
    term also matches the words' other probable readings (``alternatives``), except where it is
    negated: a weaker reading of a word does not take its article out."""
    if isinstance(node, (Term, Phrase)):
        return _word(node, alternatives)
    if isinstance(node, Near):
        return _near(node)
    if isinstance(node, Not):
        return to_tsquery(node.child, alternatives=False)
    if isinstance(node, Group) and node.op == "OR":
        return _either([to_tsquery(c, alternatives) for c in node.children])
    positives = [p for p in (to_tsquery(c, alternatives) for c in node.children if not isinstance(c, Not)) if p]
    negatives = [p for p in (to_tsquery(c, alternatives) for c in node.children if isinstance(c, Not)) if p]
    if not positives:
        return None
    parts = positives + [f"!{n}" for n in negatives]
    return parts[0] if len(parts) == 1 else "(" + " & ".join(parts) + ")"


def _pairs(lemmas: list[str]) -> str | None:
    """Every neighbouring pair of ``lemmas`` as LEMMA_PAIRS lexemes, all required; None for one word."""
    pairs = list(dict.fromkeys(f"{a} {b}" for a, b in itertools.pairwise(lemmas) if a and b))
    return " & ".join(_lexeme(pair) for pair in pairs if len(pair.encode("utf-8")) <= MAX_LEXEME_BYTES) or None


def lemma_pairs(node) -> str | None:
    """A tsquery over LEMMA_PAIRS that every article matching the query tree ``node`` meets (its
    lemma phrases' neighbouring pairs), or None where it asks for no phrase of lemmas. It only
    narrows the candidates: the search's own tsquery still decides each match.

    >>> lemma_pairs(Phrase("ראש הממשלה", False, 0, ["ראש", "ממשלה"]))
    "'ראש ממשלה'"
    """
    if isinstance(node, Phrase) and node.exact or isinstance(node, Term) and (node.kind != "lemma" or node.form_searched):
        return None
    if isinstance(node, (Phrase, Term)):
        # the words' own lemmas or, where they read as a name, its words: either's pairs will do
        readings = [_pairs(words) for words in (node.lemmas, node.name) if words]
        if not readings or None in readings:
            return None
        return readings[0] if len(readings) == 1 else _either([f"({reading})" for reading in readings])
    if not isinstance(node, Group):  # NEAR asks for no order or distance the pairs know; NOT excludes
        return None
    parts = [lemma_pairs(child) for child in node.children if not isinstance(child, Not)]
    if node.op == "OR":
        return None if None in parts else _either([f"({part})" for part in parts])
    kept = list(dict.fromkeys(part for part in parts if part))
    return " & ".join(f"({part})" for part in kept) or None


def lone_lemma(expression: str) -> str | None:
    """The lemma that ``expression`` (a tsquery text) asks for alone, or None where it asks more.

    >>> lone_lemma(_lexeme("בית")), lone_lemma(_lexeme(FORM_MARK + "הבית")), lone_lemma("('בית' <-> 'גדול')")
    ('בית', None, None)
    """
    if len(expression) < 3 or expression[0] != "'" or expression[-1] != "'":
        return None
    word = expression[1:-1].replace("''", "'").replace("\\\\", "\\")
    if _lexeme(word) != expression or word[0] in (FORM_MARK, ALTERNATIVE_MARK):
        return None
    return word


def estimated_rows(db, where: str, params: list[object]) -> float:
    """The planner's estimate of the rows matching ``where`` (planned for these values)."""
    plan = db.execute(f"EXPLAIN (FORMAT JSON) SELECT rowid FROM articles WHERE {where}", params, prepare=False)
    return plan.fetchone()[0][0]["Plan"]["Plan Rows"]


def required_words(node, pairs: bool = True) -> str | None:
    """A tsquery of the words every article matching the tree ``node`` holds, in any order and at
    any distance (NEAR and phrases as plain AND, what NOT excludes left out), the search index
    answers it without reading a row. With ``pairs``, the words of a phrase with lemma pairs are
    left to those (every pair holds both words, and fewer articles hold it). None where no word
    is required."""
    if isinstance(node, Not):
        return None
    if isinstance(node, Group):
        parts = [required_words(child, pairs) for child in node.children]
        if node.op == "OR":
            return None if None in parts else _either(parts)
        kept = [part for part in parts if part]
        return None if not kept else kept[0] if len(kept) == 1 else "(" + " & ".join(kept) + ")"
    expression = None if pairs and lemma_pairs(node) else to_tsquery(node)
    return expression and _ORDERED.sub("&", expression)


def search_where(node, filters: Filters) -> tuple[str, list[object]]:
    """The WHERE clause of a search for the query tree ``node`` with ``filters``, and its parameters.

    A query with phrases of lemmas is asked in three parts: the words it requires from the search
    index, its phrases' neighbouring pairs from theirs (the two give few rows, none of them read),
    and the whole query checked on each row left. ``ts_match_vq`` is the ``@@`` operator as a
    function, which no index answers: as an index condition the phrase would make the bitmap scan
    recheck every condition of its indexes on each row, the pairs' expression included (100-300 µs
    a row, against a few µs for the vector)."""
    expression, pairs = to_tsquery(node), lemma_pairs(node)
    if pairs is None:
        return _where([(_WORDS_MATCH, expression)], filters)
    return _where([(_WORDS_MATCH, required_words(node)), (_PAIRS_MATCH, pairs),
                   ("ts_match_vq(search, %s::tsquery)", expression)], filters)  # fmt: skip


def estimated_candidates(db, node, filters: Filters) -> float:
    """The planner's estimate of the rows the indexes hand over for the tree ``node`` with
    ``filters``: those holding its words, or its phrases' pairs where it has them, whichever are
    fewer (the planner would multiply the shares of the two, which are anything but independent,
    and it takes a phrase's words as independent: "מערב גרמניה", 1,587 against 11,668); the
    phrases' words where neither is asked (a phrase beside a word under OR); infinite where
    nothing narrows them."""
    conditions = [(_WORDS_MATCH, required_words(node)), (_PAIRS_MATCH, lemma_pairs(node))]
    if not any(asked for _, asked in conditions):
        conditions = [(_WORDS_MATCH, required_words(node, pairs=False))]
    return min((estimated_rows(db, *_where([condition], filters)) for condition in conditions if condition[1]),
               default=math.inf)  # fmt: skip


def _where(conditions: list[tuple[str, str | None]], filters: Filters) -> tuple[str, list[object]]:
    """The WHERE clause of the search ``conditions`` (SQL with one tsquery parameter each; those
    without one are left out) and ``filters``, and its parameters."""
    where = [sql for sql, asked in conditions if asked]
    params: list[object] = [asked for _, asked in conditions if asked]
    if filters.outlets:
        where.append("outlet = ANY(%s)")
        params.append(list(filters.outlets))
    if filters.period.start:
        where.append("published_day >= %s")
        params.append(filters.period.start.isoformat())
    if filters.period.end:
        where.append("published_day <= %s")
        params.append(filters.period.end.isoformat())
    for name in filters.entities:
        where.append("EXISTS (SELECT 1 FROM jsonb_array_elements(entities::jsonb) m "
                     "WHERE %s IN (m->>'canonical', m->>'lemma', m->>'text'))")
        params.append(name)
    return " AND ".join(where), params

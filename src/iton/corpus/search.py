"""Search: analyse the query like the articles, rank with BM25, mark the hit in the original text."""

from __future__ import annotations

import math
import re
import threading
import weakref
from bisect import bisect_left
from collections import OrderedDict
from dataclasses import dataclass, field

from iton.corpus.article import Article
from iton.corpus.indexing import fold_token, index_document, name_reading
from iton.corpus.lexicon import IndexLexicon, relemmatize_index, store_lexicon
from iton.corpus.period import Period
from iton.corpus.query import (
    Filters,
    Phrase,
    Query,
    Term,
    describe,
    outlet_matches,
    parse_query,
)
from iton.corpus.store import Store
from iton.corpus.store.rows import SpacedTokens
from iton.errors import CorpusError, QueryError
from iton.morph.lexicon import UserLexicon

__all__ = ["SORTS", "Explanation", "Hit", "HitMaker", "SearchOptions", "explain", "hits_of", "ordered", "search",
           "searchable_query"]

# Index tokens around the matches shown in a snippet: about two lines of a terminal.
SNIPPET_TOKENS = 32
# Hits fetched per hit shown when near-duplicates are collapsed, so that a page stays full.
COLLAPSE_FETCH_FACTOR = 4
# Most hits one search returns: a bigger page is an export, not a search.
MAX_LIMIT = 1000
# BM25 scores every match before sorting: a query matching more articles than this (a very
# common word such as הוא in most articles) is ranked among its newest (last ingested) this
# many matches, which keeps it under ~25 ms at 100,000 articles on 2 cores instead of ~100 ms;
# any rarer query is ranked over all its matches.
MAX_RANKED_MATCHES = 20_000
# Query words whose analysis is remembered per pipeline: a server is asked the same few hundred
# words again and again, and the analysis (the model) is most of a search's CPU on a small corpus.
WORD_CACHE = 4096
# A query word's other reading is searched only where the corpus holds it, as a best reading, in
# at least this share of the articles that hold the word's best reading: a misread query word
# (בבתים read as בת "daughter") then finds the common word it stands for (בית), and a word read
# right does not bring in every article of a rarer word spelled alike (בבתים read as בית: not the
# articles about daughters). On UD HTB train with news-dev and the sample (eval/search_recall.py
# --corpus htb, 74 queries) every other reading searched added 21 wrong hits and 2 right ones with
# hspell, 183 right ones without; with this rule none with hspell and 181 right ones without.
OTHER_READING_SHARE = 1.0
# The first bound of those counts (then eight times more until they decide).
READING_COUNT = 1_000

_SPACE = re.compile(r"\s+")
# Whitespace that is not a lone space: where a snippet's text has none, it is written as it is.
_ODD_SPACE = re.compile(r"[^\S ]|  ")
_WORD = re.compile(r"\w")


# The orders hits come in: best first (BM25 / ts_rank), or newest first by publication date.
SORTS = ("relevance", "date")


@dataclass(slots=True)
class SearchOptions:
    """Settings of one search: filters (``outlets`` by prefix or domain, any of them; ``entities``
    each named in the article; ``since``/``until`` as Period reads them), the order (``sort``, one
    of SORTS), the hits after the first ``offset`` (no cap: pages go as deep as the matches),
    ``limit`` hits, ``collapse`` near-duplicates into their best hit (within the page), the ``mark``
    put around matched words in snippets, and the morphology ``engine`` for the query."""

    outlets: tuple[str, ...] = ()
    entities: tuple[str, ...] = ()
    since: str | None = None
    until: str | None = None
    limit: int = 10
    offset: int = 0
    sort: str = "relevance"
    collapse: bool = False
    mark: tuple[str, str] = ("[", "]")
    engine: str = "auto"

    def filters(self, store: Store) -> Filters:
        """The query filters of these options, checked (limit range, dates that parse, the sort),
        outlets resolved to the names ``store`` keeps (a name that matches none stays, matching nothing)."""
        if not 1 <= self.limit <= MAX_LIMIT:
            raise CorpusError(f"limit {self.limit} is out of range; give a number from 1 to {MAX_LIMIT}")
        if self.offset < 0:
            raise CorpusError(f"offset {self.offset} is negative; give 0 or more (hits to skip)")
        if self.sort not in SORTS:
            raise CorpusError(f"sort {self.sort!r} is not known; give one of {', '.join(SORTS)}")
        if isinstance(self.outlets, str) or isinstance(self.entities, str):
            raise CorpusError("outlets and entities are lists of names: give ('ynet',), not 'ynet'")
        wanted = tuple(o.strip() for o in self.outlets if o.strip())
        outlets = tuple(o for o in store.outlets() if outlet_matches(o, wanted)) if wanted else ()
        entities = tuple(" ".join(e.split()) for e in self.entities if e.strip())
        return Filters(Period.parse(self.since, self.until), outlets or wanted, entities)


@dataclass(slots=True)
class Hit:
    """One search result: the article's id and metadata, its BM25 score (higher is better), a
    snippet of the original text with matched words marked, which written forms matched each
    query word (``matches``), the lemma each query word was read as (``lemmas``, where it differs
    from the word), the ids of near-duplicates collapsed into it, and ``ranked_among`` when the
    query matched so many articles that only the newest were ranked: that many of them
    (MAX_RANKED_MATCHES on SQLite, fewer on PostgreSQL, whose ranking reads more per match)."""

    id: str
    score: float | None
    snippet: str
    matches: dict[str, list[str]]
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    url: str | None = None
    duplicates: list[str] = field(default_factory=list)
    lemmas: dict[str, str] = field(default_factory=dict)
    ranked_among: int | None = None

    def to_dict(self) -> dict:
        """The hit as plain data (``iton search --json`` and the HTTP API)."""
        return {
            "id": self.id, "score": None if self.score is None else round(self.score, 4), "snippet": self.snippet,
            "matches": self.matches,
            "query_lemmas": self.lemmas, "title": self.title, "outlet": self.outlet,
            "published": self.published, "url": self.url, "duplicates": self.duplicates,
            "ranked_among_newest": self.ranked_among,
        }  # fmt: skip


@dataclass(slots=True)
class Explanation:
    """What a query expands to, without running it: the tree, one line per word, and the
    expression the store backend runs (``compiled``; FTS5 for SQLite)."""

    query: str
    lines: list[str]
    compiled: str | None

    def text(self) -> str:
        """The explanation for people: the query, one line per word, the store's expression, the ranking."""
        from iton.corpus.store.postgres import MAX_RANKED_MATCHES as POSTGRES_RANKED

        ranking = (f"ranking: a lemma match weighs more than a written-form match (BM25 on SQLite, ts_rank on "
                   f"PostgreSQL); a query matching very many articles is ranked among its newest "
                   f"{MAX_RANKED_MATCHES:,} (SQLite) or {POSTGRES_RANKED:,} (PostgreSQL)")
        return "\n".join([f"query: {self.query}", *self.lines,
                          f"store query: {self.compiled or '(nothing searchable)'}", ranking])

    def to_dict(self) -> dict:
        """The explanation as plain data (``iton search --explain --json``)."""
        return {"query": self.query, "tree": self.lines, "compiled": self.compiled}


def analyse_query(text: str, engine: str = "auto", pipeline=None, filters: Filters = Filters(),
                  lexicon: UserLexicon | None = None, store: Store | None = None) -> Query:  # fmt: skip
    """Parse ``text`` and fill each word's lemmas and written forms by the article pipeline, the
    corpus's ``lexicon`` applied after it as ingest applies it to the articles, and a one-lemma
    word's other probable lemmas (none where the lexicon gave its lemma; with the ``store`` the
    query runs on, only those it holds as often as the best lemma: OTHER_READING_SHARE)."""
    query = parse_query(text, filters)
    pending = [w for w in query.words if not (isinstance(w, Term) and w.kind == "prefix")]
    to_analyse = [w for w in pending if not (isinstance(w, Term) and w.kind == "exact")]
    index_lexicon = IndexLexicon(lexicon) if lexicon is not None else None
    if to_analyse:
        for word, (lemmas, forms, spans, others, name) in zip(to_analyse,
                                                              _analysed_words(pipeline or _pipeline(engine),
                                                                              [w.text for w in to_analyse]),
                                                              strict=True):  # fmt: skip
            if index_lexicon:
                if len(name) == len(forms):  # the lexicon's readings win in the name too, as ingest applies it
                    name = relemmatize_index(list(name), list(forms), list(spans), index_lexicon)[0]
                lemmas, forms, spans, changed = relemmatize_index(list(lemmas), list(forms), list(spans), index_lexicon)
                others = () if changed else others
            word.lemmas, word.forms = list(lemmas), list(forms)
            if isinstance(word, Term) and len(lemmas) == 1:
                word.alternatives = _common_readings(store, lemmas[0], others) if store is not None else list(others)
            # the words read as a name, unless that is what is searched already
            searched = [word.lemmas, *([a] for a in (word.alternatives if isinstance(word, Term) else ()))]
            word.name = list(name) if list(name) not in searched else []
    for word in pending:
        if isinstance(word, Term) and word.kind == "exact" or isinstance(word, Phrase) and word.exact:
            word.forms = _written_forms(word.text)
    return query


def _common_readings(store: Store, lemma: str, others) -> list[str]:
    """The readings of ``others`` that ``store`` holds, as best readings, in at least
    OTHER_READING_SHARE of the articles that hold ``lemma``."""
    held: dict[int, int] = {}  # the lemma's count up to each bound, counted once for all readings
    return [other for other in others if _as_common(store, other, lemma, held)]


def _as_common(store: Store, other: str, lemma: str, held: dict[int, int]) -> bool:
    """Whether ``other`` is in at least OTHER_READING_SHARE of the articles of ``lemma`` (and in
    one). Both are counted only up to a bound that grows until it decides, since a rare reading
    of a common word is the usual case: counting a word in most of 1,000,000 articles through
    took PostgreSQL seconds."""
    bound = READING_COUNT
    while True:
        if bound not in held:
            held[bound] = _articles_reading(store, lemma, bound)
        needed = max(math.ceil(OTHER_READING_SHARE * held[bound]), 1)
        found = _articles_reading(store, other, needed)
        if held[bound] < bound or found < needed:  # the lemma's count is whole, or the reading fell short
            return found >= needed
        bound *= 8


def _articles_reading(store: Store, lemma: str, at_most: int) -> int:
    """Articles with a word whose best reading is ``lemma``, in the whole store, counted up to
    ``at_most``: a one-word lemma phrase, which never matches the words' other readings."""
    phrase = Phrase(lemma, exact=False, position=0, lemmas=[lemma])
    return store.count_matches(Query(lemma, phrase, [phrase]), at_most)


# pipeline -> {word: (lemmas, forms)}, least recently used first; the lock keeps one analysis of
# the pipeline at a time (server threads search at once) and the caches consistent.
_word_caches: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_word_lock = threading.Lock()


def _analysed_words(pipeline, texts: list[str]) -> list[tuple[tuple, tuple, tuple, tuple, tuple]]:
    """The index lemmas, forms, spans, other probable lemmas and name reading
    (:func:`iton.corpus.indexing.name_reading`) of each query word, each word analysed alone as
    the articles' words are indexed."""
    with _word_lock:
        try:
            cache = _word_caches.setdefault(pipeline, OrderedDict())
        except TypeError:  # a pipeline that cannot be weakly referenced: analysed each time
            cache = OrderedDict()
        missing = list(dict.fromkeys(t for t in texts if t not in cache))
        for text, doc in zip(missing, pipeline.analyze_many(missing), strict=True):
            indexed = index_document(doc, min_repeat=10**9)
            cache[text] = (tuple(indexed.lemmas), tuple(indexed.forms), tuple(indexed.spans),
                           tuple(lemma for _, lemma in indexed.alternatives), name_reading(doc))
        analysed = [cache[t] for t in texts]
        for text in texts:
            cache.move_to_end(text)
        while len(cache) > WORD_CACHE:
            cache.popitem(last=False)
        return analysed


def _written_forms(text: str) -> list[str]:
    """The index forms of the words of ``text`` as written: tokenized like the articles, so a
    trailing comma or niqqud does not stop an exact match."""
    from iton.document import PUNCT
    from iton.text.tokenize import tokenize

    return [fold_token(token.form) for token in tokenize(text) if token.kind != PUNCT and _WORD.search(token.form)]


def _pipeline(engine: str):
    from iton.pipeline import Options, load_pipeline

    return load_pipeline(Options(engine=engine, entities=False, alternatives=True))


def explain(store: Store, text: str, engine: str = "auto", pipeline=None) -> Explanation:
    """The expanded query, without searching.

    >>> from iton.corpus.store import SQLiteStore
    >>> from iton.pipeline import Options, load_pipeline
    >>> print(explain(SQLiteStore(), "=מטוסים", pipeline=load_pipeline(Options(engine="rules"))).compiled)
    index_forms : "מטוסים"
    """
    query = analyse_query(text, engine, pipeline, lexicon=store_lexicon(store), store=store)
    return Explanation(text, describe(query.tree), store.compiled(query))


def search(store: Store, text: str, options: SearchOptions | None = None, pipeline=None) -> list[Hit]:
    """The hits for a query in the order asked (best first by default; BM25 over lemmas and
    written forms), ``options.limit`` of them after the first ``options.offset``."""
    options = options or SearchOptions()
    return hits_of(store, searchable_query(store, text, options, pipeline), options)


def searchable_query(store: Store, text: str, options: SearchOptions, pipeline=None) -> Query:
    """``text`` parsed and analysed with the filters of ``options`` (and the corpus's lexicon);
    QueryError when nothing searchable is left."""
    query = analyse_query(text, options.engine, pipeline, options.filters(store), store_lexicon(store), store)
    if store.compiled(query) is None:
        raise QueryError(text, None, "no searchable word is left after normalization (only clitics, "
                         "punctuation or symbols)", "search for a content word")  # fmt: skip
    return query


def ordered(store: Store, query: Query, sort: str, offset: int,
            limit: int | None) -> tuple[list[tuple[int, float | None]], int | None]:  # fmt: skip
    """``(rowid, score)`` of ``limit`` matches (None: every one) after the first ``offset`` in the
    ``sort`` order, and how many newest matches were ranked when a very common query was cut
    (else None). By relevance, the ranked matches come first, best first; the older matches a
    cut left unranked follow, newest first, so no match is out of reach of paging or downloads.
    An unranked match (newest first, or past the cut) has no score: None."""
    if sort == "date":
        return [(rowid, None) for rowid in store.by_date(query, limit, offset)], None
    ranking = store.search(query, MAX_RANKED_MATCHES if limit is None else limit, MAX_RANKED_MATCHES, offset)
    hits = ranking.hits
    if ranking.cut and (limit is None or len(hits) < limit):
        rest = None if limit is None else limit - len(hits)
        older = store.by_date(query, rest, max(0, offset - ranking.among), up_to=ranking.cutoff)
        return [*hits, *((rowid, None) for rowid in older)], ranking.among
    return hits, ranking.among if ranking.cut else None


def hits_of(store: Store, query: Query, options: SearchOptions) -> list[Hit]:
    """The hits of an analysed query for ``options`` (order, offset, limit, collapse, mark)."""
    fetch = options.limit * (COLLAPSE_FETCH_FACTOR if options.collapse else 1)
    ranked, among = ordered(store, query, options.sort, options.offset, fetch)
    groups: dict[int, list[int]] = {}
    order: list[int] = []
    if options.collapse:
        roots = store.roots([rowid for rowid, _ in ranked])
        for rowid, _ in ranked:
            key = roots.get(rowid, -rowid)
            if key in groups:
                groups[key].append(rowid)
            else:
                groups[key] = [rowid]
                order.append(rowid)
        order = order[: options.limit]
    else:
        order = [rowid for rowid, _ in ranked]
    scores = dict(ranked)
    articles = store.get_rows(order, "hit")  # what a Hit is made of, as downloads read it
    collapsed: dict[int, list[int]] = {members[0]: members[1:] for members in groups.values()}
    others = store.get_rows([r for rows in collapsed.values() for r in rows], "metadata") if collapsed else {}
    describe_hit = HitMaker(query, options.mark)
    return [describe_hit(articles[rowid], scores[rowid], [others[r].id for r in collapsed.get(rowid, [])], among)
            for rowid in order]


class HitMaker:
    """Builds the Hit of a matching article: its snippet and matched forms for one analysed query."""

    def __init__(self, query: Query, mark: tuple[str, str] = ("[", "]")) -> None:
        self.words = query.positive_words()
        self.lemmas = {w.label: " ".join(w.lemmas) for w in self.words
                       if w.lemmas and " ".join(w.lemmas) != w.text}  # fmt: skip
        self.mark = mark

    def __call__(self, article: Article, score: float | None, duplicates: list[str] | None = None,
                 among: int | None = None) -> Hit:  # fmt: skip
        positions, matches = match_positions(article, self.words)
        return Hit(
            id=article.id, score=score, snippet=snippet(article, positions, self.mark),
            matches=matches, title=article.title, outlet=article.outlet, published=article.published,
            url=article.url, duplicates=duplicates or [], lemmas=self.lemmas, ranked_among=among,
        )  # fmt: skip

    def snippet(self, article: Article) -> str:
        """The snippet of a matching article alone (what a download's row shows)."""
        return snippet(article, match_positions(article, self.words, written_forms=False)[0], self.mark)


def match_positions(article: Article, words: list,
                    written_forms: bool = True) -> tuple[dict[int, int], dict[str, list[str]]]:  # fmt: skip
    """Index positions a query's words matched in ``article`` (position -> word number) and, per
    query word, the written forms (original spelling) that matched it (left empty without
    ``written_forms``: a download's rows show the snippet only)."""
    positions: dict[int, int] = {}
    matches: dict[str, list[str]] = {}
    lemmas, forms = SpacedTokens.of(article.lemmas), SpacedTokens.of(article.forms)
    text = article.text if written_forms else ""
    for number, word in enumerate(words):
        found: list[int] = []
        if isinstance(word, Term) and word.kind == "prefix":
            prefix = fold_token(word.text)
            found = sorted({*lemmas.positions(prefix, prefix=True), *forms.positions(prefix, prefix=True)})
        elif isinstance(word, Term) and len(word.lemmas if word.kind != "exact" else word.forms) == 1:
            if word.kind == "exact":
                found = forms.positions(word.forms[0])
            else:
                lemma, form = word.lemmas[0], word.forms[0]
                # the other readings and the name count as the index matches them
                found = sorted({*(i for i, other in article.alternatives if other == lemma), *forms.positions(form),
                                *(i for reading in {lemma, *word.alternatives, *word.name}
                                  for i in lemmas.positions(reading))})  # fmt: skip
        else:
            exact = (isinstance(word, Phrase) and word.exact) or (isinstance(word, Term) and word.kind == "exact")
            for sequence in ([word.forms] if exact else [word.lemmas, word.name]):
                for i in (forms if exact else lemmas).runs(sequence) if sequence else ():
                    found.extend(range(i, i + len(sequence)))
            found = sorted(set(found))
        if not written_forms:
            for i in found:
                positions.setdefault(i, number)
            continue
        written: list[str] = []
        for i in found:
            positions.setdefault(i, number)
            start, end = article.spans[i]
            if text[start:end] not in written:
                written.append(text[start:end])
        matches[word.label] = written
    return positions, matches


def snippet(article: Article, positions: dict[int, int], mark: tuple[str, str] = ("[", "]"),
            size: int = SNIPPET_TOKENS) -> str:  # fmt: skip
    """A window of the original text around the densest run of matches, matches marked."""
    spans, text = article.spans, article.text
    if not spans:
        return " ".join(text.split())[: size * 6]
    n = len(spans)
    best_start, best_key = 0, (-1, -1)
    matched = sorted(positions)
    for position in matched:
        start = max(0, position - size // 4)
        # the matched positions in [start, start + size), in order
        inside = matched[bisect_left(matched, start) : bisect_left(matched, min(n, start + size))]
        window = [positions[i] for i in inside]
        key = (len(set(window)), len(window))
        if key > best_key:
            best_start, best_key = start, key
    stop = min(n, best_start + size)
    # Marks made of control characters (the web pages' \x02 and \x03) could not be told from the
    # same characters in the text, which would open or close a mark: those are dropped from the text.
    hidden = [m for m in mark if m and not m.isprintable() and m in text]
    # The window's text is cut whole and only its matched words are marked: a token holds no
    # whitespace (iton.text.tokenize), so squeezing each piece's whitespace to one space squeezes
    # the gaps between words and leaves the words as written.
    parts = ["…" if best_start > 0 else ""]
    at, window_end = spans[best_start][0], spans[stop - 1][1]
    for i in matched[bisect_left(matched, best_start) : bisect_left(matched, stop)]:
        start, end = spans[i]
        parts += [_squeezed(text[at:start], hidden), mark[0], _without(text[start:end], hidden), mark[1]]
        at = end
    parts.append(_squeezed(text[at:window_end], hidden))
    tail = _without(text[window_end : window_end + 1], hidden)
    if tail.strip() and not tail.isalnum():
        parts.append(tail)
    parts.append("…" if stop < len(spans) else "")
    return "".join(parts).strip()


def _squeezed(text: str, hidden: list[str]) -> str:
    """``text`` without the ``hidden`` marks, each run of whitespace made one space."""
    text = _without(text, hidden)
    return _SPACE.sub(" ", text) if _ODD_SPACE.search(text) else text


def _without(text: str, marks: list[str]) -> str:
    for mark in marks:
        text = text.replace(mark, "")
    return text

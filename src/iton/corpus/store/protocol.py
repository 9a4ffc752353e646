"""What the corpus asks of a store: the contract each backend (SQLite, PostgreSQL) fulfils."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from iton.corpus.article import Article
from iton.corpus.query import Query
from iton.morph.lexicon import LexiconEntry

__all__ = ["Ranking", "Store"]


@dataclass(slots=True)
class Ranking:
    """Search hits as a backend ranks them: ``(rowid, score)`` best first (higher is better;
    None: a match the ranking gave no score, listed after the scored ones),
    and ``cut`` when the query matched more articles than were ranked: only the newest were,
    ``among`` of them (a backend may rank fewer than it was asked to); ``cutoff`` is then the
    highest rowid of the matches left unranked (they all have rowids up to it)."""

    hits: list[tuple[int, float | None]]
    cut: bool = False
    among: int = 0
    cutoff: int = 0


@runtime_checkable
class Store(Protocol):
    """Everything the corpus asks of a store.

    Articles are addressed by their id (given at ingest) and by an integer row id that grows
    with each insert (so a higher row id is a newer article). Queries arrive as parsed trees
    (:class:`~iton.corpus.query.Query`, words already analysed, filters typed); each backend
    compiles them into its own search syntax, which never leaves the backend.
    """

    path: str
    applied: list[str]  # the migrations that opening this store applied

    # -- schema
    def migrations(self) -> list[str]:
        """Names of the named migrations applied to this store, in order (opening applies the missing)."""
        ...

    # -- articles
    def transaction(self) -> AbstractContextManager:
        """One write transaction: everything inside commits together or not at all (nested: the outer decides)."""
        ...

    def states(self, ids: Sequence[str]) -> dict[str, tuple[int, str]]:
        """``{id: (rowid, content_hash)}`` of the ids already stored (any number of ids)."""
        ...

    def upsert(self, article: Article) -> tuple[int, bool]:
        """Insert the article or replace the one with its id; ``(rowid, added)``. Sets the times."""
        ...

    def get(self, article_id: str) -> Article | None:
        """The article with this id, every field as upserted, ``rowid`` and times filled."""
        ...

    def get_rows(self, rowids: Sequence[int], part: str = "whole") -> dict[int, Article]:
        """``{rowid: article}`` of the row ids that exist (any number of them); ``part``, what is
        read (rows.ROW_PARTS): "whole"; "hit", the metadata (rows.METADATA_COLUMNS) with the text
        and the index tokens (lemmas, forms, spans, alternatives), what a hit's snippet needs;
        "analysis", every field but the text, its written forms, spans and other
        readings; "metadata", no text or tokens either (what a list of many articles needs, read
        many times faster). What is not read is left empty."""
        ...

    def count(self) -> int:
        """The number of stored articles."""
        ...

    def version(self) -> tuple:
        """A value that changes whenever an article is added, changed or removed."""
        ...

    def iter_articles(self, part: str = "whole") -> Iterator[Article]:
        """Every article in rowid order, streamed; ``part`` as in :meth:`get_rows`."""
        ...

    def iter_matches(self, query: Query) -> Iterator[Article]:
        """Every article that matches an analysed query tree and its filters, in rowid order,
        streamed and unranked (nothing cut: export reads all of them)."""
        ...

    # -- search
    def search(self, query: Query, limit: int, newest: int, offset: int = 0) -> Ranking:
        """The ``limit`` matches after the best ``offset`` of an analysed query tree and its
        filters, best first (ties: lower rowid first), ranked among the ``newest`` matches with the
        highest rowids, or fewer where the backend ranks fewer (``cut`` when there were more,
        ``among`` how many were ranked, ``cutoff`` the highest rowid left unranked).
        Word terms match the lemma or the written form (the lemma weighing more), ``exact``
        terms and phrases only written forms, ``prefix`` terms either; an outlet filter keeps
        any of the outlets (exact names), an entity filter articles naming every entity; the
        period compares ``Article.published_day``."""
        ...

    def count_matches(self, query: Query, at_most: int | None = None) -> int:
        """How many articles match an analysed query tree and its filters (all of them, nothing
        cut); with ``at_most``, counting stops there."""
        ...

    def by_date(self, query: Query, limit: int | None, offset: int = 0, up_to: int = 0) -> list[int]:
        """Rowids of the ``limit`` matches (None: every one) after the first ``offset``, newest
        first: publication day, then the latest ingested, undated last; unranked (no score);
        ``up_to`` keeps only rowids up to it (the matches a cut ranking left out)."""
        ...

    def outlets(self) -> list[str]:
        """The distinct outlet names of the stored articles, sorted (filters match them by prefix or domain)."""
        ...

    def compiled(self, query: Query) -> str | None:
        """The query in the backend's own syntax, for --explain; None when nothing searchable is left."""
        ...

    # -- the corpus's user lexicon (iton lexicon): forms and the lemmas a newsroom gives them
    def lexicon(self) -> list[LexiconEntry]:
        """Every entry of the corpus's lexicon, by form."""
        ...

    def put_lexicon(self, entries: Iterable[LexiconEntry]) -> None:
        """Add the entries, each replacing the one with its form."""
        ...

    def remove_lexicon(self, forms: Sequence[str]) -> list[str]:
        """Drop the entries of ``forms``; returns the forms that were there."""
        ...

    # -- near-duplicates: LSH band keys, similar pairs, and groups rooted at their lowest rowid
    def add_bands(self, rows: Iterable[tuple[int, int, int]]) -> None:
        """Record ``(band, key, rowid)`` LSH band keys."""
        ...

    def add_article_bands(self, rowid: int, keys: Sequence[tuple[int, int]], limit: int) -> list[int]:
        """Record ``rowid``'s ``(band, key)`` LSH band keys; returns the other rows sharing one with it,
        most shared keys first (then the oldest), at most ``limit``."""
        ...

    def has_bands_below(self, band: int) -> bool:
        """Whether any LSH band key has a band number under ``band`` (written by an older scheme)."""
        ...

    def signatures(self, rowids: Sequence[int]) -> dict[int, bytes]:
        """``{rowid: minhash}`` of the rows that have one."""
        ...

    def iter_signatures(self) -> Iterator[tuple[int, bytes]]:
        """``(rowid, minhash)`` of every row that has one, in rowid order, streamed."""
        ...

    def forget_duplicates(self, rowid: int) -> None:
        """Drop the band keys and pairs of a changed row and regroup the rest of its group."""
        ...

    def add_pair(self, article: int, other: int, similarity: float) -> None:
        """Record a similar pair and join both rows' groups (the root: the lowest rowid)."""
        ...

    def pairs_of(self, rowid: int) -> list[tuple[int, int, float]]:
        """The pairs ``(article, other, similarity)`` that include ``rowid``."""
        ...

    def roots(self, rowids: Sequence[int]) -> dict[int, int]:
        """``{rowid: root}`` of the rows that are in a group."""
        ...

    def groups(self) -> dict[int, list[int]]:
        """``{root: members in rowid order}`` of every group."""
        ...

    def clear_duplicates(self) -> None:
        """Drop every band key, pair and group (before a rebuild)."""
        ...

    def close(self) -> None:
        """Release the connection."""
        ...

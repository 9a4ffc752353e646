"""The Python API of a news corpus: ``iton.Corpus(path)`` to ingest, search, get, dedupe, export."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import Self, TextIO

from iton.corpus.article import Article
from iton.corpus.duplicates import DuplicateGroup, duplicate_groups, rebuild_stale_bands, rebuild_duplicates
from iton.corpus.export import export
from iton.corpus.ingest import IngestOptions, IngestSummary, ingest
from iton.corpus.query import Query
from iton.corpus.results import (
    Comparison,
    ResultPage,
    compare_queries,
    download_lines,
    result_order,
    search_page,
)
from iton.corpus.search import Explanation, Hit, SearchOptions, explain, search
from iton.corpus.store import open_store

__all__ = ["DEFAULT_DB", "Corpus"]

# The store used when no path is given: a SQLite file in the working directory.
DEFAULT_DB = "iton.db"


class Corpus:
    """A news corpus in one store (a SQLite file by default).

    >>> corpus = Corpus(":memory:")
    >>> corpus.ingest(["src/iton/corpus/sample/news.jsonl"]).added  # doctest: +SKIP
    30
    >>> [hit.id for hit in corpus.search("מטוסים")]  # doctest: +SKIP
    ['sample-03', ...]
    """

    def __init__(self, path: str | os.PathLike = DEFAULT_DB, engine: str = "auto", pipeline=None) -> None:
        self.path = str(path)
        self.engine = engine
        self.store = open_store(self.path)
        rebuild_stale_bands(self.store)
        self._pipeline = pipeline

    def ingest(self, sources: str | os.PathLike | Iterable[str | os.PathLike],
               options: IngestOptions | None = None) -> IngestSummary:  # fmt: skip
        """Read ``sources`` (files, directories, globs, URLs of feeds) into the corpus."""
        if isinstance(sources, (str, os.PathLike)):
            sources = [sources]
        options = options or IngestOptions(engine=self.engine)
        return ingest(self.store, sources, options, self._pipeline)

    def search(self, query: str, options: SearchOptions | None = None, **settings) -> list[Hit]:
        """Ranked hits for ``query``; ``settings`` override fields of SearchOptions
        (``limit=5, outlets=("ynet",), sort="date", collapse=True``)."""
        options = replace(options or SearchOptions(engine=self.engine), **settings)
        return search(self.store, query, options, self._pipeline)

    def search_page(self, query: str, options: SearchOptions | None = None, **settings) -> ResultPage:
        """The total matches of ``query`` and one page of hits (``offset``, ``limit``, ``sort``
        "relevance" or "date"; ``settings`` override fields of SearchOptions)."""
        options = replace(options or SearchOptions(engine=self.engine), **settings)
        return search_page(self.store, query, options, self._pipeline)

    def download(self, query: str, format: str = "csv", options: SearchOptions | None = None,
                 **settings) -> Iterator[str]:  # fmt: skip
        """Every match of ``query`` (with the filters and sort of the options) as CSV or JSON Lines
        text, streamed: rank, id, published, outlet, title, url, score, and the snippet unless
        ``snippets=False`` is among ``settings`` (much faster for many matches: no text is read)."""
        snippets = settings.pop("snippets", True)
        options = replace(options or SearchOptions(engine=self.engine), **settings)
        analysed, order = self.result_order(query, options)
        return download_lines(lambda read: read(self.store), analysed, order, format, options.mark, snippets)

    def result_order(self, query: str, options: SearchOptions) -> tuple[Query, list[tuple[int, float | None]]]:
        """The analysed query and ``(rowid, score)`` of every match in the order of ``options.sort``."""
        return result_order(self.store, query, options, self._pipeline)

    def compare(self, first: str, second: str, options: SearchOptions | None = None, **settings) -> Comparison:
        """How many articles each query matches (with the filters of the options) and how many both."""
        options = replace(options or SearchOptions(engine=self.engine), **settings)
        return compare_queries(self.store, first, second, options, self._pipeline)

    def explain(self, query: str) -> Explanation:
        """What ``query`` expands to (lemmas, written forms, the store's expression), without running it."""
        return explain(self.store, query, self.engine, self._pipeline)

    def get(self, article_id: str) -> Article | None:
        """The stored article with this id (the one given at ingest), or None."""
        return self.store.get(article_id)

    def duplicates(self, rebuild: bool = False) -> list[DuplicateGroup]:
        """Near-duplicate groups with each member's reason; ``rebuild`` recomputes them first."""
        if rebuild:
            rebuild_duplicates(self.store)
        return duplicate_groups(self.store)

    def export(self, out: str | os.PathLike | TextIO | None = None, format: str = "jsonl", keep=None,
               query: str | None = None) -> int:  # fmt: skip
        """Write every article (metadata, text, normalized form, meta, provenance) as jsonl, csv or
        parquet; ``keep``: a test of each article (a period, outlets), when only some are wanted;
        ``query``: only the articles that match it as a search would (all of them, unranked)."""
        from iton.corpus.lexicon import store_lexicon
        from iton.corpus.search import analyse_query

        analysed = None if query is None else analyse_query(query, self.engine, self._pipeline,
                                                            lexicon=store_lexicon(self.store), store=self.store)  # fmt: skip
        return export(self.store, out, format, keep, analysed)

    def __len__(self) -> int:
        return self.store.count()

    def close(self) -> None:
        """Close the store (leaving a ``with`` block does it)."""
        self.store.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

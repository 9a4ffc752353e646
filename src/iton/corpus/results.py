"""A query's results as a whole: the total with one page of hits, every match streamed for a
download (CSV or JSON Lines, never cut), and two queries compared by their counts and overlap."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace

from iton.corpus.query import Group, Query
from iton.corpus.search import (
    Hit,
    HitMaker,
    SearchOptions,
    hits_of,
    ordered,
    searchable_query,
)
from iton.corpus.store import Store
from iton.jsonlines import json_line

__all__ = ["DOWNLOAD_COLUMNS", "DOWNLOAD_FORMATS", "Comparison", "ResultPage", "compare_queries", "download_lines",
           "result_order", "search_page"]

# Articles read per round trip while a download streams: the rows of one chunk are in memory at once.
DOWNLOAD_CHUNK = 500
DOWNLOAD_FORMATS = ("csv", "jsonl")
DOWNLOAD_COLUMNS = ("rank", "id", "published", "outlet", "title", "url", "score", "snippet")
# Excel opens a UTF-8 CSV as UTF-8 (Hebrew readable, not mojibake) only when it starts with the byte order mark.
CSV_BOM = "\ufeff"


@dataclass(slots=True)
class ResultPage:
    """One page of a search: ``total`` matches of the query with its filters (all of them, nothing
    cut), the ``hits`` after the first ``offset`` in the ``sort`` order, ``limit`` per page."""

    query: str
    total: int
    offset: int
    limit: int
    sort: str
    hits: list[Hit] = field(default_factory=list)

    @property
    def page(self) -> int:
        """The number of this page, from 1."""
        return self.offset // self.limit + 1

    @property
    def pages(self) -> int:
        """How many pages of ``limit`` hold every match."""
        return max(1, -(-self.total // self.limit))

    def to_dict(self) -> dict:
        """The page as plain data (the HTTP API and ``iton search --json``'s summary)."""
        return {"query": self.query, "total": self.total, "sort": self.sort, "offset": self.offset,
                "limit": self.limit, "page": self.page, "pages": self.pages,
                "hits": [h.to_dict() for h in self.hits]}  # fmt: skip


def search_page(store: Store, text: str, options: SearchOptions, pipeline=None) -> ResultPage:
    """The total number of matches of ``text`` with the filters of ``options`` and the page of
    hits ``options`` asks for (its sort, offset and limit)."""
    query = searchable_query(store, text, options, pipeline)
    total = store.count_matches(query)
    hits = hits_of(store, query, options) if options.offset < total else []
    return ResultPage(text, total, options.offset, options.limit, options.sort, hits)


def result_order(store: Store, text: str, options: SearchOptions,
                 pipeline=None) -> tuple[Query, list[tuple[int, float | None]]]:  # fmt: skip
    """The analysed query and ``(rowid, score)`` of every match in the ``options.sort`` order:
    the pages of a search one after another, without a cap (offset and limit are ignored)."""
    query = searchable_query(store, text, replace(options, offset=0), pipeline)
    return query, ordered(store, query, options.sort, 0, None)[0]


def download_lines(read: Callable, query: Query, order: Sequence[tuple[int, float | None]], fmt: str,
                   mark: tuple[str, str] = ("[", "]"), snippets: bool = True) -> Iterator[str]:  # fmt: skip
    """Every match of ``order`` as CSV or JSON Lines text, a header first (CSV: after the byte
    order mark), streamed DOWNLOAD_CHUNK articles at a time; ``read(fn)`` runs ``fn(store)``
    over a store connection the calling thread may use (a server streams from its worker threads).
    Without ``snippets`` the rows have no snippet column and the articles' text is not read: most
    of a large download's time is reading the text and cutting the snippets."""
    if fmt not in DOWNLOAD_FORMATS:
        raise ValueError(f"download format {fmt!r} is not known; give one of {', '.join(DOWNLOAD_FORMATS)}")
    describe_hit = HitMaker(query, mark)
    part = "hit" if snippets else "metadata"  # what a row of the download is made of
    columns = DOWNLOAD_COLUMNS if snippets else DOWNLOAD_COLUMNS[:-1]
    if fmt == "csv":
        yield CSV_BOM + _csv_line(columns)
    for start in range(0, len(order), DOWNLOAD_CHUNK):
        chunk = order[start : start + DOWNLOAD_CHUNK]
        articles = read(lambda store, rows=chunk: store.get_rows([rowid for rowid, _ in rows], part))
        records = []
        for rank, (rowid, score) in enumerate(chunk, start + 1):
            article = articles[rowid]
            record = (rank, article.id, article.published, article.outlet, article.title, article.url,
                      None if score is None else round(score, 4))  # fmt: skip
            if snippets:
                record += (describe_hit.snippet(article),)
            records.append(record)
        yield _csv_lines(records) if fmt == "csv" else "".join(json_line(dict(zip(columns, r))) + "\n" for r in records)


def _csv_line(values) -> str:
    """One CSV record (quotes, commas and line breaks inside a field escaped by the csv module)."""
    return _csv_lines([values])


def _csv_lines(records) -> str:
    """CSV records, one writer for all of them (the csv module writes None as an empty field)."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(records)
    return out.getvalue()


@dataclass(frozen=True, slots=True)
class Comparison:
    """Two queries side by side: the articles each matches (with the same filters) and those both match."""

    first: str
    second: str
    first_total: int
    second_total: int
    both: int

    def to_dict(self) -> dict:
        """The comparison as plain data: each query's total, the overlap and what only one matches."""
        return {"first": {"query": self.first, "total": self.first_total, "only": self.first_total - self.both},
                "second": {"query": self.second, "total": self.second_total, "only": self.second_total - self.both},
                "both": self.both}  # fmt: skip


def compare_queries(store: Store, first: str, second: str, options: SearchOptions, pipeline=None) -> Comparison:
    """How many articles each query matches, with the filters of ``options``, and how many match both."""
    a = searchable_query(store, first, options, pipeline)
    b = searchable_query(store, second, options, pipeline)
    both = Query(f"({first}) AND ({second})", Group("AND", [a.tree, b.tree]), a.words + b.words, a.filters)
    return Comparison(first, second, store.count_matches(a), store.count_matches(b), store.count_matches(both))

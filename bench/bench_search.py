"""Benchmarks the search explorer on a large store: total with the first page, a deep page, the
comparison of two queries and the download of every match.

    python bench/bench_search.py [--articles 100000] [--folder bench/out/store] [--queries 30]
        [--backend sqlite|postgres] [--postgres URL] [--engine auto] [--reuse]

The store is the one bench/bench_store.py fills (real Hebrew sentences analysed once, articles
written pre-normalized; the same file name, so a store filled by either bench is reused with
--reuse). Queries are one-word queries drawn from the pool's own words, so frequent words are
asked as often as they occur. End to end in Python as the API runs them (query analysis by the
model, the store, loading the hits, snippets); the HTTP layer is not in it.

Prints one ``name=value`` line per figure, prefixed by the backend (``sqlite_``, ``postgres_``):
``page_<sort>_median_ms`` and ``page_<sort>_max_ms`` (total and first page of 20 hits, by
relevance and by date, over --queries words); for the word with most matches among them
(``common_matches``): ``common_page_<sort>_ms`` (its total and first page), ``deep_page_<sort>_ms``
(the page halfway through its matches), ``download_common_first_byte_ms`` and
``download_common_seconds`` (every match as CSV, by relevance, read to the end;
``download_common_cpu_seconds``, this process's CPU time for it; ``download_common_rows``), the
same without snippets (``download_common_no_snippets_*``), the same for the word of median
matches (``download_median_*``), and
``compare_median_ms``/``compare_max_ms`` (two of the words: totals and overlap).
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from bench_store import figure, make_queries, one_store, one_store_arguments

# Hits on a page: the search page's own size (web/pages.py SEARCH_PAGE_HITS).
PAGE_HITS = 20


def timed(action) -> tuple[float, object]:
    """Milliseconds ``action()`` took, and what it returned."""
    started = time.perf_counter()
    result = action()
    return (time.perf_counter() - started) * 1000, result


def measure(name: str, store, words: list[str], pipeline) -> None:
    from iton.corpus.results import (
        compare_queries,
        download_lines,
        result_order,
        search_page,
    )
    from iton.corpus.search import SORTS, SearchOptions

    def page(word: str, sort: str, offset: int = 0):
        return search_page(store, word, SearchOptions(limit=PAGE_HITS, sort=sort, offset=offset), pipeline)

    for word in words[:5]:  # warm the caches (query words, the store's pages)
        page(word, "relevance")
    totals = {}
    for sort in SORTS:
        times = []
        for word in words:
            elapsed, result = timed(lambda w=word, s=sort: page(w, s))
            times.append(elapsed)
            totals[word] = result.total
        figure(f"{name}_page_{sort}_median_ms", statistics.median(times))
        figure(f"{name}_page_{sort}_max_ms", max(times))
    common = max(words, key=lambda w: totals[w])
    figure(f"{name}_common_matches", totals[common])
    for sort in SORTS:
        figure(f"{name}_common_page_{sort}_ms", timed(lambda s=sort: page(common, s))[0])
        deep = totals[common] // 2 // PAGE_HITS * PAGE_HITS
        elapsed, result = timed(lambda s=sort, d=deep: page(common, s, d))
        assert len(result.hits) == min(PAGE_HITS, totals[common] - deep)
        figure(f"{name}_deep_page_{sort}_ms", elapsed)
    typical = sorted(words, key=lambda w: totals[w])[len(words) // 2]
    for (label, word), snippets in itertools.product((("common", common), ("median", typical)), (True, False)):
        prefix = f"{name}_download_{label}" + ("" if snippets else "_no_snippets")
        started, cpu_started = time.perf_counter(), time.process_time()
        query, order = result_order(store, word, SearchOptions(), pipeline)
        lines = download_lines(lambda fn: fn(store), query, order, "csv", snippets=snippets)
        next(lines)  # the header: what a client gets first (the order is read before it)
        first_byte = (time.perf_counter() - started) * 1000
        rows = sum(chunk.count("\r\n") for chunk in lines)  # a snippet never holds a line break: one per row
        figure(f"{prefix}_first_byte_ms", first_byte)
        figure(f"{prefix}_seconds", time.perf_counter() - started)
        figure(f"{prefix}_cpu_seconds", time.process_time() - cpu_started)  # this process alone: a shared machine
        figure(f"{prefix}_rows", rows)
        assert rows == totals[word], (rows, totals[word])
    times = [timed(lambda a=a, b=b: compare_queries(store, a, b, SearchOptions(), pipeline))[0]
             for a, b in zip(words[::2], words[1::2], strict=False)]  # fmt: skip
    figure(f"{name}_compare_median_ms", statistics.median(times))
    figure(f"{name}_compare_max_ms", max(times))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    one_store_arguments(parser, queries=30)
    args = parser.parse_args(argv)

    from iton.pipeline import Options, load_pipeline

    with one_store(args, parser) as (store, pool):
        words = make_queries(pool, args.queries, args.seed)["word"]
        # query words analysed as search analyses them: with their other probable readings
        measure(args.backend, store, words, load_pipeline(Options(engine=args.engine, entities=False, alternatives=True)))
    return 0

if __name__ == "__main__":
    sys.exit(main())

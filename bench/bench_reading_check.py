"""Benchmarks the corpus check of a query word's other readings on a large store: how long search
takes to count, for each query word the model gives other readings, the articles of its best
lemma and of each other reading (``iton.corpus.search.OTHER_READING_SHARE``).

    python bench/bench_reading_check.py [--articles 100000] [--folder bench/out/store] [--queries 200]
        [--backend sqlite|postgres] [--postgres URL] [--engine auto] [--reuse]

The store is the one bench/bench_store.py and bench/bench_search.py fill (the same file name, so
a store filled by any of them is reused with --reuse). The query words are one-word queries drawn
from the pool's own words; those the model gives an other reading are timed, the rest skipped.
Prints one ``name=value`` line per figure, prefixed by the backend: ``words_with_readings`` (of
--queries), ``check_median_ms`` and ``check_max_ms`` (the counts of one word), and
``readings_kept`` (other readings the check kept, of ``readings_given``).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from bench_store import analysed_pool, figure, fill, make_queries


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--folder", type=Path, default=Path("bench/out/store"))
    parser.add_argument("--queries", type=int, default=200, help="one-word queries (most have no other reading)")
    parser.add_argument("--backend", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--postgres", help="a database URL (default: a throwaway server for this run)")
    parser.add_argument("--engine", default="auto")
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--reuse", action="store_true", help="measure the store a previous run filled")
    args = parser.parse_args(argv)

    from iton.corpus.search import _common_readings, analyse_query
    from iton.corpus.store import SQLiteStore
    from iton.pipeline import Options, load_pipeline

    server = None
    try:
        if args.backend == "sqlite":
            args.folder.mkdir(parents=True, exist_ok=True)
            store = SQLiteStore(str(args.folder / f"store-{args.articles}.db"))
        else:
            from iton.corpus.store.postgres import PostgresStore

            url = args.postgres
            if url is None:
                sys.path.insert(0, str(ROOT / "tests"))
                from postgres_server import Server, server_binaries

                server = Server(server_binaries())
                url = server.url(server.create_database())
            store = PostgresStore(url)
        pool = analysed_pool(args.engine, args.seed)
        if not args.reuse or store.count() != args.articles:
            if store.count():
                parser.error(f"{store.path} holds {store.count():,} articles; give an empty store or --reuse")
            figure(f"{args.backend}_fill_articles_per_s", fill(store, pool, args.articles, args.seed))
        figure(f"{args.backend}_articles", store.count())
        pipeline = load_pipeline(Options(engine=args.engine, entities=False, alternatives=True))
        words = list(dict.fromkeys(make_queries(pool, args.queries, args.seed)["word"]))
        given = [(w.lemmas[0], w.alternatives) for word in words
                 for w in analyse_query(word, args.engine, pipeline).words if w.alternatives]  # fmt: skip
        times, kept = [], 0
        for lemma, others in given:
            started = time.perf_counter()
            kept += len(_common_readings(store, lemma, others))
            times.append((time.perf_counter() - started) * 1000)
        figure(f"{args.backend}_words_with_readings", len(given))
        figure(f"{args.backend}_readings_given", sum(len(others) for _, others in given))
        figure(f"{args.backend}_readings_kept", kept)
        if times:
            figure(f"{args.backend}_check_median_ms", statistics.median(times))
            figure(f"{args.backend}_check_max_ms", max(times))
        store.close()
    finally:
        if server is not None:
            server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())

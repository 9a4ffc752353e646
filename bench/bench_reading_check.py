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

from bench_store import figure, make_queries, one_store, one_store_arguments


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    one_store_arguments(parser, queries=200)
    args = parser.parse_args(argv)

    from iton.corpus.search import _common_readings, analyse_query
    from iton.pipeline import Options, load_pipeline

    with one_store(args, parser) as (store, pool):
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
    return 0


if __name__ == "__main__":
    sys.exit(main())

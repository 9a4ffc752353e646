"""Benchmarks the corpus: ingest throughput, search latency and near-duplicate detection.

    python bench/build_corpus.py --articles 100000 --out bench/out/corpus.jsonl
    python bench/bench_corpus.py --corpus bench/out/corpus.jsonl [--ingest-sample 5000]
        [--db bench/out/bench.db] [--reuse-db] [--engine auto] [--jobs 1] [--no-entities]
        [--ingest-only] [--queries 300]

Prints one ``name=value`` line per figure on standard output:
``ingest_articles_per_s`` (the first --ingest-sample articles into an empty store, analysis,
normalization, index and near-duplicate linking included), ``ingest_full_articles_per_s``
(the whole corpus, when it is ingested), ``search_median_ms`` and ``search_p95_ms`` (end to end:
query analysis, BM25 match, snippets; 10 hits; a mix of words, AND, OR, phrases, prefixes and
exact forms drawn from the corpus' own text, so frequent words are queried as often as they
occur), ``near_dup_seconds`` (all MinHash/LSH groups recomputed from the stored signatures) and
``near_dup_recall`` (planted copies found in their original's group).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import re
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

_HEBREW_WORD = re.compile(r"^[\u05d0-\u05ea]{3,}$")


def figure(name: str, value: float, note: str = "") -> None:
    text = str(value) if isinstance(value, int) else f"{value:.4g}"
    print(f"{name}={text}" + (f"  # {note}" if note else ""), flush=True)


def ingest(db: Path, source: Path, engine: str, jobs: int, entities: bool) -> tuple[int, float]:
    from iton.corpus import Corpus, IngestOptions

    options = IngestOptions(engine=engine, progress=sys.stderr.isatty(), jobs=jobs, entities=entities)
    cpu = _cpu_seconds()
    with Corpus(str(db), engine=engine) as corpus:
        summary = corpus.ingest(source, options)
    count = summary.added + summary.updated
    figure("ingest_cpu_ms_per_article", (_cpu_seconds() - cpu) * 1000 / max(count, 1),
           "CPU time of this process and its workers: on a shared machine, 2000 / this = articles/s on 2 free cores")
    print(summary.line(), file=sys.stderr)
    return summary.added + summary.updated, summary.seconds


def _cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def make_queries(source: Path, count: int, seed: int = 11) -> list[str]:
    rng = random.Random(seed)
    bodies = []
    with open(source, encoding="utf-8") as handle:
        for line in itertools.islice(handle, 20_000):
            bodies.append(json.loads(line)["body"].split())
    queries = []
    while len(queries) < count:
        words = rng.choice(bodies)
        i = rng.randrange(len(words) - 1)
        first, second = (w.strip('.,:;"()!?') for w in words[i : i + 2])
        if not (_HEBREW_WORD.match(first) and _HEBREW_WORD.match(second)):
            continue
        other = rng.choice(rng.choice(bodies)).strip('.,:;"()!?')
        kind = rng.random()
        if kind < 0.40:
            queries.append(first)
        elif kind < 0.60 and _HEBREW_WORD.match(other):
            queries.append(f"{first} {other}")
        elif kind < 0.75:
            queries.append(f'"{first} {second}"')
        elif kind < 0.85:
            queries.append(f"{first[:3]}*")
        elif kind < 0.95 and _HEBREW_WORD.match(other):
            queries.append(f"{first} OR {other}")
        else:
            queries.append(f"={first}")
    return queries


def bench_search(db: Path, queries: list[str], engine: str) -> list[float]:
    from iton.corpus import Corpus

    with Corpus(str(db), engine=engine) as corpus:
        for query in queries[:20]:  # warm the page cache and the pipeline
            corpus.search(query)
        times = []
        for query in queries:
            started = time.perf_counter()
            corpus.search(query, limit=10)
            times.append((time.perf_counter() - started) * 1000)
    return times


def bench_duplicates(db: Path, truth_path: Path) -> tuple[float, float | None, int]:
    from iton.corpus import Corpus
    from iton.corpus.duplicates import rebuild_duplicates

    with Corpus(str(db)) as corpus:
        started = time.perf_counter()
        pairs = rebuild_duplicates(corpus.store)
        seconds = time.perf_counter() - started
        recall = None
        if truth_path.exists():
            truth = json.loads(truth_path.read_text(encoding="utf-8"))
            ids = {}
            for root, members in corpus.store.groups().items():
                for article in corpus.store.get_rows(members).values():
                    ids[article.id] = root
            present = [(copy, original) for copy, original in truth.items()]
            found = sum(1 for copy, original in present if copy in ids and ids[copy] == ids.get(original))
            recall = found / len(present) if present else None
    return seconds, recall, pairs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path("bench/out/corpus.jsonl"))
    parser.add_argument("--db", type=Path, default=Path("bench/out/bench.db"))
    parser.add_argument("--ingest-sample", type=int, default=5000, help="articles for the ingest-rate figure")
    parser.add_argument("--reuse-db", action="store_true", help="search the existing --db instead of ingesting it")
    parser.add_argument("--engine", default="auto")
    parser.add_argument("--jobs", type=int, default=1, help="analysis processes during ingest")
    parser.add_argument("--no-entities", action="store_true", help="ingest without tagging named entities")
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--ingest-only", action="store_true", help="stop after the ingest-rate figure")
    args = parser.parse_args(argv)
    if not args.corpus.exists():
        print(f"{args.corpus}: no corpus; build it with python bench/build_corpus.py --out {args.corpus}", file=sys.stderr)
        return 2
    from iton.pipeline import Options, load_pipeline

    engine_name = getattr(load_pipeline(Options(engine=args.engine, entities=False)).engine, "name", args.engine)
    print(f"engine={engine_name} cpus={os.cpu_count()}", file=sys.stderr)

    sample = args.db.with_suffix(".sample.jsonl")
    with open(args.corpus, encoding="utf-8") as handle, open(sample, "w", encoding="utf-8") as out:
        out.writelines(itertools.islice(handle, args.ingest_sample))
    sample_db = args.db.with_suffix(".sample.db")
    for path in (sample_db, Path(f"{sample_db}-wal"), Path(f"{sample_db}-shm")):
        path.unlink(missing_ok=True)
    count, seconds = ingest(sample_db, sample, args.engine, args.jobs, not args.no_entities)
    figure("ingest_articles_per_s", count / seconds,
           f"{count} articles, engine {engine_name}, jobs {args.jobs}, entities {not args.no_entities}")

    if args.ingest_only:
        return 0
    if not args.reuse_db:
        for path in (args.db, Path(f"{args.db}-wal"), Path(f"{args.db}-shm")):
            path.unlink(missing_ok=True)
        count, seconds = ingest(args.db, args.corpus, args.engine, args.jobs, not args.no_entities)
        figure("ingest_full_articles_per_s", count / seconds, f"{count} articles in {seconds:.0f} s")

    from iton.corpus import Corpus

    with Corpus(str(args.db)) as corpus:
        figure("corpus_articles", len(corpus))
    times = bench_search(args.db, make_queries(args.corpus, args.queries), args.engine)
    figure("search_median_ms", statistics.median(times), f"{len(times)} queries")
    figure("search_p95_ms", statistics.quantiles(times, n=20)[-1])
    figure("search_max_ms", max(times))

    seconds, recall, pairs = bench_duplicates(args.db, Path(str(args.corpus) + ".truth.json"))
    figure("near_dup_seconds", seconds, f"{pairs} pairs")
    if recall is not None:
        figure("near_dup_recall", recall, "planted copies grouped with their original")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Spark in local mode against plain processes on the same archive: articles/s and their ratio.

    python bench/bench_spark.py [--articles 2000] [--cores 2] [--rounds 2] [--engine auto]

Both sides read the same JSONL archive of ~250-word Hebrew articles (the bundled sample
articles' words, numbered), analyse every article with the same code (iton.corpus.analysed)
and write Parquet. Plain: a pool of CORES processes, each reading and writing its share.
Spark: `local[CORES]`, the archive in CORES partitions. Both are started and warmed before the
clock (the model loaded in every worker), so the figures are steady throughput; the rounds
alternate plain and Spark so a change of load on a shared machine hits both. Then Spark on one
core, for the speed-up with cores, and the median time of a job over the 16 warm-up articles
(Spark's fixed cost per job). Prints one line per figure: ``name value``.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import statistics
import tempfile
import time
from pathlib import Path

from iton.corpus import sample_path

# Words per article: what the ingest figures use (a typical news article).
ARTICLE_WORDS = 250
# Articles of the warm-up run that loads the model in every worker before the clock.
WARM_UP_ARTICLES = 16
# Jobs of those few articles timed for Spark's fixed cost per job (scheduling, shuffle, writing).
FIXED_COST_JOBS = 8


def build_archive(path: Path, count: int, offset: int = 0) -> None:
    bodies = [json.loads(line)["body"] for line in Path(sample_path()).read_text(encoding="utf-8").splitlines()]
    words = " ".join(bodies).split()
    with open(path, "w", encoding="utf-8") as out:
        for n in range(offset, offset + count):
            start = (n * 37) % (len(words) - ARTICLE_WORDS)
            body = " ".join(words[start : start + ARTICLE_WORDS])
            out.write(json.dumps({"id": f"bench-{n}", "title": f"כתבה {n}", "body": body}, ensure_ascii=False) + "\n")


def load_model(engine: str) -> None:
    from iton.pipeline import Options, load_pipeline

    load_pipeline(Options(engine=engine, entities=True))


def plain_share(args: tuple[str, str, int, int, str]) -> int:
    """One plain process: every CORES-th record of the archive, analysed and written to Parquet."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from iton.corpus.analysed import analyse_rows, arrow_schema
    from iton.corpus.fields import ReadOptions, build_article
    from iton.workers import call_then_freeze

    source, out, share, shares, engine = args
    lines = Path(source).read_text(encoding="utf-8").splitlines()[share::shares]
    items = [build_article(json.loads(line), source, None, ReadOptions()) for line in lines]
    rows = []
    for i in range(0, len(items), 256):  # the Arrow batch size Spark hands over
        rows += call_then_freeze(analyse_rows, items[i : i + 256], engine, True)  # as iton's workers and Spark's do
    Path(out).mkdir(exist_ok=True)
    pq.write_table(pa.Table.from_pylist(rows, schema=arrow_schema()), f"{out}/part-{share}.parquet")
    return len(rows)


def run_plain(pool, source: Path, out: Path, cores: int, engine: str) -> float:
    started = time.perf_counter()
    pool.map(plain_share, [(str(source), str(out), k, cores, engine) for k in range(cores)])
    return time.perf_counter() - started


def spark_warm(cores: int, warm: Path, out: Path, engine: str):
    from iton.batch.spark import SparkOptions, normalize_archive, spark_session

    spark = spark_session(f"local[{cores}]")
    spark.sparkContext.setLogLevel("ERROR")
    normalize_archive(spark, str(warm), str(out), SparkOptions(engine=engine, partitions=cores))
    return spark


def run_spark(spark, source: Path, out: Path, cores: int, engine: str) -> float:
    from iton.batch.spark import SparkOptions, normalize_archive

    started = time.perf_counter()
    normalize_archive(spark, str(source), str(out), SparkOptions(engine=engine, partitions=cores))
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    # an archive's job, not a few seconds' one: with 400 articles (2 s) Spark's fixed cost per job
    # and workers whose caches are still cold were a quarter of the time (docs/performance.md)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--cores", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--engine", default="auto")
    args = parser.parse_args()
    n, cores = args.articles, args.cores
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        source, warm = tmp / "archive.jsonl", tmp / "warm.jsonl"
        build_archive(source, n)
        build_archive(warm, WARM_UP_ARTICLES, offset=n)
        context = multiprocessing.get_context("spawn")  # fresh processes, as executors are
        with context.Pool(cores, initializer=load_model, initargs=(args.engine,)) as pool:
            run_plain(pool, warm, tmp / "plain-warm", cores, args.engine)
            started = time.perf_counter()
            spark = spark_warm(cores, warm, tmp / "spark-warm", args.engine)
            session = time.perf_counter() - started
            plain, on_spark = [], []
            for r in range(args.rounds):
                plain.append(run_plain(pool, source, tmp / f"plain-{r}", cores, args.engine))
                on_spark.append(run_spark(spark, source, tmp / f"spark-{r}", cores, args.engine))
            # a job's fixed cost: the warm-up archive's few articles, again and again
            fixed = [run_spark(spark, warm, tmp / f"fixed-{r}", cores, args.engine) for r in range(FIXED_COST_JOBS)]
        spark.stop()
        one = spark_warm(1, warm, tmp / "one-core-warm", args.engine)
        one_core = run_spark(one, source, tmp / "one-core", 1, args.engine)
        one.stop()
    plain_median, spark_median = statistics.median(plain), statistics.median(on_spark)
    print(f"spark_bench_articles {n}")
    print(f"spark_bench_cores {cores}")
    print(f"spark_bench_rounds {args.rounds}")
    print(f"plain_processes_seconds {' '.join(f'{s:.1f}' for s in plain)}")
    print(f"spark_local_seconds {' '.join(f'{s:.1f}' for s in on_spark)}")
    print(f"plain_processes_articles_per_s {n / plain_median:.2f}")
    print(f"spark_local_articles_per_s {n / spark_median:.2f}")
    print(f"spark_to_plain_ratio {plain_median / spark_median:.3f}")
    print(f"spark_local_1_core_articles_per_s {n / one_core:.2f}")
    print(f"spark_speedup_{cores}_cores_over_1 {one_core / spark_median:.3f}")
    print(f"spark_session_start_and_warm_up_seconds {session:.1f}")
    print(f"spark_job_seconds_{WARM_UP_ARTICLES}_articles_median {statistics.median(fixed):.3f}")


if __name__ == "__main__":
    main()

"""Spark in local mode against plain processes on the same archive: articles/s and their ratio.

    python bench/bench_spark.py [--articles 1000] [--cores 2] [--engine auto]

Both sides read the same JSONL archive of ~250-word Hebrew articles (the bundled sample
articles joined and numbered), analyse every article with the same code (iton.corpus.analysed)
and write Parquet. Plain: CORES processes, each reading and writing its share. Spark:
`local[CORES]`, the archive in CORES partitions; the session is started before the clock
(its JVM start is printed apart). Also Spark on one core, for the speed-up with cores.
Prints one line per figure: ``name value``.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import tempfile
import time
from pathlib import Path

from iton.corpus import sample_path

# Words per article: what the ingest figures use (a typical news article).
ARTICLE_WORDS = 250


def build_archive(path: Path, count: int) -> None:
    bodies = [json.loads(line)["body"] for line in Path(sample_path()).read_text(encoding="utf-8").splitlines()]
    words = " ".join(bodies).split()
    with open(path, "w", encoding="utf-8") as out:
        for n in range(count):
            start = (n * 37) % (len(words) - ARTICLE_WORDS)
            body = " ".join(words[start : start + ARTICLE_WORDS])
            out.write(json.dumps({"id": f"bench-{n}", "title": f"כתבה {n}", "body": body}, ensure_ascii=False) + "\n")


def plain_share(args: tuple[str, str, int, int, str]) -> int:
    """One plain process: every CORES-th record of the archive, analysed and written to Parquet."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from iton.corpus.analysed import analyse_rows, arrow_schema
    from iton.corpus.readers import ReadOptions, build_article

    source, out, share, shares, engine = args
    lines = Path(source).read_text(encoding="utf-8").splitlines()[share::shares]
    items = [build_article(json.loads(line), source, None, ReadOptions()) for line in lines]
    rows = []
    for i in range(0, len(items), 256):  # the Arrow batch size Spark hands over
        rows += analyse_rows(items[i : i + 256], engine, True)
    pq.write_table(pa.Table.from_pylist(rows, schema=arrow_schema()), f"{out}/part-{share}.parquet")
    return len(rows)


def run_plain(source: Path, out: Path, cores: int, engine: str) -> float:
    out.mkdir()
    context = multiprocessing.get_context("spawn")  # fresh processes: each loads the model, as an executor does
    started = time.perf_counter()
    with context.Pool(cores) as pool:
        pool.map(plain_share, [(str(source), str(out), k, cores, engine) for k in range(cores)])
    return time.perf_counter() - started


def run_spark(source: Path, out: Path, cores: int, engine: str) -> tuple[float, float]:
    from iton.batch.spark import SparkOptions, normalize_archive, spark_session

    started = time.perf_counter()
    spark = spark_session(f"local[{cores}]")
    spark.sparkContext.setLogLevel("ERROR")
    spark.range(1).count()  # the JVM and a first job are up before the clock
    session = time.perf_counter() - started
    started = time.perf_counter()
    normalize_archive(spark, str(source), str(out), SparkOptions(engine=engine, partitions=cores))
    seconds = time.perf_counter() - started
    spark.stop()
    return seconds, session


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--cores", type=int, default=2)
    parser.add_argument("--engine", default="auto")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "archive.jsonl"
        build_archive(source, args.articles)
        plain = run_plain(source, Path(tmp) / "plain", args.cores, args.engine)
        spark, session = run_spark(source, Path(tmp) / "spark", args.cores, args.engine)
        spark_one, _ = run_spark(source, Path(tmp) / "spark-1", 1, args.engine)
    n = args.articles
    print(f"spark_bench_articles {n}")
    print(f"spark_bench_cores {args.cores}")
    print(f"plain_processes_articles_per_s {n / plain:.2f}")
    print(f"spark_local_articles_per_s {n / spark:.2f}")
    print(f"spark_to_plain_ratio {plain / spark:.3f}")
    print(f"spark_local_1_core_articles_per_s {n / spark_one:.2f}")
    print(f"spark_speedup_{args.cores}_cores_over_1 {spark_one / spark:.3f}")
    print(f"spark_session_start_seconds {session:.1f}")


if __name__ == "__main__":
    main()

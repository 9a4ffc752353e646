"""Normalize an archive with Apache Spark: JSONL, CSV or Parquet in, analysed Parquet rows out.

Run by `iton spark normalize IN OUT`, or on a cluster by spark-submit with this file as the
application (docs/scale.md):

    spark-submit --master yarn iton/batch/spark.py hdfs:///news/2026/ hdfs:///news-analysed/2026/

Each executor's Python worker loads the model once (the pipeline is cached per process and
Spark reuses its Python workers) and analyses Arrow batches of articles (``mapInArrow``).
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass, field

__all__ = ["SPARK_FORMATS", "SparkOptions", "SparkSummary", "main", "normalize_archive", "spark_session"]

SPARK_FORMATS = ("jsonl", "csv", "parquet")
# Articles per Arrow batch handed to the analysis: big enough for the pipeline's batching, small
# enough that a task's memory stays low and progress shows (Spark's default is 10,000).
ARROW_BATCH_ARTICLES = 256
# Problems printed after a run; all of them are in the output's ``problem`` column.
SHOWN_PROBLEMS = 10


@dataclass(slots=True)
class SparkOptions:
    """One normalize job: the input ``format`` (None: from the name), the morphology ``engine``,
    ``entities`` on or off, ``partitions`` to spread the input over (None: as Spark read it),
    and ``overwrite`` an existing output."""

    format: str | None = None
    engine: str = "auto"
    entities: bool = True
    partitions: int | None = None
    overwrite: bool = False


@dataclass(slots=True)
class SparkSummary:
    """What a job wrote: rows, of which analysed articles and problems (with the first reasons)."""

    rows: int = 0
    problems: int = 0
    examples: list[str] = field(default_factory=list)

    def line(self) -> str:
        return f"{self.rows} rows: {self.rows - self.problems} articles analysed, {self.problems} problems"


def spark_session(master: str | None = None, app: str = "iton normalize"):
    """A SparkSession (``master`` such as ``local[2]``; None keeps spark-submit's or Spark's default)."""
    from pyspark.sql import SparkSession

    # the executors' Python must be this one (with iton installed) unless the user chose another
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.appName(app)
    if master:
        builder = builder.master(master)
    builder = builder.config("spark.sql.execution.arrow.maxRecordsPerBatch", str(ARROW_BATCH_ARTICLES))
    builder = builder.config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
    return builder.getOrCreate()


def detect_format(source: str) -> str:
    """The format of ``source`` from its name (a folder: from the files in it)."""
    from iton.errors import UnknownFormat

    name = source.rstrip("/").lower()
    if os.path.isdir(source):
        names = [n.lower() for n in os.listdir(source) if not n.startswith((".", "_"))]
        for fmt, suffixes in _SUFFIXES.items():
            if names and all(n.endswith(suffixes) for n in names):
                return fmt
    for fmt, suffixes in _SUFFIXES.items():
        if name.endswith(suffixes):
            return fmt
    raise UnknownFormat(f"{source} (format not told by the name; give --format)", SPARK_FORMATS)


_SUFFIXES = {"jsonl": (".jsonl", ".ndjson", ".json", ".jsonl.gz", ".json.gz"), "csv": (".csv", ".csv.gz"),
             "parquet": (".parquet",)}  # fmt: skip


def normalize_archive(spark, source: str, out: str, options: SparkOptions | None = None) -> SparkSummary:
    """Analyse every article of ``source`` (a path or URI Spark can read) into Parquet at ``out``."""
    from pyspark.sql import functions as F

    from iton.corpus.analysed import ROW_FIELDS
    from iton.errors import ItonError, SourceNotFound

    options = options or SparkOptions()
    local = "://" not in source  # a URI (hdfs://, s3a://) is checked by Spark itself
    if local and not os.path.exists(source):
        raise SourceNotFound(source)
    if "://" not in out and os.path.exists(out) and not options.overwrite:
        raise ItonError(f"{out} exists; give another OUT or --overwrite to replace it")
    fmt = options.format or detect_format(source)
    reader = spark.read
    if fmt == "jsonl":  # every value as a string: ids and dates come as numbers in some archives
        frame = reader.option("primitivesAsString", "true").json(source)
    elif fmt == "csv":
        frame = reader.options(header="true", multiLine="true", escape='"').csv(source)
    else:
        frame = reader.parquet(source)
    frame = frame.withColumn("_source", F.col("_metadata.file_path"))
    if options.partitions:
        frame = frame.repartition(options.partitions)
    schema = ", ".join(f"`{name}` {kind}" for name, kind in ROW_FIELDS)
    engine, entities = options.engine, options.entities
    # rows and problems counted as they are written: the analysis runs in the write's own result
    # stage, whose accumulator updates Spark applies once per partition (a retried or speculative
    # task's are not added again), so no second job reads the output back
    written_rows, written_problems = spark.sparkContext.accumulator(0), spark.sparkContext.accumulator(0)

    def analyse(batches):
        for batch in _analyse_batches(batches, engine, entities):
            written_rows.add(batch.num_rows)
            written_problems.add(batch.num_rows - batch.column("problem").null_count)
            yield batch

    frame.mapInArrow(analyse, schema).write.mode("overwrite" if options.overwrite else "errorifexists").parquet(out)
    summary = SparkSummary(written_rows.value, written_problems.value)
    if summary.problems:  # their first reasons, read back only when there are some
        found = spark.read.parquet(out).where(F.col("problem").isNotNull()).select("source", "problem")
        summary.examples = [f"{r.source}: {r.problem}" for r in found.limit(SHOWN_PROBLEMS).collect()]
    return summary


def _analyse_batches(batches, engine: str, entities: bool):
    """Runs on the executors: Arrow batches of source records in, Arrow batches of analysed rows out."""
    import pyarrow as pa

    from iton.corpus.analysed import analyse_rows, arrow_schema
    from iton.corpus.article import Reject
    from iton.corpus.fields import ReadOptions, build_article
    from iton.workers import call_then_freeze  # an executor's Python worker is ours: its caches outlive a batch

    schema = arrow_schema()
    read_options = ReadOptions()
    for batch in batches:
        items = []
        for record in batch.to_pylist():
            # Spark gives every column of the archive to every record; the absent ones are None
            record = {key: value for key, value in record.items() if value is not None}
            source = record.pop("_source", "") or ""
            broken = record.pop("_corrupt_record", None)
            if broken is not None:
                items.append(Reject(source, None, "not a JSON object; fix the line or remove it", broken[:200]))
                continue
            items.append(build_article(record, source, None, read_options))
        yield pa.RecordBatch.from_pylist(call_then_freeze(analyse_rows, items, engine, entities), schema=schema)


def main(argv: list[str] | None = None) -> int:
    """The spark-submit entry point: ``spark.py IN OUT [--format F] [--engine E] [--no-entities]``."""
    parser = argparse.ArgumentParser(prog="iton-spark-normalize", description="Normalize an archive into Parquet with Spark.")
    parser.add_argument("source", metavar="IN")
    parser.add_argument("out", metavar="OUT")
    parser.add_argument("--format", choices=SPARK_FORMATS)
    parser.add_argument("--engine", default="auto")
    parser.add_argument("--no-entities", action="store_true")
    parser.add_argument("--partitions", type=int)
    parser.add_argument("--overwrite", action="store_true")
    args = parser.parse_args(argv)
    spark = spark_session()
    try:
        summary = normalize_archive(spark, args.source, args.out, SparkOptions(
            args.format, args.engine, not args.no_entities, args.partitions, args.overwrite))  # fmt: skip
    finally:
        spark.stop()
    print(summary.line(), file=sys.stderr)
    return 0 if summary.problems == 0 else 1


if __name__ == "__main__":
    sys.exit(main())

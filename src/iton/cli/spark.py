"""Spark commands: `iton spark normalize IN OUT` (an archive into analysed Parquet)."""

from __future__ import annotations

import argparse
import sys

from iton.cli.options import engine_option, positive


def add_spark_parser(subparsers: argparse._SubParsersAction) -> None:
    from iton.batch.spark import SPARK_FORMATS

    p = subparsers.add_parser(
        "spark", help="batch work with Apache Spark (pip install 'iton[spark]' and Java 17)",
        description="Batch work on archives too big for one process, run by Apache Spark: locally on every core "
        "(--master local[*]) or on a cluster (see docs/scale.md for spark-submit).")
    commands = p.add_subparsers(dest="spark_command", metavar="COMMAND", required=True, help="the Spark job to run")
    n = commands.add_parser(
        "normalize", help="analyse an archive (JSONL, CSV or Parquet) into Parquet rows: normalized form, lemmas, "
        "morphology summary, entities",
        description="Read IN (a file or folder; a local path or any URI Spark reads, such as hdfs:// or s3a://), "
        "analyse every article, and write OUT as Parquet: the article fields, the normalized form, index lemmas and "
        "forms with their spans, part-of-speech counts, named entities and the near-duplicate signature. "
        "`iton ingest OUT` stores the rows without analysing them again. Records that cannot be read are kept as "
        "rows with a `problem`; the exit status is 1 when there are any.")
    n.add_argument("source", metavar="IN", help="the archive: a file or folder of JSONL, CSV or Parquet")
    n.add_argument("out", metavar="OUT", help="the output folder (Parquet)")
    n.add_argument("--format", choices=SPARK_FORMATS, help="input format (default: from the file names)")
    n.add_argument("--master", default="local[*]",
                   help="Spark master: local[N] for N cores here, or a cluster's URL (default: %(default)s)")
    n.add_argument("--partitions", type=positive, metavar="N",
                   help="spread the input over N partitions (default: as Spark reads it)")
    n.add_argument("--overwrite", action="store_true", help="replace OUT if it exists")
    n.add_argument("--no-entities", action="store_true", help="do not tag named entities (faster)")
    engine_option(n)
    n.set_defaults(run=spark_normalize_command)


def spark_normalize_command(args: argparse.Namespace) -> int:
    """`iton spark normalize`: exit status 1 when some records could not be analysed."""
    from iton.batch.spark import SparkOptions, normalize_archive, spark_session
    from iton.errors import ItonError

    try:
        spark = spark_session(args.master)
    except ImportError:
        raise ItonError("Spark is not installed: pip install 'iton[spark]' (and Java 17, e.g. Debian's "
                        "openjdk-17-jre-headless)") from None
    from pyspark.errors import PySparkException

    try:
        summary = normalize_archive(spark, args.source, args.out, SparkOptions(
            args.format, args.engine, not args.no_entities, args.partitions, args.overwrite))  # fmt: skip
    except PySparkException as exc:  # Spark's own message (a path it cannot read, a bad URI) without the JVM trace
        raise ItonError(f"Spark: {str(exc).splitlines()[0]}") from None
    finally:
        spark.stop()
    for example in summary.examples:
        print(example, file=sys.stderr)
    print(f"{summary.line()}; written to {args.out} (load it with: iton ingest {args.out})", file=sys.stderr)
    return 0 if summary.problems == 0 else 1

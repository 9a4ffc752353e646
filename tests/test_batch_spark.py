"""`iton spark normalize` in Spark local mode: archives in, analysed Parquet out, stored by `iton ingest`."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from test_corpus_analysed import SAMPLE, exported

from iton.cli import main
from iton.corpus import Corpus, IngestOptions, sample_path
from iton.corpus.analysed import ROW_FIELDS

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")


# One Spark session for the module: a JVM takes seconds to start.


@pytest.fixture(scope="module")
def spark():
    pytest.importorskip("pyspark", reason="pyspark is not installed (the test extra has it)")
    if shutil.which("java") is None:
        pytest.skip("no Java: scripts/test.sh installs Debian's openjdk-17-jre-headless as root")
    from iton.batch.spark import spark_session

    session = spark_session("local[2]")
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.mark.slow
def test_spark_normalizes_jsonl_csv_and_parquet_archives(spark, tmp_path: Path) -> None:
    from iton.batch.spark import SparkOptions, normalize_archive

    archive = tmp_path / "archive"
    archive.mkdir()
    lines = [json.dumps(r, ensure_ascii=False) for r in SAMPLE[:8]] + ["{not json", json.dumps({"id": "empty"})]
    (archive / "a.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with open(tmp_path / "b.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["id", "title", "body", "published"])
        writer.writeheader()
        writer.writerows({k: r.get(k) for k in ("id", "title", "body", "published")} for r in SAMPLE[8:12])
    pq.write_table(pa.Table.from_pylist([{"id": r["id"], "body": r["body"]} for r in SAMPLE[12:14]]), tmp_path / "c.parquet")
    options = SparkOptions(engine="rules", entities=False)
    jsonl = normalize_archive(spark, str(archive), str(tmp_path / "out-jsonl"), options)
    from_csv = normalize_archive(spark, str(tmp_path / "b.csv"), str(tmp_path / "out-csv"), options)
    from_parquet = normalize_archive(spark, str(tmp_path / "c.parquet"), str(tmp_path / "out-parquet"), options)
    assert (jsonl.rows, jsonl.problems) == (10, 2)
    assert any("not a JSON object" in e for e in jsonl.examples) and any("missing body" in e for e in jsonl.examples)
    assert (from_csv.rows, from_csv.problems, from_parquet.rows, from_parquet.problems) == (4, 0, 2, 0)
    table = pq.read_table(tmp_path / "out-jsonl")
    assert table.schema.names == [name for name, _ in ROW_FIELDS]
    row = next(r for r in table.to_pylist() if r["id"] == SAMPLE[0]["id"])
    assert row["normalized"] and row["tokens"] > 0 and dict(row["pos_counts"])
    with Corpus(":memory:") as spark_rows, Corpus(":memory:") as direct:
        summary = spark_rows.ingest([str(tmp_path / "out-jsonl"), str(tmp_path / "out-csv"), str(tmp_path / "out-parquet")])
        direct.ingest([sample_path()], IngestOptions(engine="rules", entities=False))
        assert (summary.added, summary.rejected) == (14, 2)
        loaded, expected = exported(spark_rows), exported(direct)
    with_titles = [r["id"] for r in SAMPLE[:12]]  # the Parquet archive above has no titles
    for key in ("normalized", "repeats", "body", "title"):
        assert {i: loaded[i][key] for i in with_titles} == {i: expected[i][key] for i in with_titles}


@pytest.mark.slow
def test_spark_normalize_command(spark, tmp_path: Path, capsys) -> None:
    # runs last in this module: the command stops the Spark session when it is done
    source = tmp_path / "news.jsonl"
    source.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in SAMPLE[:3]) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    args = ["spark", "normalize", str(source), str(out), "--master", "local[2]", "--engine", "rules", "--no-entities"]
    assert main(args) == 0
    assert "3 rows: 3 articles analysed, 0 problems" in capsys.readouterr().err
    assert main(args) == 1
    assert "exists; give another OUT or --overwrite" in capsys.readouterr().err
    assert main(["spark", "normalize", str(tmp_path / "missing.jsonl"), str(out)]) == 1
    db = tmp_path / "news.db"
    assert main(["ingest", str(out), "--db", str(db), "--no-progress"]) == 0
    with Corpus(db) as corpus:
        assert len(corpus) == 3

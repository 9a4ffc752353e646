"""Analysed Parquet rows: written by Spark in local mode, stored by `iton ingest` without analysis."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from iton.batch.analysed import ROW_FIELDS, analyse_rows, is_analysed_parquet
from iton.cli import main
from iton.corpus import Corpus, IngestOptions, sample_path
from iton.corpus.readers import ReadOptions, build_article

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

SAMPLE = [json.loads(line) for line in Path(sample_path()).read_text(encoding="utf-8").splitlines()]
# What ingest stores of an article, compared between a direct ingest and one from analysed rows
# (the source path differs by design: the rows name the archive they were read from).
COMPARED = ("id", "outlet", "url", "title", "body", "published", "author", "normalized", "repeats", "entities",
            "warnings", "content_hash")  # fmt: skip


def exported(corpus) -> dict[str, dict]:
    out = io.StringIO()
    corpus.export(out, "jsonl")
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    return {r["id"]: {key: r.get(key) for key in COMPARED} for r in records}


def write_rows(path: Path, records: list[dict], engine: str = "rules", entities: bool = False) -> None:
    from iton.batch.spark import _arrow_schema

    items = [build_article(r, "archive.jsonl", n, ReadOptions()) for n, r in enumerate(records, 1)]
    pq.write_table(pa.Table.from_pylist(analyse_rows(items, engine, entities), schema=_arrow_schema()), path)


def test_analysed_rows_load_like_a_direct_ingest(tmp_path: Path) -> None:
    rows = tmp_path / "rows.parquet"
    write_rows(rows, SAMPLE, engine="model", entities=True)
    assert is_analysed_parquet(rows) and not is_analysed_parquet(sample_path())
    with Corpus(":memory:") as direct, Corpus(":memory:") as loaded:
        direct.ingest([sample_path()], IngestOptions(engine="model"))
        summary = loaded.ingest([str(rows)], IngestOptions(engine="model"))
        assert summary.added == len(SAMPLE) and summary.formats[str(rows)] == "parquet (analysed rows)"
        assert exported(loaded) == exported(direct)
        assert [h.id for h in loaded.search("מטוסים")] == [h.id for h in direct.search("מטוסים")]
        assert [len(g.members) for g in loaded.duplicates()] == [len(g.members) for g in direct.duplicates()]
        again = loaded.ingest([str(rows)])
    assert (again.added, again.unchanged) == (0, len(SAMPLE))


def test_rows_with_problems_are_reported_and_the_rest_stored(tmp_path: Path) -> None:
    rows = tmp_path / "rows.parquet"
    write_rows(rows, [*SAMPLE[:2], {"id": "x", "title": "בלי גוף"}])
    with Corpus(":memory:") as corpus:
        summary = corpus.ingest([str(rows)])
        assert len(corpus) == 2
    assert summary.rejected == 1 and "missing body" in summary.problems[0].reason


def test_rows_of_another_format_version_are_refused(tmp_path: Path) -> None:
    rows = tmp_path / "rows.parquet"
    write_rows(rows, SAMPLE[:1])
    table = pq.read_table(rows)
    table = table.set_column(table.schema.get_field_index("iton_analysis"), "iton_analysis", pa.array(["0"]))
    pq.write_table(table, rows)
    with Corpus(":memory:") as corpus:
        summary = corpus.ingest([str(rows)])
        assert len(corpus) == 0
    assert "run `iton spark normalize` again" in summary.problems[0].reason


# -- Spark in local mode (one session for the module: a JVM takes seconds to start) ----------


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

"""Analysed rows (what `iton spark normalize` writes) stored by `iton ingest` without analysing them again."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from iton.corpus import Corpus, IngestOptions, sample_path
from iton.corpus.analysed import analyse_rows, arrow_schema, is_analysed_parquet
from iton.corpus.fields import ReadOptions, build_article

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

SAMPLE = [json.loads(line) for line in Path(sample_path()).read_text(encoding="utf-8").splitlines()]
# What ingest stores of an article, compared between a direct ingest and one from analysed rows
# (the source path differs by design: the rows name the archive they were read from).
COMPARED = ("id", "outlet", "url", "title", "body", "published", "author", "normalized", "repeats", "entities",
            "warnings", "content_hash", "meta", "provenance")  # fmt: skip


def exported(corpus) -> dict[str, dict]:
    out = io.StringIO()
    corpus.export(out, "jsonl")
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    return {r["id"]: {key: r.get(key) for key in COMPARED} for r in records}


def write_rows(path: Path, records: list[dict], engine: str = "rules", entities: bool = False) -> None:
    items = [build_article(r, "archive.jsonl", n, ReadOptions()) for n, r in enumerate(records, 1)]
    pq.write_table(pa.Table.from_pylist(analyse_rows(items, engine, entities), schema=arrow_schema()), path)


def test_analysed_rows_load_like_a_direct_ingest(tmp_path: Path) -> None:
    rows = tmp_path / "rows.parquet"
    write_rows(rows, SAMPLE, engine="model", entities=True)
    assert is_analysed_parquet(rows) and not is_analysed_parquet(sample_path())
    with Corpus(":memory:") as direct, Corpus(":memory:") as loaded:
        direct.ingest([sample_path()], IngestOptions(engine="model"))
        summary = loaded.ingest([str(rows)], IngestOptions(engine="model"))
        assert summary.added == len(SAMPLE) and summary.formats[str(rows)] == "parquet (analysed rows)"
        assert exported(loaded) == exported(direct)
        alternatives = {a.id: a.alternatives for a in direct.store.iter_articles()}
        assert any(alternatives.values()) and alternatives == {a.id: a.alternatives for a in loaded.store.iter_articles()}
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


def test_source_fields_and_provenance_travel_in_the_rows(tmp_path: Path) -> None:
    rows = tmp_path / "rows.parquet"
    record = {**SAMPLE[0], "section": "חדשות", "tags": ["ביטחון", "צפון"]}
    write_rows(rows, [record], engine="rules")
    with Corpus(":memory:") as corpus:
        corpus.ingest([str(rows)])
        (stored,) = exported(corpus).values()
    assert stored["meta"] == {"section": "חדשות", "tags": ["ביטחון", "צפון"]}
    assert stored["provenance"]["engine"] == "rules" and stored["provenance"]["options"]["entities"] is False


def test_rows_of_the_first_format_still_load_without_meta(tmp_path: Path) -> None:
    rows = tmp_path / "rows.parquet"
    write_rows(rows, SAMPLE[:1])
    table = pq.read_table(rows)
    table = table.drop_columns(["meta", "provenance"])
    table = table.set_column(table.schema.get_field_index("iton_analysis"), "iton_analysis", pa.array(["1"]))
    pq.write_table(table, rows)
    with Corpus(":memory:") as corpus:
        summary = corpus.ingest([str(rows)])
        (stored,) = exported(corpus).values()
    assert summary.added == 1 and stored["meta"] == {} and stored["provenance"] == {}


def test_ingest_command_reads_a_spark_output_folder(tmp_path: Path) -> None:
    from iton.cli import main

    out = tmp_path / "analysed"
    out.mkdir()
    write_rows(out / "part-00000.snappy.parquet", SAMPLE[:2])
    write_rows(out / "part-00001.snappy.parquet", SAMPLE[2:3])
    (out / "_SUCCESS").write_bytes(b"")  # Spark's marker: not an input
    db = tmp_path / "news.db"
    assert main(["ingest", str(out), "--db", str(db), "--no-progress"]) == 0
    with Corpus(db) as corpus:
        assert len(corpus) == 3

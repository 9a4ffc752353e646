"""Export: every article, whole, in jsonl, csv and parquet, streamed from the store."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pytest

from iton.corpus import Corpus, IngestOptions, sample_path
from iton.corpus.export import EXPORT_FIELDS
from iton.errors import ExportError

ENGINE = os.environ.get("ITON_CORPUS_TEST_ENGINE", "auto")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    with Corpus(str(tmp_path_factory.mktemp("export") / "e.db"), engine=ENGINE) as corpus:
        corpus.ingest(sample_path(), IngestOptions(engine=ENGINE))
        long_body = "משפט ארוך מאוד על הכלכלה הישראלית. " * 3000  # about 100 KB: nothing may be cut
        path = tmp_path_factory.mktemp("long") / "long.jsonl"
        path.write_text(json.dumps({"id": "long", "body": long_body}, ensure_ascii=False) + "\n", encoding="utf-8")
        corpus.ingest(path, IngestOptions(engine=ENGINE))
        yield corpus


def stored(corpus: Corpus) -> dict[str, dict]:
    return {a.id: a.to_record() for a in corpus.store.iter_articles()}


def test_jsonl(corpus: Corpus, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    assert corpus.export(out, "jsonl") == 27
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows][:3] == ["sample-01", "sample-02", "sample-03"]
    assert list(rows[0]) == list(EXPORT_FIELDS)
    truth = stored(corpus)
    for row in rows:
        for name in ("body", "title", "normalized", "published", "published_raw", "repeats", "warnings"):
            assert row[name] == truth[row["id"]][name]
    assert rows[1]["duplicate_of"] == "sample-01" and rows[0]["duplicate_of"] is None
    assert next(r for r in rows if r["id"] == "sample-21")["repeats"]


def test_csv_round_trips_whole_fields(corpus: Corpus) -> None:
    buffer = io.StringIO()
    corpus.export(buffer, "csv")
    rows = list(csv.DictReader(io.StringIO(buffer.getvalue())))
    truth = stored(corpus)
    assert len(rows) == 27
    for row in rows:
        assert row["body"] == truth[row["id"]]["body"] and row["normalized"] == truth[row["id"]]["normalized"]
        assert json.loads(row["repeats"]) == truth[row["id"]]["repeats"]


def test_parquet(corpus: Corpus, tmp_path: Path, monkeypatch) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    import iton.corpus.export as module

    monkeypatch.setattr(module, "PARQUET_ROWS", 10)  # several row groups: streamed, not one table
    out = tmp_path / "out.parquet"
    assert corpus.export(out, "parquet") == 27
    table = pq.read_table(out)
    assert table.num_rows == 27 and table.column_names == list(EXPORT_FIELDS)
    assert pq.ParquetFile(out).num_row_groups == 3
    bodies = dict(zip(table.column("id").to_pylist(), table.column("body").to_pylist(), strict=True))
    assert bodies["long"] == stored(corpus)["long"]["body"] and len(bodies["long"]) > 100_000


def test_parquet_columns_are_typed(corpus: Corpus, tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "typed.parquet"
    corpus.export(out, "parquet")
    schema = pq.read_schema(out)
    for name in ("published", "ingested_at", "updated_at"):
        assert schema.field(name).type == pa.timestamp("us", tz="UTC")
    assert schema.field("source_line").type == pa.int64()
    assert schema.field("warnings").type == pa.list_(pa.string())
    entity = schema.field("entities").type.value_type
    assert pa.types.is_struct(entity) and entity.field("start").type == pa.int64()
    assert entity.field("label").type == pa.string()
    assert schema.field("repeats").type.value_type.field("copy_of").type == pa.list_(pa.int64())
    assert schema.field("provenance").type.field("hspell").type == pa.bool_()
    rows = {row["id"]: row for row in pq.read_table(out).to_pylist()}
    truth = stored(corpus)
    first = rows["sample-01"]
    assert first["published"].isoformat() == truth["sample-01"]["published"][:10] + "T00:00:00+00:00"
    assert first["ingested_at"].isoformat() == truth["sample-01"]["ingested_at"]
    assert first["source_line"] == 1
    assert [e["text"] for e in first["entities"]] == [e["text"] for e in truth["sample-01"]["entities"]]
    assert rows["sample-21"]["repeats"][0]["tokens"] == truth["sample-21"]["repeats"][0]["tokens"]
    assert first["provenance"] == truth["sample-01"]["provenance"]


def test_every_export_names_what_produced_the_lemmas(corpus: Corpus, tmp_path: Path) -> None:
    from iton import __version__

    rows = [json.loads(line) for line in export_text(corpus, "jsonl").splitlines()]
    provenance = rows[0]["provenance"]
    assert provenance["iton"] == __version__ and provenance["engine"] in ("model", "rules")
    assert provenance["model"].startswith("sha256:") if provenance["engine"] == "model" else provenance["model"] == ""
    assert isinstance(provenance["hspell"], bool) and provenance["options"]["entities"] in (True, False)
    assert all(row["provenance"] == provenance for row in rows)
    cells = list(csv.DictReader(io.StringIO(export_text(corpus, "csv"))))
    assert json.loads(cells[0]["provenance"]) == provenance
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "p.parquet"
    corpus.export(out, "parquet")
    assert json.loads(pq.read_metadata(out).metadata[b"iton.provenance"]) == [provenance]


def export_text(corpus: Corpus, format: str) -> str:
    buffer = io.StringIO()
    corpus.export(buffer, format)
    return buffer.getvalue()


def test_unknown_source_fields_are_kept_as_meta_and_exported(tmp_path: Path, capsys) -> None:
    from iton.cli import main

    source = tmp_path / "with-extras.jsonl"
    records = [
        {"id": "x1", "body": "הממשלה אישרה את התקציב.", "section": "כלכלה", "tags": ["תקציב", "ממשלה"], "views": 42},
        {"id": "x2", "body": "הגשם ירד בצפון.", "cat": "מזג אוויר", "empty": ""},
    ]
    source.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    db = str(tmp_path / "m.db")
    assert main(["ingest", str(source), "--db", db, "--engine", "rules", "--no-entities", "--no-progress",
                 "--field-map", "category=cat"]) == 0
    out = tmp_path / "m.jsonl"
    assert main(["export", "--db", db, "-o", str(out)]) == 0
    meta = {row["id"]: row["meta"] for row in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    assert meta == {"x1": {"section": "כלכלה", "tags": ["תקציב", "ממשלה"], "views": 42},
                    "x2": {"category": "מזג אוויר"}}  # fmt: skip
    pq = pytest.importorskip("pyarrow.parquet")
    assert main(["export", "--db", db, "--format", "parquet", "-o", str(tmp_path / "m.parquet")]) == 0
    cells = pq.read_table(tmp_path / "m.parquet").column("meta").to_pylist()
    assert [json.loads(cell) for cell in cells] == [meta["x1"], meta["x2"]]


def test_errors(corpus: Corpus) -> None:
    with pytest.raises(ExportError, match="give an output file"):
        corpus.export(None, "parquet")
    with pytest.raises(ExportError, match="choose one of"):
        corpus.export(None, "xml")


def test_export_of_a_period_and_some_outlets(tmp_path, capsys):
    from test_web_corpus import build_db

    from iton.cli import main

    db = str(build_db(tmp_path))
    out = tmp_path / "march.jsonl"
    assert main(["export", "--db", db, "--since", "2024-03", "--until", "2024-03", "--outlet", "news-a",
                 "--outlet", "www.news-b.example", "-o", str(out)]) == 0
    ids = [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert sorted(ids) == ["bridge-a", "bridge-b"]  # not rain-c (January), not evil.example's article
    assert "exported 2 articles" in capsys.readouterr().err
    assert main(["export", "--db", db, "--since", "someday"]) == 1


def test_export_of_a_query(tmp_path, capsys):
    from test_web_corpus import build_db

    from iton.cli import main

    db = str(build_db(tmp_path))

    def exported(*args: str) -> list[str]:
        out = tmp_path / "q.jsonl"
        assert main(["export", "--db", db, "--engine", "rules", "-o", str(out), *args]) == 0
        return [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()]

    assert exported("--query", "גשר") == ["bridge-a", "bridge-b", "xss-d"]  # every inflection: הגשר
    assert exported("--query", "גשר NOT חיפה") == ["xss-d"]
    assert exported("--query", "גשר", "--outlet", "news-b.example") == ["bridge-b"]
    assert exported("--query", "גשם", "--since", "2024-03") == []
    assert main(["export", "--db", db, "--engine", "rules", "--query", "גשר AND"]) == 1  # malformed: an error
    assert "גשר AND" in capsys.readouterr().err

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

"""`iton migrate` and `iton copy`, in-process, between a real SQLite file and a real PostgreSQL server."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from iton.cli import main
from iton.corpus import Corpus
from iton.corpus.export import export_records

_SETTLED = ("ingested_at", "updated_at")  # the copy's own time in the destination


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory) -> str:
    """The bundled sample ingested once into a SQLite file (rules engine: quick)."""
    path = str(tmp_path_factory.mktemp("copy") / "sample.db")
    assert main(["ingest", "--sample", "--db", path, "--engine", "rules", "--no-progress"]) == 0
    return path


def records(path: str) -> list[dict]:
    with Corpus(path, engine="rules") as corpus:
        return [{k: v for k, v in r.items() if k not in _SETTLED} for r in export_records(corpus.store)]


def hits(path: str, query: str) -> list[str]:
    with Corpus(path, engine="rules") as corpus:
        return [hit.id for hit in corpus.search(query, limit=50, collapse=True)]


def test_migrate_creates_then_reports_up_to_date(tmp_path: Path, capsys) -> None:
    path = str(tmp_path / "new.db")
    assert main(["migrate", "--db", path, "--json"]) == 0
    first = json.loads(capsys.readouterr().out)
    assert first["applied"] == first["migrations"] and first["applied"]
    assert main(["migrate", "--db", path]) == 0
    assert "up to date" in capsys.readouterr().out


def test_migrate_a_postgres_database(postgres_url: str, capsys) -> None:
    assert main(["migrate", "--db", postgres_url, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["applied"][0] == "0001_articles"
    assert main(["migrate", "--db", postgres_url]) == 0
    assert "up to date" in capsys.readouterr().out


def test_copy_there_and_back_keeps_everything(sample_db: str, postgres_url: str, tmp_path: Path, capsys) -> None:
    back = str(tmp_path / "back.db")
    assert main(["copy", "--from", sample_db, "--to", postgres_url, "--json"]) == 0
    there = json.loads(capsys.readouterr().out)
    assert there["added"] == len(records(sample_db)) and there["pairs"] > 0
    assert main(["copy", "--from", postgres_url, "--to", back]) == 0
    assert capsys.readouterr().out.endswith(f"{back}: {there['added']} added, 0 updated, {there['pairs']} near-duplicate pairs\n")
    assert records(postgres_url) == records(sample_db) == records(back)
    for query in ("מטוס", '"בית המשפט"', "ממשלה OR כנסת"):
        assert hits(postgres_url, query) == hits(sample_db, query) == hits(back, query), query
    # run again: nothing added, every article replaced in place, groups unchanged
    assert main(["copy", "--from", sample_db, "--to", postgres_url, "--json"]) == 0
    again = json.loads(capsys.readouterr().out)
    assert (again["added"], again["updated"]) == (0, there["added"])
    assert records(postgres_url) == records(sample_db)


@pytest.mark.parametrize(("arguments", "message"), [
    (["--from", "missing.db", "--to", "x.db"], "no corpus at missing.db"),
    (["--from", "same.db", "--to", "same.db"], "the same store"),
    (["--from", "postgresql://iton:pw@127.0.0.1:1/x", "--to", "x.db"], r"postgresql://iton:\*\*\*@127.0.0.1:1/x: cannot connect"),
])  # fmt: skip
def test_copy_refuses_with_a_reason(arguments: list[str], message: str, tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["copy", *arguments]) == 1
    err = capsys.readouterr().err
    assert re.search(message, err), err
    assert not (tmp_path / "x.db").exists()

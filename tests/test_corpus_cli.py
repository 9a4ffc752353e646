"""The corpus commands run in-process: ingest, search, duplicates, export, and their exit statuses."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from iton.cli import build_parser, main
from iton.corpus import sample_path

ENGINE = os.environ.get("ITON_CORPUS_TEST_ENGINE", "auto")


def run(capsys, *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture()
def db(tmp_path: Path, capsys) -> str:
    path = str(tmp_path / "c.db")
    status, _, _ = run(capsys, "ingest", sample_path(), "--db", path, "--engine", ENGINE)
    assert status == 0
    return path


def test_ingest_summary_and_json(tmp_path: Path, capsys) -> None:
    path = str(tmp_path / "c.db")
    status, out, err = run(capsys, "ingest", sample_path(), "--db", path, "--engine", ENGINE, "--json")
    assert status == 0
    summary = json.loads(out)
    assert (summary["read"], summary["added"], summary["rejected"], summary["warnings"]) == (26, 26, 0, 1)
    assert "read as jsonl (extension)" in err and "read 26, added 26" in err
    assert "sample-25: date 'אתמול בערב' did not parse" in err  # the sample's one unparsable date
    status, out, err = run(capsys, "ingest", sample_path(), "--db", path, "--engine", ENGINE, "--json")
    assert json.loads(out)["unchanged"] == 26


def test_ingest_with_rejects_exits_1(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a", "body": "גוף הכתבה"}\n{broken\n', encoding="utf-8")
    path = str(tmp_path / "c.db")
    status, _, err = run(capsys, "ingest", str(bad), "--db", path, "--engine", ENGINE)
    assert status == 1
    assert f"{bad}:2: rejected: invalid JSON" in err
    rejects = Path(path + ".rejects.jsonl")
    assert json.loads(rejects.read_text(encoding="utf-8"))["line"] == 2


def test_ingest_missing_source(tmp_path: Path, capsys) -> None:
    status, _, err = run(capsys, "ingest", str(tmp_path / "nope.jsonl"), "--db", str(tmp_path / "c.db"))
    assert status == 1 and "no such file" in err and "Traceback" not in err


def test_search_text_and_json(db: str, capsys) -> None:
    status, out, _ = run(capsys, "search", "מטוס", "--db", db, "--engine", ENGINE, "--limit", "3")
    assert status == 0 and out.startswith("1. ") and "matched: מטוס ←" in out
    status, out, _ = run(capsys, "search", "מטוס OR ריבית", "--db", db, "--engine", ENGINE, "--json", "--limit", "3")
    hits = [json.loads(line) for line in out.splitlines()]
    assert len(hits) == 3 and all({"id", "score", "snippet"} <= set(h) for h in hits)


def test_search_words_without_quotes_are_one_query(db: str, capsys) -> None:
    _, out, _ = run(capsys, "search", "מטוס", "AND", "אילת", "--db", db, "--engine", ENGINE, "--json")
    assert [json.loads(line)["id"] for line in out.splitlines()] == ["sample-03"]


def test_search_explain_and_errors(db: str, capsys) -> None:
    status, out, _ = run(capsys, "search", "=המטוס", "--explain", "--engine", ENGINE)
    assert status == 0 and 'store query: index_forms : "המטוס"' in out
    status, _, err = run(capsys, "search", '"לא סגור', "--db", db, "--engine", ENGINE)
    assert status == 1 and "not closed" in err and "Traceback" not in err
    status, _, err = run(capsys, "search", "מטוס", "--db", db, "--since", "מחר")
    assert status == 1 and "not a date" in err


def test_search_collapse_and_filters(db: str, capsys) -> None:
    _, out, _ = run(capsys, "search", '"סערת חורף"', "--db", db, "--engine", ENGINE, "--collapse")
    assert out.count("\n1. ") + out.startswith("1. ") == 1 and "near-duplicates:" in out
    _, out, _ = run(capsys, "search", "מטוס", "--db", db, "--engine", ENGINE, "--json", "--outlet", "tech-il.example")
    assert out == ""


def test_search_pages_sorts_outlets_and_downloads(db: str, capsys) -> None:
    import csv
    import io

    def ids(*extra: str) -> list[str]:
        status, out, _ = run(capsys, "search", "מטוס OR משטרה", "--db", db, "--engine", ENGINE, "--json", *extra)
        assert status == 0
        return [json.loads(line)["id"] for line in out.splitlines()]

    newest = ids("--sort", "date", "--limit", "1000")
    assert len(newest) > 4
    paged = [i for page in range(1, len(newest) // 3 + 2) for i in ids("--sort", "date", "--limit", "3", "--page", str(page))]
    assert paged == newest
    _, _, err = run(capsys, "search", "מטוס OR משטרה", "--db", db, "--engine", ENGINE, "--limit", "3", "--page", "2")
    assert f"{len(newest)} matches; page 2 of {-(-len(newest) // 3)} (hits 4-6)" in err
    status, out, _ = run(capsys, "search", "מטוס OR משטרה", "--db", db, "--engine", ENGINE, "--sort", "date", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out.removeprefix("\ufeff"))))
    assert status == 0 and out.startswith("\ufeff") and [r["id"] for r in rows] == newest
    # --outlet: repeatable, by prefix or domain
    both = ids("--outlet", "kol", "--outlet", "https://www.hadashot-hayom.example/x", "--limit", "1000")
    assert both and sorted(both) == sorted(ids("--outlet", "kol-hadarom.example", "--limit", "1000")
                                           + ids("--outlet", "hadashot-hayom.example", "--limit", "1000"))
    status, _, err = run(capsys, "search", "מטוס", "--db", db, "--limit", "5000")
    assert status == 1 and "--page" in err


def test_duplicates(db: str, capsys) -> None:
    status, out, _ = run(capsys, "duplicates", "--db", db)
    assert status == 0 and out.startswith("group 1 (2 articles)") and "estimated similarity" in out
    _, out, _ = run(capsys, "duplicates", "--db", db, "--json", "--rebuild")
    groups = [json.loads(line) for line in out.splitlines()]
    assert [[m["id"] for m in g["members"]] for g in groups] == [["sample-01", "sample-02"], ["sample-06", "sample-07"]]


def test_export(db: str, tmp_path: Path, capsys) -> None:
    status, out, err = run(capsys, "export", "--db", db)
    assert status == 0 and len(out.splitlines()) == 26 and "exported 26 articles" in err
    out_file = tmp_path / "c.csv"
    status, _, _ = run(capsys, "export", "--db", db, "--format", "csv", "-o", str(out_file))
    assert status == 0 and out_file.read_text(encoding="utf-8").startswith("id,outlet,url,title")
    status, _, err = run(capsys, "export", "--db", db, "--format", "parquet")
    assert status == 1 and "give an output file" in err


def test_commands_have_help() -> None:
    parser = build_parser()
    actions = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    for name in ("ingest", "search", "duplicates", "export"):
        sub = actions.choices[name]
        assert sub.description and all(a.help for a in sub._actions)


def test_ingest_the_bundled_sample(tmp_path: Path, capsys) -> None:
    path = str(tmp_path / "s.db")
    status, _, err = run(capsys, "ingest", "--sample", "--db", path, "--engine", ENGINE)
    assert status == 0 and "added 26" in err
    status, _, err = run(capsys, "ingest", "--db", path)
    assert status == 1 and "nothing to ingest" in err


def test_unwritable_paths_are_clear_errors(db: str, tmp_path: Path, capsys) -> None:
    # each used to end in a Python traceback (FileNotFoundError, sqlite3.OperationalError)
    missing = tmp_path / "no-such-folder"
    for args in (("export", "--db", db, "--output", str(missing / "out.jsonl")),
                 ("export", "--db", db, "--format", "parquet", "--output", str(missing / "out.parquet")),
                 ("ingest", sample_path(), "--db", str(missing / "c.db"), "--engine", "rules"),
                 ("ingest", sample_path(), "--db", db, "--rejects", str(missing / "r.jsonl"), "--engine", "rules")):
        status, _, err = run(capsys, *args)
        assert status == 1 and "Traceback" not in err and str(missing) in err, args
    not_a_store = tmp_path / "notes.db"
    not_a_store.write_text("not a database", encoding="utf-8")
    status, _, err = run(capsys, "search", "מטוס", "--db", str(not_a_store), "--engine", "rules")
    assert status == 1 and "not a database" in err

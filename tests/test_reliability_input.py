"""Bad input and faults at ingest, on real files through the command line: nothing valid is lost,
every bad record is named with its line and reason, and no traceback reaches the user."""

from __future__ import annotations

import gzip
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from iton.cli import main

BODY = "ראש הממשלה נפגש היום עם נשיא המדינה בירושלים. השניים דנו במצב הביטחוני בצפון."


def record(number: int, **fields) -> dict:
    return {"id": f"r-{number}", "title": f"כותרת {number}", "body": f"{BODY} דיווח מספר {number}.", **fields}


def jsonl(records: list[dict]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def ingest(capsys, tmp_path: Path, *args: str) -> tuple[int, str, list[str], list[dict]]:
    """Runs `iton ingest ARGS` into a fresh store: (status, stderr, stored ids, rejects file records)."""
    db, rejects = tmp_path / "c.db", tmp_path / "c.rejects.jsonl"
    status = main(["ingest", *args, "--db", str(db), "--rejects", str(rejects), "--engine", "rules",
                   "--no-entities", "--no-progress"])  # fmt: skip
    _, err = capsys.readouterr()
    assert "Traceback" not in err
    ids = []
    if db.exists():
        with sqlite3.connect(db) as connection:
            ids = [row[0] for row in connection.execute("SELECT id FROM articles ORDER BY rowid")]
    problems = [json.loads(line) for line in rejects.read_text(encoding="utf-8").splitlines()] if rejects.exists() else []
    return status, err, ids, problems


def test_a_nul_byte_rejects_only_its_record(tmp_path: Path, capsys) -> None:
    lines = jsonl([record(i) for i in range(1, 51)]).splitlines()
    lines[9] = lines[9].replace('"body": "', '"body": "\x00', 1)
    path = tmp_path / "nul.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    status, err, ids, problems = ingest(capsys, tmp_path, str(path))
    assert status == 1 and len(ids) == 49 and "r-10" not in ids
    assert [(p["line"], p["reason"].split(" at ")[0]) for p in problems] == [(10, "NUL byte (binary data)")]
    assert "nul.jsonl:10: rejected: NUL byte" in err


def test_deep_nesting_and_huge_numbers_reject_their_lines_only(tmp_path: Path, capsys) -> None:
    path = tmp_path / "deep.jsonl"
    huge = '{"id": "n", "body": "גוף", "count": ' + "7" * 5000 + "}"
    path.write_text(jsonl([record(1)]) + "[" * 100_000 + "\n" + huge + "\n" + jsonl([record(2)]), encoding="utf-8")
    status, err, ids, problems = ingest(capsys, tmp_path, str(path))
    assert status == 1 and ids == ["r-1", "r-2"]
    reasons = {p["line"]: p["reason"] for p in problems}
    assert reasons[2].startswith("JSON nested too deeply") and reasons[3].startswith("a number too long to read")
    assert "read 4, added 2, updated 0, unchanged 0, rejected 2" in err  # the summary is printed


def test_a_truncated_gz_keeps_every_complete_record(tmp_path: Path, capsys) -> None:
    whole = gzip.compress(jsonl([record(i) for i in range(1, 201)]).encode())
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(whole[: len(whole) * 6 // 10])
    readable = []
    with gzip.open(path, "rt", encoding="utf-8", errors="replace") as handle:
        try:
            readable.extend(handle)
        except EOFError:
            pass
    complete = sum(line.endswith("}\n") for line in readable)
    status, err, ids, problems = ingest(capsys, tmp_path, str(path))
    assert status == 1 and len(ids) >= complete - 1 and len(ids) > 50
    assert any(p["reason"].startswith("truncated .gz") for p in problems)
    assert "truncated .gz" in err


def test_a_truncated_json_line_is_called_truncated(tmp_path: Path, capsys) -> None:
    path = tmp_path / "cut.jsonl"
    text = jsonl([record(1), record(2)])
    path.write_bytes(text.encode()[: -len("2.\"}\n") - 3])  # cut inside the second record's last Hebrew letter
    status, _, ids, problems = ingest(capsys, tmp_path, str(path))
    assert status == 1 and ids == ["r-1"]
    assert problems[0]["line"] == 2 and problems[0]["reason"].startswith("truncated")


def test_format_by_content_past_a_comment_line_and_forced(tmp_path: Path, capsys) -> None:
    path = tmp_path / "feed"
    path.write_text("# exported by the newsroom\n" + jsonl([record(i) for i in range(1, 21)]), encoding="utf-8")
    status, err, ids, problems = ingest(capsys, tmp_path, str(path))
    assert status == 0 and len(ids) == 20 and "read as jsonl (content)" in err
    assert problems[0]["kind"] == "warning" and problems[0]["reason"].startswith("comment line")
    (tmp_path / "forced").mkdir()
    status, err, ids, _ = ingest(capsys, tmp_path / "forced", str(path), "--format", "txt")
    assert "read as txt (given)" in err and len(ids) == 1


def test_a_broken_csv_row_does_not_eat_the_next(tmp_path: Path, capsys) -> None:
    path = tmp_path / "news.csv"
    path.write_text(f'id,title,body\n1,"כותרת,{BODY}\n2,כותרת,{BODY}\n3,"כותרת","{BODY}"\n', encoding="utf-8")
    status, _, ids, problems = ingest(capsys, tmp_path, str(path))
    assert status == 1 and ids == ["2", "3"]
    assert problems[0]["line"] == 2 and problems[0]["reason"].startswith("broken CSV row")


def test_a_broken_feed_item_does_not_eat_the_next(tmp_path: Path, capsys) -> None:
    items = [f"<item><title>כותרת {i}</title><description>{BODY}</description><guid>g{i}</guid></item>" for i in range(4)]
    items[1] = items[1].replace("<description>", "<description><![CDATA[")
    path = tmp_path / "feed.xml"
    path.write_text('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>ערוץ</title>\n'
                    + "\n".join(items) + "\n</channel></rss>\n", encoding="utf-8")  # fmt: skip
    status, _, ids, problems = ingest(capsys, tmp_path, str(path))
    assert status == 1 and ids == ["g0", "g2", "g3"]
    assert problems[0]["line"] == 2 and "unclosed CDATA section" in problems[0]["reason"]


@pytest.mark.parametrize(("policy", "status", "kept_title"), [("last", 0, "כותרת 8"), ("first", 0, "כותרת 4"),
                                                               ("error", 1, "כותרת 4")])  # fmt: skip
def test_duplicate_ids_are_reported_under_each_policy(tmp_path: Path, capsys, policy, status, kept_title) -> None:
    records = [record(i) for i in range(1, 11)]
    records[7]["id"] = records[3]["id"]
    path = tmp_path / "dup.jsonl"
    path.write_text(jsonl(records), encoding="utf-8")
    got, _, ids, problems = ingest(capsys, tmp_path, str(path), "--duplicates", policy)
    assert got == status and len(ids) == 9
    assert [(p["line"], p["reason"].split(";")[0]) for p in problems] == [(8, f"duplicate id r-4: already read at {path}:4")]
    with sqlite3.connect(tmp_path / "c.db") as connection:
        assert connection.execute("SELECT title FROM articles WHERE id = 'r-4'").fetchone()[0] == kept_title


def test_a_5_mb_body_is_rejected_with_the_reason_and_the_rest_kept(tmp_path: Path, capsys) -> None:
    path = tmp_path / "big.jsonl"
    big = record(0, body=(BODY + " ") * (5_000_000 // len((BODY + " ").encode())))
    path.write_text(jsonl([big] + [record(i) for i in range(1, 11)]), encoding="utf-8")
    status, _, ids, problems = ingest(capsys, tmp_path, str(path))
    assert status == 1 and len(ids) == 10
    assert problems[0]["line"] == 1 and "over the limit of 1,000,000 bytes" in problems[0]["reason"]
    assert "--max-record-bytes" in problems[0]["reason"]


def test_wrong_typed_fields_are_reported_not_silently_stringified(tmp_path: Path, capsys) -> None:
    path = tmp_path / "types.jsonl"
    path.write_text(jsonl([record(1, title=42), record(2, body=["פסקה", "שנייה"]), record(3, id=7)]), encoding="utf-8")
    status, _, ids, problems = ingest(capsys, tmp_path, str(path))
    assert status == 1 and ids == ["r-1", "7"]
    reasons = {p["line"]: (p["kind"], p["reason"]) for p in problems}
    assert reasons[1] == ("warning", "r-1: title is a number (42), stored as the text '42'; give a string")
    assert reasons[2] == ("rejected", "body is a list, not text; give the article text as a string")
    assert 3 not in reasons  # a numeric id is an id


@pytest.mark.parametrize(("encoding", "args"), [("utf-16", []), ("utf-16-le", ["--encoding", "utf-16-le"])])
def test_utf16_by_byte_order_mark_or_encoding(tmp_path: Path, capsys, encoding: str, args: list[str]) -> None:
    path = tmp_path / "wide.jsonl"
    path.write_bytes(jsonl([record(1), record(2)]).encode(encoding))
    status, _, ids, _ = ingest(capsys, tmp_path, str(path), *args)
    assert status == 0 and ids == ["r-1", "r-2"]


def test_a_missing_input_creates_no_store(tmp_path: Path, capsys) -> None:
    status = main(["ingest", str(tmp_path / "none.jsonl"), "--db", str(tmp_path / "new.db")])
    _, err = capsys.readouterr()
    assert status != 0 and "none.jsonl" in err and "Traceback" not in err
    assert not (tmp_path / "new.db").exists()


def test_the_rejects_file_is_this_runs(tmp_path: Path, capsys) -> None:
    path = tmp_path / "news.jsonl"
    path.write_text(jsonl([record(1)]) + "{broken\n", encoding="utf-8")
    assert ingest(capsys, tmp_path, str(path))[3]
    path.write_text(jsonl([record(1)]), encoding="utf-8")
    assert ingest(capsys, tmp_path, str(path))[3] == []


def test_json_lines_escape_unicode_line_separators(tmp_path: Path, capsys) -> None:
    path = tmp_path / "news.jsonl"
    path.write_text(jsonl([record(1, title="שורה\u2028שנייה\u0085ושלישית\u2029ורביעית")]), encoding="utf-8")
    ingest(capsys, tmp_path, str(path))
    main(["export", "--db", str(tmp_path / "c.db")])
    out, _ = capsys.readouterr()
    assert len(out.splitlines()) == 1 and "\u2028" not in out and "\\u2028" in out
    assert json.loads(out)["title"] == "שורה\u2028שנייה\u0085ושלישית\u2029ורביעית"


LOCK_HOLDER = """
import sqlite3, sys, time
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
connection.execute("COMMIT")
"""


def test_a_store_locked_by_another_process_is_waited_for(tmp_path: Path, capsys) -> None:
    path = tmp_path / "news.jsonl"
    path.write_text(jsonl([record(1)]), encoding="utf-8")
    ingest(capsys, tmp_path, str(path))
    path.write_text(jsonl([record(i) for i in range(2, 12)]), encoding="utf-8")
    # held past SQLite's own 5 s busy timeout, so only the retries keep the batch
    holder = subprocess.Popen([sys.executable, "-c", LOCK_HOLDER, str(tmp_path / "c.db"), "6.5"],
                              stdout=subprocess.PIPE, text=True)  # fmt: skip
    try:
        assert holder.stdout.readline().strip() == "locked"
        status, _, ids, problems = ingest(capsys, tmp_path, str(path))
    finally:
        holder.wait(timeout=30)
    assert status == 0 and len(ids) == 11 and problems == []

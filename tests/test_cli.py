"""The command line, run in-process: normalize streams line by line and never shows a traceback."""

from __future__ import annotations

import io
import json
import os
import sys
from pathlib import Path

import pytest

from hypothesis import given, settings
from hypothesis import strategies as st

from iton.cli import COMMANDS, build_parser, main, normalize_stream


def run(args: list[str], stdin: bytes = b"", capsys=None, monkeypatch=None) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(io.BytesIO(stdin)), encoding="utf-8"))
    status = main(args)
    out, err = capsys.readouterr()
    return status, out, err


def test_line_count_in_equals_out(capsys, monkeypatch) -> None:
    data = "שלום עולם\n\nמה נשמע?\n".encode()
    status, out, _ = run(["normalize", "--engine", "rules"], data, capsys, monkeypatch)
    assert status == 0
    assert out.split("\n")[:3] == ["שלום עולם", "", "מה נשמע ?"]
    assert out.count("\n") == 3


def test_a_dash_among_the_files_is_standard_input_in_its_place(tmp_path: Path, capsys, monkeypatch) -> None:
    before, after = tmp_path / "before.txt", tmp_path / "after.txt"
    before.write_text("שלום\n", encoding="utf-8")
    after.write_text("עולם\n", encoding="utf-8")
    status, out, err = run(["normalize", "--engine", "rules", str(before), "-", str(after)], "מה נשמע\n".encode(),
                           capsys, monkeypatch)  # fmt: skip
    assert status == 0 and not err
    assert out.splitlines() == ["שלום", "מה נשמע", "עולם"]


def test_invalid_utf8_is_reported_and_line_kept(capsys, monkeypatch) -> None:
    data = b"\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d\n\xff\xfe bad\n\xd7\xa9\n"
    status, out, err = run(["normalize", "--engine", "rules"], data, capsys, monkeypatch)
    assert status == 0
    assert out.count("\n") == 3
    assert "<stdin>:2: invalid UTF-8" in err


def test_nul_bytes_keep_line_alignment_and_are_reported(tmp_path: Path, capsys, monkeypatch) -> None:
    mixed = tmp_path / "mixed.txt"
    mixed.write_bytes("שלום\n".encode() + b"\x00\x01\x02" * 100 + "\nשלום\x00עולם\n".encode())
    status, out, err = run(["normalize", "--engine", "rules", str(mixed)], b"", capsys, monkeypatch)
    assert status == 0 and "Traceback" not in err
    assert out.splitlines() == ["שלום", "", "שלום עולם"]
    assert "mixed.txt:2: 300 NUL" not in err and "mixed.txt:2: 100 NUL bytes" in err and "mixed.txt:3: 1 NUL" in err


def test_over_long_line_is_an_empty_line_and_exit_1(tmp_path: Path, capsys, monkeypatch) -> None:
    path = tmp_path / "long.txt"
    path.write_text("שלום\n" + "מילה " * 50 + "\nעולם\n", encoding="utf-8")
    status, out, err = run(["normalize", "--engine", "rules", "--max-line-chars", "100", str(path)], b"",
                           capsys, monkeypatch)  # fmt: skip
    assert status == 1 and out.splitlines() == ["שלום", "", "עולם"]
    assert "long.txt:2: line of 250 characters is over the limit of 100 (--max-line-chars)" in err


def test_missing_file_is_reported(tmp_path: Path, capsys, monkeypatch) -> None:
    status, _, err = run(["normalize", str(tmp_path / "none.txt")], b"", capsys, monkeypatch)
    assert status == 1 and "none.txt" in err


def test_long_line_without_spaces(capsys, monkeypatch) -> None:
    data = ("א" * 1_000_000 + "\nשלום\n").encode()
    status, out, _ = run(["normalize", "--engine", "rules", "--max-line-chars", "2000000"], data, capsys, monkeypatch)
    assert status == 0
    assert out.split("\n")[1] == "שלום"


def test_keep_foreign_and_normalized_input(capsys, monkeypatch) -> None:
    status, out, _ = run(["normalize", "--engine", "rules", "--keep-foreign"], "מדגם S-300\n".encode(), capsys, monkeypatch)
    assert out.split() == ["דגם", "S-300"]
    status, out, _ = run(["normalize", "--input", "normalized"], "ין צבא , מטוס\n".encode(), capsys, monkeypatch)
    assert out == "ין צבא , מטוס\n"


def test_formats(capsys, monkeypatch) -> None:
    _, out, _ = run(["normalize", "--engine", "rules", "--format", "json"], "שלום\nעולם\n".encode(), capsys, monkeypatch)
    lines = [json.loads(line) for line in out.splitlines()]
    assert [d["text"] for d in lines] == ["שלום", "עולם"]
    _, out, _ = run(["normalize", "--engine", "rules", "--format", "conllu"], "שלום.\nעולם.\n".encode(), capsys, monkeypatch)
    assert "# sent_id = 2" in out and "# text = עולם." in out


def test_seed_round_trip(seed_text: str, tmp_path: Path, capsys, monkeypatch) -> None:
    path = tmp_path / "seed.txt"
    path.write_text(seed_text, encoding="utf-8")
    _, out, _ = run(["normalize", "--input", "normalized", str(path)], b"", capsys, monkeypatch)
    assert out.split() == seed_text.split()


def test_every_command_has_help() -> None:
    parser = build_parser()
    subparsers = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    assert len(subparsers.choices) == len(COMMANDS)
    for name, sub in subparsers.choices.items():
        assert sub.description, f"command {name} has no description"
        for action in sub._actions:
            if action.dest != "help":
                assert action.help, f"option {action.dest} of {name} has no help"


def test_a_command_run_alone_parses_as_with_every_command() -> None:
    # main builds the parser of the command it runs only (the others' modules stay unloaded)
    alone = build_parser("search")
    subparsers = next(a for a in alone._actions if a.__class__.__name__ == "_SubParsersAction")
    assert list(subparsers.choices) == ["search"]
    argv = ["search", "ממשלה", "--limit", "5", "--sort", "date"]
    assert vars(alone.parse_args(argv)) == vars(build_parser().parse_args(argv))


def test_version_is_the_installed_package_version(capsys) -> None:
    from importlib.metadata import version

    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0 and capsys.readouterr().out.strip() == f"iton {version('iton')}"


def test_usage_error_exits_2(capsys) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["normalize", "--format", "xml"])
    assert exc.value.code == 2


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")), max_size=20))
def test_line_count_in_equals_line_count_out(lines: list[str]) -> None:
    out = io.StringIO()
    assert normalize_stream(lines, out, engine="rules") == len(lines)
    assert out.getvalue().count("\n") == len(lines)


@pytest.mark.parametrize("fmt", ["text", "json", "conllu"])
def test_normalize_in_worker_processes_writes_what_one_process_writes(fmt: str, monkeypatch) -> None:
    from iton.cli import text

    monkeypatch.setattr(text, "STREAM_BATCH_LINES", 3)  # many batches, more than the workers hold at once
    lines = ["ראש הממשלה נתניהו ייפגש מחר עם הנשיא פוטין במוסקבה.", "", "המשטרה עצרה שלושה חשודים. הם שוחררו.",
             "שני מטוסים אזרחיים נחתו בנתב\"ג"] * 5  # fmt: skip
    one, two = io.StringIO(), io.StringIO()
    assert normalize_stream(lines, one, fmt) == len(lines)
    assert normalize_stream(lines, two, fmt, jobs=2) == len(lines)
    assert two.getvalue() == one.getvalue()
    if fmt == "conllu":  # numbered on across batches, whichever process analysed them
        ids = [int(row.split("= ")[1]) for row in two.getvalue().splitlines() if row.startswith("# sent_id")]
        assert ids == list(range(1, 21))  # four sentences every four lines


def test_jobs_out_of_range_is_a_usage_error(capsys) -> None:
    for command in (["normalize", "--jobs", "17"], ["ingest", "--jobs", "0", "x.jsonl"]):
        with pytest.raises(SystemExit) as exc:
            main(command)
        assert exc.value.code == 2 and "--jobs" in capsys.readouterr().err


def test_more_jobs_than_cores_runs_and_says_so(capsys, monkeypatch) -> None:
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0}, raising=False)  # a one-core process
    status, out, err = run(["normalize", "--engine", "rules", "--jobs", "2"], "שלום עולם\n".encode(), capsys, monkeypatch)
    assert status == 0 and out == "שלום עולם\n"
    assert "--jobs 2, but this process may use only 1 core; --jobs 1 is faster" in err


def test_demo_runs_each_step_into_a_real_store(tmp_path, capsys, monkeypatch) -> None:
    db = tmp_path / "demo.db"
    status, out, _ = run(["demo", "--db", str(db), "--engine", "rules"], b"", capsys, monkeypatch)
    assert status == 0 and db.exists()
    steps = [line for line in out.splitlines() if line.startswith("## iton ")]
    assert [s.split()[2] for s in steps] == ["ingest"] + ["search"] * 4 + ["duplicates", "stories"]
    assert "sample-01" in out  # the stories step lists the sample's articles

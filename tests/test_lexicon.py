"""The user lexicon: a newsroom's own readings override the model's, prefixes and all, and a
bad line is reported with its number and left out while the rest applies."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from iton.cli import main
from iton.document import Document, Morpheme, Token
from iton.errors import InputNotReadable
from iton.morph.lexicon import LexiconEntry, apply_lexicon, parse_lexicon, read_lexicon
from iton.pipeline import Options, load_pipeline
from iton.views import normalized_text

LEXICON = "# the newsroom's names\nכספי\tכספי\tPROPN\nבראשית\tבראשית\tPROPN\nחלליות\tחללית\n"


@pytest.fixture()
def lexicon_file(tmp_path: Path) -> Path:
    path = tmp_path / "lexicon.tsv"
    path.write_text(LEXICON, encoding="utf-8")
    return path


def test_bad_lines_are_reported_with_their_number_and_left_out() -> None:
    lexicon = parse_lexicon(["כספי\tכספי", "שלום", "", "שדרות\tשדרות\tTOWN", "abc\tabc", "שני\tמילים\tX\tY",
                             "מטוס\t"], "my.tsv")
    assert lexicon.entries == {"כספי": LexiconEntry("כספי", "כספי")}
    assert [p.split(":")[1] for p in lexicon.problems] == ["2", "4", "5", "6", "7"]
    assert all(p.startswith("my.tsv:") and p.endswith("line left out") for p in lexicon.problems)


def test_entry_applies_under_clitics_and_keeps_the_model_prefix() -> None:
    token = Token("ולכספי", 0, 6, "hebrew", True, [Morpheme("ו", "ו", "CCONJ"), Morpheme("ל", "ל", "ADP"),
                                                   Morpheme("כסף", "כסף", "NOUN"), Morpheme("י", "אני", "PRON")])
    doc = Document("ולכספי", [token])
    apply_lexicon(doc, parse_lexicon(["כספי\tכספי\tPROPN"]))
    assert token.morphemes == [Morpheme("ו", "ו", "CCONJ"), Morpheme("ל", "ל", "ADP"), Morpheme("כספי", "כספי", "PROPN")]


def test_pipeline_applies_the_lexicon_last(lexicon_file: Path) -> None:
    text = "החללית בראשית נחתה. חלליות רבות שוגרו, ולכספי יש שיר."
    plain = normalized_text(load_pipeline(Options(engine="model")).analyze(text)).split()
    fixed = normalized_text(load_pipeline(Options(engine="model", lexicon=str(lexicon_file))).analyze(text)).split()
    assert "בראשית" in fixed and "כספי" in fixed and "חללית" in fixed
    assert len(plain) == len(fixed)


def test_missing_lexicon_file_names_the_fix(tmp_path: Path) -> None:
    with pytest.raises(InputNotReadable, match="missing.tsv"):
        read_lexicon(tmp_path / "missing.tsv")


def test_normalize_command_takes_a_lexicon_and_reports_its_bad_lines(tmp_path: Path, capsys, monkeypatch) -> None:
    path = tmp_path / "lex.tsv"
    path.write_text("בראשית\tבראשית\tPROPN\nשורה שבורה\n", encoding="utf-8")
    # without the lexicon בראשית comes out ראשית ("beginning"); the word before it is one the model
    # reads alike with and without hspell
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(io.BytesIO("הממשלה בראשית\n".encode())),
                                                       encoding="utf-8"))
    status = main(["normalize", "--lexicon", str(path)])
    out, err = capsys.readouterr()
    assert status == 0
    assert out.split() == ["ממשלה", "בראשית"]
    assert f"{path}:2:" in err


def test_normalize_command_refuses_an_unreadable_lexicon(tmp_path: Path, capsys) -> None:
    status = main(["normalize", "--lexicon", str(tmp_path / "none.tsv")])
    assert status == 2
    assert "none.tsv" in capsys.readouterr().err

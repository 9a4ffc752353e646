"""Searching a name (eval/name_search.py): the labelled names make queries as users write them,
and searching them finds the articles that name them at least as often as eval/floors.json says."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "eval"))

import name_search  # noqa: E402


def test_each_name_is_a_query_of_its_words_with_the_articles_that_name_it() -> None:
    names = name_search.names()
    assert len(names) >= 100
    assert all(entry["articles"] and entry["type"] for entry in names.values())
    assert name_search.query_of("נתניהו") == "נתניהו"
    assert name_search.query_of("בנימין נתניהו") == '"בנימין נתניהו"'


def test_name_search_holds_its_floor(news_dev_path) -> None:
    from iton.morph.entities import model_path

    if not model_path().exists():
        pytest.skip("the entity model is not built: python -m iton.training.entities")
    result = name_search.run(news_dev_path)
    assert result["pairs"] >= 200
    assert name_search.check(result) == []


def test_the_gate_fails_below_its_floor() -> None:
    floors = json.loads((Path(name_search.__file__).parent / "floors.json").read_text(encoding="utf-8"))["floors_name_search"]
    assert name_search.check({key: 0.0 for key in floors}) == [
        f"{key} = 0.0 is below its floor {floor}" for key, floor in floors.items()]


def test_the_eval_says_when_the_articles_are_absent(tmp_path, capsys) -> None:
    assert name_search.main(["--data", str(tmp_path / "none.jsonl")]) == 2
    assert "shared folder" in capsys.readouterr().err

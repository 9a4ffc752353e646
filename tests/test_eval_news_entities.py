"""Entity mentions on real news: our labels of news-dev match its text, and iton's F1 on them
holds the floor of eval/floors.json ("floors_news_entities")."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "eval"))

import news_entities  # noqa: E402


def test_every_label_matches_the_text_of_its_article(news_dev_path) -> None:
    articles = news_entities.read_articles(news_dev_path)
    labels = news_entities.read_labels()
    assert news_entities.label_problems(labels, articles) == []
    assert len(labels) >= 300
    assert {label["label"] for label in labels} <= {"PER", "ORG", "GPE", "LOC", "FAC", "EVE", "WOA", "ANG", "DUC"}
    spans = [(label["id"], label["field"], label["start"]) for label in labels]
    assert len(spans) == len(set(spans))


def test_a_label_off_its_text_is_named() -> None:
    articles = {"a1": {"id": "a1", "title": None, "body": "נתניהו נחת בירושלים."}}
    labels = [{"id": "a1", "field": "body", "start": 12, "end": 19, "text": "ירושלים", "label": "GPE"},
              {"id": "a1", "field": "body", "start": 11, "end": 18, "text": "ירושלים", "label": "GPE"},
              {"id": "a2", "field": "body", "start": 0, "end": 1, "text": "א", "label": "PER"}]
    assert news_entities.label_problems(labels, articles) == [
        "label 2 (a1 body 11): the text there is 'בירושלי', not 'ירושלים'",
        "label 3: no article 'a2'",
    ]


def test_scoring_counts_exact_span_and_token_matches() -> None:
    gold = {("a", 1, 8, "GPE", 0, 8), ("a", 20, 26, "PER", 20, 26)}
    predicted = {("a", 1, 8, "LOC", 0, 8), ("a", 20, 26, "PER", 20, 26), ("a", 30, 33, "ORG", 30, 33)}
    result = news_entities.score(gold, predicted)
    assert (result["exact_precision"], result["exact_recall"]) == (33.33, 50.0)
    assert (result["span_precision"], result["span_recall"]) == (66.67, 100.0)
    assert result["exact_f1_PER"] == 100.0 and result["exact_f1_GPE"] == 0.0


def test_news_entity_f1_holds_its_floor(news_dev_path) -> None:
    from iton.morph.entities import model_path

    if not model_path().exists():
        pytest.skip("the entity model is not built: python -m iton.training.entities")
    articles = news_entities.read_articles(news_dev_path)
    gold, predicted, _ = news_entities.mentions(articles, news_entities.read_labels())
    result = news_entities.score(gold, predicted)
    assert result["gold_mentions"] >= 300
    assert news_entities.check(result) == []


def test_the_gate_fails_below_a_floor() -> None:
    floors = json.loads(news_entities.FLOORS.read_text(encoding="utf-8"))["floors_news_entities"]
    assert news_entities.check({key: 0.0 for key in floors}) == [
        f"{key} = 0.0 is below its floor {floor}" for key, floor in floors.items()]


def test_the_eval_says_when_the_articles_are_absent(tmp_path, capsys) -> None:
    assert news_entities.main(["--data", str(tmp_path / "none.jsonl")]) == 2
    assert "shared folder" in capsys.readouterr().err

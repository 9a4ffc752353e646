"""The normalized form on real news: our lemma labels of news-dev sentences match its text, the
scoring counts as normalized-text.md says, and iton's figure holds the floor of eval/floors.json."""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "eval"))

import news_lemmas  # noqa: E402


def test_every_labelled_token_holds_the_text_of_its_article(news_dev_path) -> None:
    articles = news_lemmas.read_articles(news_dev_path)
    labels = news_lemmas.read_labels()
    assert news_lemmas.label_problems(labels, articles) == []
    assert len(labels) == len({(s["id"], s["start"]) for s in labels}) >= 60
    assert len({s["id"] for s in labels}) >= 30
    assert sum(len(s["tokens"]) for s in labels) >= 1000


def test_a_token_off_its_text_is_named() -> None:
    articles = {"a1": {"id": "a1", "title": None, "body": "נתניהו נחת בירושלים."}}
    labels = [{"id": "a1", "field": "body", "start": 0, "end": 20,
               "tokens": [[0, 6, "נתניהו", "נתניהו"], [7, 11, "נחת", "נחת"], [10, 18, "בירושלים", "ירושלים"]]},
              {"id": "a2", "field": "body", "start": 0, "end": 3, "tokens": []}]
    assert news_lemmas.label_problems(labels, articles) == [
        "sentence 1 (a1 body 7): the text there is 'נחת ', not 'נחת'",
        "sentence 1 (a1 body 10): the text there is ' בירושלי', not 'בירושלים'",
        "sentence 2: no article 'a2'",
    ]


def test_the_split_is_fixed_by_the_ids_alone() -> None:
    ids = [f"article-{n}" for n in range(10)]
    parts = news_lemmas.split_of(ids)
    assert sorted(parts.values()).count("unseen") == 4
    assert news_lemmas.split_of(reversed(ids)) == parts


def test_scoring_compares_bags_and_aligned_tokens() -> None:
    labels = [{"id": "a", "field": "body", "start": 0, "end": 30,
               "tokens": [[0, 5, "הספרים", "ספר"], [6, 9, "של", "של"], [10, 14, "הילד", "ילד"],
                          [15, 16, "ה", None]]}]
    # iton writes ספר and ילד right, של as שלו, and nothing for the stub: 2 of 3 in the bag and aligned
    predicted = [[(0, 5, "הספרים", "ספר"), (6, 9, "של", "שלו"), (10, 14, "הילד", "ילד")]]
    result = news_lemmas.score(labels, predicted)
    part = news_lemmas.split_of(["a"])["a"]
    assert result["all.tokens"] == 3
    assert (result["all.lemma_bag_precision"], result["all.lemma_bag_recall"]) == (0.6667, 0.6667)
    assert result["all.token_accuracy"] == 0.6667
    assert result[f"{part}.lemma_bag_f1"] == result["all.lemma_bag_f1"]
    # the same lemmas on other spans still count in the bag, not as aligned tokens
    shifted = [[(1, 5, "ספרים", "ספר"), (6, 9, "של", "של"), (10, 14, "הילד", "ילד")]]
    result = news_lemmas.score(labels, shifted)
    assert result["all.lemma_bag_f1"] == 1.0 and result["all.token_accuracy"] == 0.6667
    assert news_lemmas.errors(labels, shifted) == [
        f"a\t{part}\t0\tהספרים\tNone\tספר",
        f"a\t{part}\t1\tספרים\tספר\t(not a labelled token)",
    ]


def test_news_lemma_bag_holds_its_floor(news_dev_path) -> None:
    articles = news_lemmas.read_articles(news_dev_path)
    labels = news_lemmas.read_labels()
    result = news_lemmas.score(labels, news_lemmas.predictions(articles, labels))
    assert result["all.tokens"] >= 1000
    assert news_lemmas.check(result) == []


def test_the_gate_fails_below_a_floor() -> None:
    floors = json.loads(news_lemmas.FLOORS.read_text(encoding="utf-8"))[news_lemmas.floor_set()]
    assert news_lemmas.check({key: floor - 0.01 for key, floor in floors.items()}) == [
        f"{key} = {floor - 0.01} is below its floor {floor}" for key, floor in floors.items()]

"""Stories: online grouping by time, lemmas and entities; scored on the labelled news-dev groups."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from iton.analysis.stories import StoryOptions, StoryTracker, find_stories
from iton.corpus.article import Article, Mention

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "eval"))


def _rec(i, lemmas, published, entities=(), outlet="o"):
    return Article(id=i, body="", lemmas=lemmas.split(), published=published, outlet=outlet,
                   entities=[Mention("PER", e, e) for e in entities])


def test_same_event_joins_and_look_alike_from_another_year_does_not():
    records = [
        _rec("a", "קבינט אישר הפסקה אש עזה מבצע", "2021-05-20", ["בנימין נתניהו"]),
        _rec("b", "הפסקה אש עזה קבינט הצבעה", "2021-05-21", ["בנימין נתניהו"]),
        _rec("c", "הפסקה אש עזה קבינט", "2014-08-26"),
        _rec("d", "גשם כבד צפון הצפה", "2021-05-20"),
    ]
    story_of = {a: s.id for s in find_stories(records) for a in s.articles}
    assert story_of["a"] == story_of["b"]
    assert story_of["c"] != story_of["a"]
    assert story_of["d"] != story_of["a"]


def test_online_tracker_returns_the_story_as_articles_arrive():
    tracker = StoryTracker(StoryOptions(window_days=2))
    s1 = tracker.add(_rec("a", "גשר חיפה קישון פתיחה", "2024-03-10"))
    s2 = tracker.add(_rec("b", "גשר קישון חיפה תנועה", "2024-03-11"))
    s3 = tracker.add(_rec("c", "גשר קישון חיפה", "2024-03-20"))  # outside the window
    assert s1 is s2 and s3 is not s1
    assert s1.to_dict()["articles"] == ["a", "b"] and s1.to_dict()["start"] == "2024-03-10"


def test_undated_articles_need_more_similarity():
    records = [_rec("a", "גשר חיפה קישון פתיחה טקס", "2024-03-10"), _rec("b", "גשר ירושלים", None)]
    story_of = {a: s.id for s in find_stories(records) for a in s.articles}
    assert story_of["a"] != story_of["b"]


def test_options_are_checked():
    with pytest.raises(ValueError):
        StoryOptions(join_similarity=2.0)


@pytest.mark.slow
def test_news_dev_bcubed(news_dev_path):
    from stories import gold_clusters, load_items, run, score_clusters

    from iton.analysis.records import records_from_items
    from iton.pipeline import Options, load_pipeline

    items = load_items(news_dev_path)
    records = records_from_items(items, load_pipeline(Options(engine="rules")))
    result = score_clusters(gold_clusters(items), run(records, StoryOptions()))
    assert result["bcubed_f1"] >= 0.85, result


def test_scoring_perfect_and_merged():
    from stories import score_clusters

    gold = {"a": "x", "b": "x", "c": "single:c"}
    assert score_clusters(gold, {"a": 1, "b": 1, "c": 2})["bcubed_f1"] == 1.0
    merged = score_clusters(gold, {"a": 1, "b": 1, "c": 1})
    assert merged["bcubed_recall"] == 1.0 and merged["bcubed_precision"] < 1.0

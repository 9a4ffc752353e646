"""The inflected-query evaluation (eval/search_recall.py): its judged set and its scores."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "eval"))

import search_recall  # noqa: E402

from iton.corpus import sample_path  # noqa: E402


def test_every_query_is_judged_against_articles_that_exist() -> None:
    queries = search_recall.load_queries()
    assert len(queries) >= 40 and len({q["query"] for q in queries}) == len(queries)
    ids = {json.loads(line)["id"] for line in Path(sample_path()).read_text(encoding="utf-8").splitlines()}
    if search_recall.DEFAULT_DATA.is_file():
        ids |= {item["id"] for item in map(json.loads, search_recall.DEFAULT_DATA.read_text(encoding="utf-8").splitlines())}
    else:
        ids |= {i for q in queries for i in q["relevant"] if not i.startswith("sample-")}  # news-dev is not here
    for query in queries:
        assert query["relevant"] and set(query["relevant"]) <= ids, query["query"]
        assert query["written"] and query["query"] != query["lemma"]  # written inflected, not as the lemma


def test_scores_count_misses_junk_and_order() -> None:
    queries = [{"query": "a", "relevant": ["x", "y"]}, {"query": "b", "relevant": ["z"]}]
    result = search_recall.score({"a": ["x", "junk", "y"], "b": []}, queries)
    assert result["recall"] == 0.5 and result["precision"] == pytest.approx(round(2 / 3 / 2, 4))
    assert result["MAP"] == pytest.approx(round((1 + 2 / 3) / 2 / 2, 4))
    assert result["misses"] == {"a": {"missed": [], "junk": ["junk"]}, "b": {"missed": ["z"], "junk": []}}


def test_the_htb_queries_are_inflected_news_words_not_in_the_judged_set() -> None:
    queries = search_recall.load_queries(search_recall.HTB_QUERIES)
    judged = {q["query"] for q in search_recall.load_queries()}
    assert len(queries) >= 20 and len({q["query"] for q in queries}) == len(queries)
    for query in queries:
        assert query["query"] not in judged and query["query"] != query["lemma"], query["query"]


def test_added_hits_are_judged_by_gold_lemmas_or_the_judged_set() -> None:
    gold = {"htb-train-0001": {"בית", "גדול"}}
    judged = {"query": "בבתים", "lemma": "בית", "relevant": ["sample-01"]}
    assert search_recall._verdict(judged, "htb-train-0001", gold) == "relevant"
    assert search_recall._verdict({**judged, "lemma": "בת"}, "htb-train-0001", gold) == "wrong"
    assert search_recall._verdict(judged, "sample-01", gold) == "relevant"
    assert search_recall._verdict(judged, "sample-02", gold) == "wrong"
    assert search_recall._verdict({"query": "הבנות", "lemma": "בת"}, "sample-02", gold) == "unjudged"


def test_best_readings_only_searches_no_other_reading() -> None:
    from iton.corpus.query import Term, parse_query
    from iton.corpus.store.fts import to_fts

    query = parse_query("בבתים")
    word = query.words[0]
    assert isinstance(word, Term)
    word.lemmas, word.forms, word.alternatives = ["בית"], ["בבתים"], ["בת"]
    assert "index_alternatives" in to_fts(query.tree) and '"בת"' in to_fts(query.tree)
    assert to_fts(search_recall.best_readings_only(query).tree) == '(index_lemmas : "בית" OR index_forms : "בבתים")'

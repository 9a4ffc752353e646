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

"""Trends: counts per period and outlet."""

from __future__ import annotations

from datetime import date

import pytest

from iton.analysis.trends import TrendQuery, period_key, trend
from iton.corpus.article import Article, Mention


def _rec(i, lemmas, published, outlet, entities=()):
    return Article(id=i, body="", lemmas=lemmas.split(), published=published, outlet=outlet,
                   entities=[Mention(label, lemma, lemma) for label, lemma in entities])


RECORDS = [
    _rec("1", "חיסון חיסון קופה", "2021-01-03", "a", [("PER", "נתניהו"), ("ORG", "משרד הבריאות")]),
    _rec("2", "חיסון שני", "2021-01-05", "b", [("PER", "נתניהו")]),
    _rec("3", "חיסון", "2021-02-10", "a", [("ORG", "משרד הבריאות"), ("PER", "נתניהו")]),
    _rec("4", "חיסון", None, "a"),
    _rec("5", "הפסקה אש", "2021", "a"),  # a year-only date says nothing about a week
]


@pytest.mark.parametrize("day, bucket, key", [
    (date(2021, 1, 5), "day", "2021-01-05"),
    (date(2021, 1, 5), "week", "2021-01-03"),  # the week starts on Sunday
    (date(2021, 1, 3), "week", "2021-01-03"),
    (date(2021, 1, 5), "month", "2021-01-01"),
])
def test_period_key(day, bucket, key):
    assert period_key(day, bucket) == key


def test_lemma_trend_per_outlet():
    points = trend(RECORDS, TrendQuery("lemma", ("חיסון",), "week"))
    assert [(p.period, p.outlet, p.count, p.articles) for p in points] == [
        ("2021-01-03", "a", 2, 1), ("2021-01-03", "b", 1, 1), ("2021-02-07", "a", 1, 1)]


def test_trend_all_outlets_by_month():
    points = trend(RECORDS, TrendQuery("lemma", ("חיסון",), "month", per_outlet=False))
    assert [(p.period, p.count) for p in points] == [("2021-01-01", 3), ("2021-02-01", 1)]


def test_phrase_and_entity_trends():
    assert trend(RECORDS, TrendQuery("phrase", ("חיסון", "שני"), "month"))[0].count == 1
    assert sum(p.count for p in trend(RECORDS, TrendQuery("entity", ("נתניהו",), "month"))) == 3


def test_bad_queries_are_refused():
    with pytest.raises(ValueError):
        TrendQuery("lemma", ("x",), "year")
    with pytest.raises(ValueError):
        TrendQuery("word", ("x",))
    with pytest.raises(ValueError):
        TrendQuery("lemma", ())

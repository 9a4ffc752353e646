"""Trends: counts per period and outlet."""

from __future__ import annotations

from datetime import date

import pytest

from iton.analysis.trends import (UNDATED, TrendQuery, outlet_matches, outlet_points, period_key, period_totals,
                                  trend, trend_table)
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


def test_undated_articles_are_counted_when_asked():
    points = trend(RECORDS, TrendQuery("lemma", ("חיסון",), "month", per_outlet=False, undated=True))
    assert [(p.period, p.count) for p in points] == [("2021-01-01", 3), ("2021-02-01", 1), (UNDATED, 1)]


def test_table_zero_fills_periods_and_gives_shares():
    query = TrendQuery("lemma", ("חיסון",), "month", undated=True)
    totals = period_totals(RECORDS, "month")
    assert totals == {"2021-01-01": 2, "2021-02-01": 1, UNDATED: 2}  # the year-only article is undated
    records = RECORDS + [_rec("6", "גשם", "2021-04-02", "b")]
    rows = trend_table({"חיסון": trend(records, query), "outlet:b": outlet_points(records, "b", "month")},
                       period_totals(records, "month"), "month")
    assert [(r.period, r.articles, r.total) for r in rows if r.series == "חיסון"] == [
        ("2021-01-01", 2, 2), ("2021-02-01", 1, 1), ("2021-03-01", 0, 0), ("2021-04-01", 0, 1), (UNDATED, 1, 2)]
    assert [r.share for r in rows if r.series == "outlet:b"] == [0.5, 0.0, 0.0, 1.0, 0.0]


def test_outlets_match_by_prefix_or_domain():
    assert outlet_matches("ynet.co.il", ["ynet"]) and outlet_matches("ynet.co.il", ["https://www.ynet.co.il/news"])
    assert not outlet_matches("walla.co.il", ["ynet"]) and outlet_matches("walla.co.il", [])

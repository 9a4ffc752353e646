"""Trends: how often a lemma, phrase or entity appears per day, week or month, per outlet."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from iton.corpus.article import Article
from iton.corpus.period import day_range
from iton.corpus.query import outlet_matches

__all__ = ["BUCKETS", "UNDATED", "TrendPoint", "TrendQuery", "TrendRow", "outlet_matches",
           "outlet_points",
           "period_key", "period_totals", "trend", "trend_table"]

BUCKETS = ("day", "week", "month")
KINDS = ("lemma", "phrase", "entity")
# Articles dated only to a year say nothing about a day or a week: they count as undated.
MAX_INTERVAL_DAYS = 31
# The period of articles with no usable date, when a query asks to count them.
UNDATED = "undated"
# Publication dates whose period is remembered: a corpus of years has a few thousand distinct
# days, and 100,000 articles share them (timestamps with times of day are more varied).
PERIOD_CACHE = 65536


@dataclass(frozen=True)
class TrendQuery:
    """What to count: ``kind`` lemma (one lemma), phrase (consecutive lemmas) or entity;
    ``terms`` the lemmas (for an entity, the mention keys it is counted by, its name first); ``bucket`` day, week or month;
    ``per_outlet``: one series per outlet, else one series for all; ``undated``: count articles
    with no usable date under the period UNDATED instead of leaving them out."""

    kind: str
    terms: tuple[str, ...]
    bucket: str = "week"
    per_outlet: bool = True
    undated: bool = False

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"trend kind must be one of {', '.join(KINDS)}, not {self.kind!r}")
        if self.bucket not in BUCKETS:
            raise ValueError(f"trend bucket must be one of {', '.join(BUCKETS)}, not {self.bucket!r}")
        if not self.terms or not all(self.terms):
            raise ValueError("a trend needs a non-empty term")


@dataclass(frozen=True, slots=True)
class TrendPoint:
    """One count: the period (its first day, ISO), the outlet (``*`` for all) and the count."""

    period: str
    outlet: str
    count: int
    articles: int

    def to_dict(self) -> dict:
        """The point as plain data."""
        return {"period": self.period, "outlet": self.outlet, "count": self.count, "articles": self.articles}


def period_key(day: date, bucket: str) -> str:
    """The first day of the day/week (Sunday, as the Israeli week starts)/month ``day`` falls in.

    >>> period_key(date(2021, 5, 20), "week")
    '2021-05-16'
    """
    if bucket == "day":
        return day.isoformat()
    if bucket == "week":
        return (day - timedelta(days=(day.weekday() + 1) % 7)).isoformat()
    return day.replace(day=1).isoformat()


def _period(record: Article, bucket: str) -> str | None:
    """The period an article counts in; None when it has no date precise enough for one."""
    return _period_of(record.published, bucket)


@lru_cache(maxsize=PERIOD_CACHE)
def _period_of(published: str | None, bucket: str) -> str | None:
    when = day_range(published)
    if when is None or (when[1] - when[0]).days > MAX_INTERVAL_DAYS:
        return None
    return period_key(when[0], bucket)


def _count(record: Article, query: TrendQuery) -> int:
    if query.kind == "entity":
        return sum(1 for m in record.entities if m.key in query.terms)
    if query.kind == "lemma" or len(query.terms) == 1:
        return sum(1 for lemma in record.lemmas if lemma == query.terms[0])
    n = len(query.terms)
    lemmas = record.lemmas
    return sum(1 for i in range(len(lemmas) - n + 1) if tuple(lemmas[i : i + n]) == query.terms)


def trend(records: Iterable[Article], query: TrendQuery) -> list[TrendPoint]:
    """Counts of ``query`` per period (and per outlet), periods in order; periods with no hit are left out.

    ``count`` is the number of occurrences, ``articles`` the number of articles with at least one.
    """
    counts: Counter = Counter()
    articles: Counter = Counter()
    for record in records:
        period = _period(record, query.bucket)
        if period is None and not query.undated:
            continue
        n = _count(record, query)
        if not n:
            continue
        key = (period or UNDATED, (record.outlet or "?") if query.per_outlet else "*")
        counts[key] += n
        articles[key] += 1
    return [TrendPoint(p, o, counts[(p, o)], articles[(p, o)]) for p, o in sorted(counts)]


def outlet_points(records: Iterable[Article], outlet: str, bucket: str) -> list[TrendPoint]:
    """The articles of one outlet (matched as by :func:`outlet_matches`) per period, as trend points."""
    counts: Counter = Counter()
    for record in records:
        if outlet_matches(record.outlet, [outlet]):
            counts[(_period(record, bucket) or UNDATED, record.outlet or "?")] += 1
    return [TrendPoint(p, o, n, n) for (p, o), n in sorted(counts.items())]


def period_totals(records: Iterable[Article], bucket: str, outlets: Sequence[str] = ()) -> Counter:
    """Articles per period (UNDATED for those with no usable date), of the ``outlets`` wanted."""
    totals: Counter = Counter()
    for record in records:
        if outlet_matches(record.outlet, outlets):
            totals[_period(record, bucket) or UNDATED] += 1
    return totals


@dataclass(frozen=True, slots=True)
class TrendRow:
    """One cell of a comparison: a series in a period, its occurrences, the articles holding it, all
    the period's articles, and the share of them that hold it."""

    period: str
    series: str
    count: int
    articles: int
    total: int

    @property
    def share(self) -> float:
        """Articles holding the series over all articles of the period (0 in an empty period)."""
        return self.articles / self.total if self.total else 0.0

    def to_dict(self) -> dict:
        """The row as plain data (share rounded to 4 places)."""
        return {"period": self.period, "series": self.series, "count": self.count, "articles": self.articles,
                "total": self.total, "share": round(self.share, 4)}


def _periods_between(first: str, last: str, bucket: str) -> list[str]:
    out, day = [], date.fromisoformat(first)
    end = date.fromisoformat(last)
    while day <= end:
        out.append(period_key(day, bucket))
        day = day + timedelta(days=1) if bucket == "day" else day + timedelta(days=7) if bucket == "week" else (
            day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return out


def trend_table(series: dict[str, Sequence[TrendPoint]], totals: Counter, bucket: str,
                outlets: Sequence[str] = ()) -> list[TrendRow]:
    """Rows for every period from the corpus's first to its last (zero where a series has no hit),
    then UNDATED, for each series in order; points of outlets not ``outlets`` are left out."""
    dated = sorted(p for p in totals if p != UNDATED)
    periods = _periods_between(dated[0], dated[-1], bucket) if dated else []
    if totals.get(UNDATED) or any(p.period == UNDATED for points in series.values() for p in points):
        periods.append(UNDATED)
    rows = []
    for name, points in series.items():
        counts: Counter = Counter()
        articles: Counter = Counter()
        for p in points:
            if outlet_matches(p.outlet, outlets):
                counts[p.period] += p.count
                articles[p.period] += p.articles
        rows += [TrendRow(period, name, counts[period], articles[period], totals.get(period, 0)) for period in periods]
    return rows


def series(points: Sequence[TrendPoint]) -> dict[str, list[TrendPoint]]:
    """Points grouped by outlet (for charts)."""
    out: dict[str, list[TrendPoint]] = {}
    for p in points:
        out.setdefault(p.outlet, []).append(p)
    return out

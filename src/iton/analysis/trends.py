"""Trends: how often a lemma, phrase or entity appears per day, week or month, per outlet."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from iton.corpus.article import Article
from iton.corpus.period import day_range

__all__ = ["BUCKETS", "TrendPoint", "TrendQuery", "period_key", "trend"]

BUCKETS = ("day", "week", "month")
KINDS = ("lemma", "phrase", "entity")
# Articles dated only to a year say nothing about a day or a week: they are left out of trends.
MAX_INTERVAL_DAYS = 31


@dataclass(frozen=True)
class TrendQuery:
    """What to count: ``kind`` lemma (one lemma), phrase (consecutive lemmas) or entity;
    ``terms`` the lemmas (for an entity, the mention keys it is counted by, its name first); ``bucket`` day, week or month;
    ``per_outlet``: one series per outlet, else one series for all."""

    kind: str
    terms: tuple[str, ...]
    bucket: str = "week"
    per_outlet: bool = True

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
        when = day_range(record.published)
        if when is None or (when[1] - when[0]).days > MAX_INTERVAL_DAYS:
            continue
        n = _count(record, query)
        if not n:
            continue
        key = (period_key(when[0], query.bucket), (record.outlet or "?") if query.per_outlet else "*")
        counts[key] += n
        articles[key] += 1
    return [TrendPoint(p, o, counts[(p, o)], articles[(p, o)]) for p, o in sorted(counts)]


def series(points: Sequence[TrendPoint]) -> dict[str, list[TrendPoint]]:
    """Points grouped by outlet (for charts)."""
    out: dict[str, list[TrendPoint]] = {}
    for p in points:
        out.setdefault(p.outlet, []).append(p)
    return out

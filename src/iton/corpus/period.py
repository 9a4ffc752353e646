"""A period of days asked for by a user (``--since``/``--until``, the API's and pages' fields).

Every command, the HTTP API and the web pages read their date bounds here, so a bound means
the same everywhere: a day is that day; a month or a year is the whole month or year, its
first day as a start and its last day as an end (``--until 2026-11`` ends on 30 November).
A bound is written in any form :func:`iton.corpus.dates.parse_date` reads: ``2026-11-24``,
``24.11.2026`` (also with ``/`` or ``-``), ``2026-11``, ``2026``, ``24 בנובמבר 2026``,
``נובמבר 2026``, a full timestamp (its day counts), or a Hebrew calendar date.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from iton.corpus.dates import parse_date
from iton.errors import PeriodError

__all__ = ["Period", "day_range"]

FORMATS_HINT = "write it as 2026-11-24, 24.11.2026, 2026-11 or 2026"


def day_range(value: str | None) -> tuple[date, date] | None:
    """The first and last day an ISO date of any precision covers (a day, a month, a year);
    None when ``value`` is empty or not ISO.

    >>> day_range("2021-04")
    (datetime.date(2021, 4, 1), datetime.date(2021, 4, 30))
    """
    if not value:
        return None
    text = value.strip()
    try:
        if len(text) >= 10:
            day = date.fromisoformat(text[:10])
            return day, day
        if len(text) == 7:
            year, month = int(text[:4]), int(text[5:7])
            return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
        if len(text) == 4:
            year = int(text)
            return date(year, 1, 1), date(year, 12, 31)
    except ValueError:
        return None
    return None


@dataclass(frozen=True, slots=True)
class Period:
    """Days from ``start`` to ``end``, both included; None on a side means open there.

    >>> Period.parse("2026-11", "2026-11")
    Period(start=datetime.date(2026, 11, 1), end=datetime.date(2026, 11, 30))
    """

    start: date | None = None
    end: date | None = None

    @classmethod
    def parse(cls, since: str | None = None, until: str | None = None) -> Period:
        """The period from ``since`` (its first day) to ``until`` (its last day); PeriodError
        naming the field when a bound is not a date or the period ends before it starts."""
        start = _bound("since", since, 0)
        end = _bound("until", until, 1)
        if start and end and end < start:
            raise PeriodError("until", until or "", f"the period ends before it starts (since {since})")
        return cls(start, end)

    @property
    def bounded(self) -> bool:
        """True when either side is given."""
        return self.start is not None or self.end is not None

    def contains(self, published: str | None) -> bool:
        """True when an article published at ``published`` (ISO, any precision) falls in the
        period: its first day, as the store indexes it, is inside. An unknown date is inside
        only an open period."""
        if not self.bounded:
            return True
        days = day_range(published)
        if days is None:
            return False
        return self.overlaps(days[0], days[0])

    def overlaps(self, first: date | None, last: date | None) -> bool:
        """True when days ``first``..``last`` (a story's run) share a day with the period."""
        if self.start and (last is None or last < self.start):
            return False
        return not (self.end and (first is None or first > self.end))


def _bound(name: str, value: str | None, side: int) -> date | None:
    if value is None or not str(value).strip():
        return None
    parsed = parse_date(value)
    days = day_range(parsed.value)
    if days is None:
        raise PeriodError(name, str(value), f"it is not a date; {FORMATS_HINT}")
    return days[side]

"""The one period parser: each accepted format at both ends, months and years as whole periods."""

from __future__ import annotations

from datetime import date

import pytest

from iton.corpus.period import Period, day_range
from iton.errors import PeriodError

# (written bound, first day it means, last day it means)
FORMATS = [
    ("2026-11-24", date(2026, 11, 24), date(2026, 11, 24)),
    ("24.11.2026", date(2026, 11, 24), date(2026, 11, 24)),
    ("24/11/2026", date(2026, 11, 24), date(2026, 11, 24)),
    ("24-11-2026", date(2026, 11, 24), date(2026, 11, 24)),
    ("24.11.26", date(2026, 11, 24), date(2026, 11, 24)),
    ("2026-11-24T10:30:00+02:00", date(2026, 11, 24), date(2026, 11, 24)),
    ("24 בנובמבר 2026", date(2026, 11, 24), date(2026, 11, 24)),
    ('כ"ג בכסלו תשפ"ז', date(2026, 12, 3), date(2026, 12, 3)),
    ("2026-11", date(2026, 11, 1), date(2026, 11, 30)),
    ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),
    ("נובמבר 2026", date(2026, 11, 1), date(2026, 11, 30)),
    ("2026", date(2026, 1, 1), date(2026, 12, 31)),
]


@pytest.mark.parametrize(("written", "first", "last"), FORMATS)
def test_each_format_at_both_ends(written: str, first: date, last: date) -> None:
    assert Period.parse(since=written).start == first
    assert Period.parse(until=written).end == last
    assert Period.parse(written, written) == Period(first, last)


def test_until_a_month_ends_on_its_last_day() -> None:
    period = Period.parse(until="2026-11")
    assert period.end == date(2026, 11, 30)
    assert period.contains("2026-11-30T23:00:00") and not period.contains("2026-12-01")


@pytest.mark.parametrize("bad", ["yesterday", "2026-13", "32.11.2026", "11/2026x"])
def test_a_bound_that_is_not_a_date_names_the_field(bad: str) -> None:
    with pytest.raises(PeriodError, match=r"^until .*not a date") as error:
        Period.parse(until=bad)
    assert error.value.name == "until" and error.value.value == bad


def test_a_period_that_ends_before_it_starts_is_an_error() -> None:
    with pytest.raises(PeriodError, match="ends before it starts"):
        Period.parse("2026-12", "2026-11")


def test_empty_bounds_leave_the_period_open() -> None:
    assert Period.parse("", None) == Period() and not Period().bounded
    assert Period().contains(None) and not Period.parse("2026").contains(None)


def test_contains_and_overlaps() -> None:
    period = Period.parse("2026-11-10", "2026-11-20")
    assert period.contains("2026-11-10") and period.contains("2026-11-20") and not period.contains("2026-11-21")
    assert period.contains("2026-11") is False  # a month-precision date counts as its first day, as the store indexes it
    assert period.overlaps(date(2026, 11, 1), date(2026, 11, 10))
    assert not period.overlaps(date(2026, 11, 21), date(2026, 11, 30))
    assert not period.overlaps(None, None)


def test_day_range_of_each_precision() -> None:
    assert day_range("2021-04") == (date(2021, 4, 1), date(2021, 4, 30))
    assert day_range("2021") == (date(2021, 1, 1), date(2021, 12, 31))
    assert day_range("2021-04-30T10:00") == (date(2021, 4, 30),) * 2
    assert day_range("yesterday") is None and day_range(None) is None

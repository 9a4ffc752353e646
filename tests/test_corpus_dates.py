"""Publication dates in the forms Israeli news sources write them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from iton.corpus.dates import day_key, hebrew_to_gregorian, parse_date


@pytest.mark.parametrize(
    ("raw", "value", "how"),
    [
        ("2026-11-24", "2026-11-24", "iso"),
        ("2021-04", "2021-04", "iso"),
        ("2021", "2021", "iso"),
        ("2026-11-24T10:00:00+02:00", "2026-11-24T10:00:00+02:00", "iso"),
        ("2026-11-24T10:00:00+0200", "2026-11-24T10:00:00+02:00", "iso"),
        ("2026-11-24 10:00", "2026-11-24T10:00:00", "iso"),
        ("2026-11-24T08:00:00Z", "2026-11-24T08:00:00+00:00", "iso"),
        ("Tue, 24 Nov 2026 10:00:00 +0200", "2026-11-24T10:00:00+02:00", "rfc822"),
        ("Tue, 24 Nov 2026 08:00:00 GMT", "2026-11-24T08:00:00+00:00", "rfc822"),
        ("24.11.2026", "2026-11-24", "numeric"),
        ("24/11/26", "2026-11-24", "numeric"),
        ("3/1/98", "1998-01-03", "numeric"),
        ("24-11-2026 14:30", "2026-11-24T14:30:00", "numeric"),
        ("14:30 24.11.2026", "2026-11-24T14:30:00", "numeric"),
        ("24 בנובמבר 2026", "2026-11-24", "hebrew-month"),
        ("24 נובמבר 2026", "2026-11-24", "hebrew-month"),
        ("יום שלישי, 24 בנובמבר 2026", "2026-11-24", "hebrew-month"),
        ("יום ג', 24 בנובמבר 2026", "2026-11-24", "hebrew-month"),
        ("24 בנובמבר 2026, 14:30", "2026-11-24T14:30:00", "hebrew-month"),
        ("1 במרס 2020", "2020-03-01", "hebrew-month"),
        ("נובמבר 2026", "2026-11", "hebrew-month"),
        ('כ"ג בכסלו תשפ"ז', "2026-12-03", "hebrew-calendar"),
        ("ט\"ו בשבט תשפ\"ו", "2026-02-02", "hebrew-calendar"),
        ("י' בניסן התשפ\"ה", "2025-04-08", "hebrew-calendar"),
        ("א' באדר ב' תשפ\"ד", "2024-03-11", "hebrew-calendar"),
        ("יד באדר תשפ\"ד", "2024-03-24", "hebrew-calendar"),  # plain Adar in a leap year: Adar II (Purim)
        ('כ"ג בחשוון תשפ"ז', "2026-11-03", "hebrew-calendar"),
    ],
)
def test_parses(raw: str, value: str, how: str) -> None:
    parsed = parse_date(raw)
    assert (parsed.value, parsed.how, parsed.raw) == (value, how, raw)


@pytest.mark.parametrize("raw", ["אתמול", "31.02.2026", "2026-13-01", "yesterday", "ל' בטבת תשפ\"ז", "12345", "24 בברומר 2026"])
def test_unparsed_keeps_the_raw_string(raw: str) -> None:
    parsed = parse_date(raw)
    assert parsed.value is None and parsed.raw == raw and parsed.how == "unparsed" and not parsed.ok


@pytest.mark.parametrize("raw", [None, "", "   "])
def test_empty_is_not_an_error(raw) -> None:
    assert parse_date(raw).ok and parse_date(raw).value is None


def test_rosh_hashana() -> None:
    # Rosh Hashana 5787 and 5785, from published calendars
    assert hebrew_to_gregorian(5787, 7, 1).isoformat() == "2026-09-12"
    assert hebrew_to_gregorian(5785, 7, 1).isoformat() == "2024-10-03"


@pytest.mark.parametrize(("value", "day"), [("2021", "2021-01-01"), ("2021-04", "2021-04-01"),
                                            ("2026-11-24T10:00:00+02:00", "2026-11-24"), (None, None)])
def test_day_key(value, day) -> None:
    assert day_key(value) == day


@given(st.text(max_size=40))
def test_never_raises(raw: str) -> None:
    parsed = parse_date(raw)
    assert parsed.value is None or parsed.value[:4].isdigit()


@pytest.mark.parametrize("raw, expected", [("２０２１", "2021"), ("２０２１-０４", "2021-04"), ("2021-04", "2021-04")])
def test_iso_year_and_month_come_back_in_ascii_digits(raw: str, expected: str) -> None:
    # a year or month in fullwidth digits used to be stored as written, and sorted after every ASCII date
    assert parse_date(raw).value == expected

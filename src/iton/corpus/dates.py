"""Publication dates: ISO 8601, RFC 822, Israeli numeric, Hebrew month names, Hebrew calendar."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from email.utils import parsedate_to_datetime

from iton.hebrew import GERESH, GERSHAYIM, HEBREW_GERESH, HEBREW_GERSHAYIM, LETTERS

__all__ = ["ParsedDate", "day_key", "hebrew_to_gregorian", "parse_date"]

# Two-digit years up to this value are read as 20xx, above it as 19xx: Israeli news sites
# online date from the late 1990s, and a 2-digit year in the 70s-90s means the 1900s.
TWO_DIGIT_YEAR_PIVOT = 69

GREGORIAN_MONTHS = {
    "ינואר": 1, "פברואר": 2, "מרץ": 3, "מרס": 3, "אפריל": 4, "מאי": 5, "יוני": 6,
    "יולי": 7, "אוגוסט": 8, "ספטמבר": 9, "אוקטובר": 10, "נובמבר": 11, "דצמבר": 12,
}  # fmt: skip

# Hebrew months by the Reingold-Dershowitz numbering (1 = Nisan ... 7 = Tishri ... 13 = Adar II).
HEBREW_MONTHS = {
    "ניסן": 1, "אייר": 2, "איר": 2, "סיון": 3, "סיוון": 3, "תמוז": 4, "אב": 5, "מנחם אב": 5,
    "אלול": 6, "תשרי": 7, "חשון": 8, "חשוון": 8, "מרחשון": 8, "מרחשוון": 8, "כסלו": 9,
    "כסליו": 9, "טבת": 10, "שבט": 11, "אדר": 12, "אדר א": 12, "אדר ב": 13,
}  # fmt: skip

GEMATRIA = {
    "א": 1, "ב": 2, "ג": 3, "ד": 4, "ה": 5, "ו": 6, "ז": 7, "ח": 8, "ט": 9, "י": 10,
    "כ": 20, "ך": 20, "ל": 30, "מ": 40, "ם": 40, "נ": 50, "ן": 50, "ס": 60, "ע": 70,
    "פ": 80, "ף": 80, "צ": 90, "ץ": 90, "ק": 100, "ר": 200, "ש": 300, "ת": 400,
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class ParsedDate:
    """A parsed date: ``value`` in ISO 8601 (None when nothing parsed), the ``raw`` string, and
    ``how`` it was read (``iso``, ``rfc822``, ``numeric``, ``hebrew-month``, ``hebrew-calendar``,
    ``empty`` or ``unparsed``)."""

    value: str | None
    raw: str | None
    how: str

    @property
    def ok(self) -> bool:
        """True when the date parsed, or there was none to parse."""
        return self.value is not None or self.how == "empty"


_ISO = re.compile(
    r"^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?)?)?)?$"
)
_TIME = r"(?:,?\s*(?:בשעה\s+)?(\d{1,2}):(\d{2})(?::(\d{2}))?)?"
_NUMERIC = re.compile(r"^(\d{1,2})([./-])(\d{1,2})\2(\d{2}|\d{4})" + _TIME + r"$")
_TIME_FIRST = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?\s*,?\s*(.+)$")
_WEEKDAY = re.compile(
    r"^(?:(?:יום\s+)?(?:ראשון|שני|שלישי|רביעי|חמישי|שישי|שבת)|יום\s+[א-ו]['׳])\s*,?\s+"
)
_QUOTE_MARKS = GERSHAYIM + GERESH + HEBREW_GERSHAYIM + HEBREW_GERESH
_HEBREW_LETTERS = LETTERS + _QUOTE_MARKS
_MONTH_NAME = re.compile(
    r"^(?:(\d{1,2})\s+)?[בל]?-?(" + "|".join(GREGORIAN_MONTHS) + r")\s*,?\s+(\d{4})" + _TIME + r"$"
)
_HEBREW_CAL = re.compile(
    rf"^([{_HEBREW_LETTERS}]{{1,4}})\s+ב?-?((?:מנחם\s+)?[{LETTERS}]+(?:\s+[אב]['׳]?)?)\s+"
    rf"(ה['׳]?)?([{_HEBREW_LETTERS}]{{2,7}})$"
)


def parse_date(raw: object) -> ParsedDate:
    """Read a publication date from the strings news sources use; never raises.

    >>> parse_date("24.11.2026").value
    '2026-11-24'
    >>> parse_date("24 בנובמבר 2026").value
    '2026-11-24'
    >>> parse_date('כ"ג בכסלו תשפ"ז').value
    '2026-12-03'
    >>> parse_date("yesterday").how
    'unparsed'
    """
    if raw is None:
        return ParsedDate(None, None, "empty")
    text = str(raw).strip()
    if not text:
        return ParsedDate(None, None, "empty")
    for how, reader in _READERS:
        try:
            value = reader(text)
        except (ValueError, TypeError, OverflowError, IndexError):
            value = None
        if value is not None:
            return ParsedDate(value, text, how)
    return ParsedDate(None, text, "unparsed")


def day_key(value: str | None) -> str | None:
    """The ``YYYY-MM-DD`` day a parsed value falls on; a year or a month counts as its first day."""
    if not value:
        return None
    if len(value) == 4:
        return f"{value}-01-01"
    if len(value) == 7:
        return f"{value}-01"
    return value[:10]


def _iso(text: str) -> str | None:
    match = _ISO.match(text)
    if not match:
        return None
    year, month, day, hour, _, _, zone = match.groups()
    if month is None:  # written back in ASCII digits: \d also matches ２ and ٢
        return f"{date(int(year), 1, 1).year:04d}"
    if day is None:
        return date(int(year), int(month), 1).isoformat()[:7]
    if hour is None:
        return date(int(year), int(month), int(day)).isoformat()
    stamp = text.replace(" ", "T", 1).replace(",", ".")
    if zone and zone != "Z" and ":" not in zone:
        stamp = stamp[: -len(zone)] + zone[:3] + ":" + zone[3:]
    return datetime.fromisoformat(stamp).isoformat()


def _rfc822(text: str) -> str | None:
    if not re.search(r"[A-Za-z]{3}", text):
        return None
    return parsedate_to_datetime(text).isoformat()


def _with_time(day: date, hour: str | None, minute: str | None, second: str | None) -> str:
    if hour is None:
        return day.isoformat()
    return datetime.combine(day, time(int(hour), int(minute), int(second or 0))).isoformat()


def _year(text: str) -> int:
    year = int(text)
    if len(text) == 2:
        year += 2000 if year <= TWO_DIGIT_YEAR_PIVOT else 1900
    return year


def _numeric(text: str) -> str | None:
    leading = _TIME_FIRST.match(text)  # "14:30 24.11.2026", as some sites print it
    if leading:
        hour, minute, second, rest = leading.groups()
        match = _NUMERIC.match(rest.strip())
        if match and match.group(5) is None:
            day = date(_year(match.group(4)), int(match.group(3)), int(match.group(1)))
            return _with_time(day, hour, minute, second)
        return None
    match = _NUMERIC.match(text)
    if not match:
        return None
    day_s, _, month_s, year_s, hour, minute, second = match.groups()
    return _with_time(date(_year(year_s), int(month_s), int(day_s)), hour, minute, second)


def _strip_weekday(text: str) -> str:
    return _WEEKDAY.sub("", text, count=1).strip()


def _hebrew_month(text: str) -> str | None:
    match = _MONTH_NAME.match(_strip_weekday(text))
    if not match:
        return None
    day_s, month_name, year_s, hour, minute, second = match.groups()
    month = GREGORIAN_MONTHS[month_name]
    if day_s is None:
        return date(int(year_s), month, 1).isoformat()[:7]
    return _with_time(date(int(year_s), month, int(day_s)), hour, minute, second)


def gematria(letters: str) -> int:
    """The numeric value of Hebrew letters written as a number (``תשפ"ז`` is 787)."""
    value = 0
    for char in letters:
        if char in _QUOTE_MARKS:
            continue
        value += GEMATRIA[char]
    return value


def _hebrew_calendar(text: str) -> str | None:
    match = _HEBREW_CAL.match(_strip_weekday(text))
    if not match:
        return None
    day_s, month_s, _, year_s = match.groups()
    month_key = re.sub(f"[{GERESH}{HEBREW_GERESH}]", "", re.sub(r"\s+", " ", month_s)).strip()
    if month_key not in HEBREW_MONTHS:
        return None
    day, year = gematria(day_s), gematria(year_s)
    if year < 1000:
        year += 5000  # the thousands are left out when writing the year (תשפ"ז = 5787)
    month = HEBREW_MONTHS[month_key]
    if month_key == "אדר" and _hebrew_leap(year):
        month = 13  # plain Adar in a leap year is Adar II, where Purim and the dated events fall
    if not 1 <= day <= _hebrew_month_days(month, year) or (month == 13 and not _hebrew_leap(year)):
        return None
    return hebrew_to_gregorian(year, month, day).isoformat()


# -- Hebrew calendar arithmetic (Reingold & Dershowitz, Calendrical Calculations) -------------

_HEBREW_EPOCH = -1373427  # R.D. fixed date of 1 Tishri AM 1; R.D. 1 is Python's date.fromordinal(1)


def _hebrew_leap(year: int) -> bool:
    return (7 * year + 1) % 19 < 7


def _elapsed_days(year: int) -> int:
    months = (235 * year - 234) // 19
    parts = 12084 + 13753 * months
    days = 29 * months + parts // 25920
    return days + 1 if (3 * (days + 1)) % 7 < 3 else days


def _new_year(year: int) -> int:
    before, this, after = _elapsed_days(year - 1), _elapsed_days(year), _elapsed_days(year + 1)
    delay = 2 if after - this == 356 else 1 if this - before == 382 else 0
    return _HEBREW_EPOCH + this + delay


def _hebrew_month_days(month: int, year: int) -> int:
    length = _new_year(year + 1) - _new_year(year)
    if month in (2, 4, 6, 10, 13):
        return 29
    if month == 12 and not _hebrew_leap(year):
        return 29
    if month == 8 and length not in (355, 385):
        return 29
    if month == 9 and length in (353, 383):
        return 29
    return 30


def hebrew_to_gregorian(year: int, month: int, day: int) -> date:
    """The Gregorian date of a Hebrew date (month 1 = Nisan, 7 = Tishri, 13 = Adar II).

    >>> hebrew_to_gregorian(5787, 7, 1)
    datetime.date(2026, 9, 12)
    """
    fixed = _new_year(year) + day - 1
    last_month = 13 if _hebrew_leap(year) else 12
    if month < 7:
        fixed += sum(_hebrew_month_days(m, year) for m in range(7, last_month + 1))
        fixed += sum(_hebrew_month_days(m, year) for m in range(1, month))
    else:
        fixed += sum(_hebrew_month_days(m, year) for m in range(7, month))
    return date.fromordinal(fixed)


_READERS = (
    ("iso", _iso),
    ("numeric", _numeric),
    ("hebrew-month", _hebrew_month),
    ("hebrew-calendar", _hebrew_calendar),
    ("rfc822", _rfc822),
)

"""When an article was published, and which specifics set its event apart, read from its URL and text.

Most scraped pages carry no date in their metadata. Many still say it: in the URL
(``/2021/04/30/``, ``-20210430``), in a dateline at the top (``30.04.2021``, ``30 באפריל 2021``,
``י"ט באייר תשפ"א``) or as a Hebrew year (``תשפ"ג``). The same text also names the specifics
that tell one event from a look-alike: the years it mentions, ordinals such as ``הכנסת ה-24``,
and the weekday of the event that Hebrew news writes after a time word (``הערב (חמישי)``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from iton.corpus.dates import GREGORIAN_MONTHS, HEBREW_MONTHS, gematria, parse_date
from iton.hebrew import (
    CLITIC_LETTERS,
    GERESH,
    GERSHAYIM,
    HEBREW_GERESH,
    HEBREW_GERSHAYIM,
    LETTERS,
)

__all__ = ["Specifics", "inferred_date", "specifics", "weekdays_apart"]

# A dateline sits at the top of a page: a full date further down is usually about something
# else (a court date, an anniversary), so only this many characters are read for one.
DATELINE_CHARS = 300
# Years a news article can be about: the state's founding on, and no later than the near future.
FIRST_YEAR, LAST_YEAR = 1948, 2049
# Hebrew year 5000 + the letters' value (the thousands are left out) starts in the autumn of
# Gregorian year - 3761 and mostly falls in year - 3760: a bare Hebrew year is read as the latter.
HEBREW_EPOCH = 3760

# Both spellings of each mark, for a character class: " and ״, ' and ׳.
_GERSHAYIM = GERSHAYIM + HEBREW_GERSHAYIM
_GERESH = GERESH + HEBREW_GERESH
_URL_DAY = re.compile(r"(?<!\d)((?:19|20)\d\d)([/_-]?)(0[1-9]|1[0-2])\2(0[1-9]|[12]\d|3[01])(?!\d)")
_URL_MONTH = re.compile(r"/((?:19|20)\d\d)/(0[1-9]|1[0-2])/")
_NUMERIC_DAY = re.compile(r"(?<!\d)(\d{1,2})([./])(\d{1,2})\2((?:19|20)\d\d)(?!\d)")
_NAMED_DAY = re.compile(r"(?<!\d)(\d{1,2})\s+ב?-?(" + "|".join(GREGORIAN_MONTHS) + r")\s+((?:19|20)\d\d)(?!\d)")
# "כ\"ו באב תשע\"ד", "ו' באייר התשפ\"א": religious outlets date their pages by the Hebrew calendar.
_HEBREW_DAY = re.compile(
    rf"(?<![{LETTERS}])([{LETTERS}][{_GERSHAYIM}][{LETTERS}]|[{LETTERS}][{_GERESH}])\s+ב?-?("
    + "|".join(sorted(HEBREW_MONTHS, key=len, reverse=True))
    + rf")\s+(?:ה[{_GERESH}]?)?(ת[ש][{LETTERS}]?[{_GERSHAYIM}][{LETTERS}])(?![{LETTERS}])"
)
# A year stands alone: not part of a longer number, a date (30.4.2021) or a decimal.
_YEAR = re.compile(r"(?<!\d)(?<!\d[.,/])((?:19|20)\d\d)(?!\d)(?![.,/]\d)")
_HEBREW_YEAR = re.compile(rf"(?<![{LETTERS}])ה?(ת[ש][{LETTERS}]?[{_GERSHAYIM}][{LETTERS}])(?![{LETTERS}])")
# "הכנסת ה-24", "הממשלה ה-36": the word before, then the ordinal. Not a day of the month: "יום ראשון
# ה-12.4" and "ראשון ה-12 באפריל" name a date, and a later report's "ראשון ה-19" is no other event.
_ORDINAL = re.compile(
    rf"([{LETTERS}]{{2,}})\s+ה-?(\d{{1,3}})(?!\d)(?![./]\d)(?!\s+ב?-?(?:"
    + "|".join(GREGORIAN_MONTHS) + "))"
)
# Weekday lemmas (the day's name or its letter) -> date.weekday() (Monday 0 ... Sunday 6).
WEEKDAYS = {"שני": 0, "שלישי": 1, "רביעי": 2, "חמישי": 3, "שישי": 4, "שבת": 5, "ראשון": 6,
            "ב׳": 0, "ג׳": 1, "ד׳": 2, "ה׳": 3, "ו׳": 4, "א׳": 6}  # fmt: skip
# The time words news writes the event's weekday after: "הערב (חמישי)", "אתמול אחר הצהריים (שלישי)".
# Read from the lemmas (the parentheses are gone there), which the store keeps, so `iton stories`
# finds the same weekdays as an analysis of the full text.
TIME_WORDS = frozenset({"הערב", "ערב", "הבוקר", "בוקר", "הלילה", "לילה", "היום", "אמש", "אתמול",
                        "צהריים", "צהרים"})
# Reports of one event name its day or the next (a story filed after midnight): weekdays further
# apart than this are different events. Only used when a date cannot decide.
WEEKDAY_SLACK = 1


@dataclass(frozen=True, slots=True)
class Specifics:
    """What keeps look-alike events apart: the years an article mentions, its ordinals (word -> number)
    and the weekdays it gives its event (``date.weekday()`` numbers)."""

    years: frozenset[int]
    ordinals: dict[str, int]
    weekdays: frozenset[int] = frozenset()

    def conflicts(self, other_years: set[int], other_ordinals: dict[str, set[int]]) -> bool:
        """True when these specifics cannot be the same event as the others': a different latest
        year mentioned, or the same word with another ordinal (the 24th Knesset is not the 25th)."""
        if self.years and other_years and max(self.years) != max(other_years):
            return True
        return any(word in other_ordinals and number not in other_ordinals[word]
                   for word, number in self.ordinals.items())


def weekdays_apart(these: Iterable[int], others: Iterable[int]) -> bool:
    """True when two sets of event weekdays are known and no two of them lie within WEEKDAY_SLACK
    days of each other (counted round the week: Saturday and Sunday are one day apart)."""
    ours, theirs = set(these), set(others)
    if not ours or not theirs:
        return False
    return all(min((a - b) % 7, (b - a) % 7) > WEEKDAY_SLACK for a in ours for b in theirs)


def _valid(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def inferred_date(url: str | None, text: str, lemmas: Sequence[str] = ()) -> str | None:
    """The publication date an article's URL or dateline gives (ISO day or month), or None.

    The dateline is looked for in ``text``, then in ``lemmas`` joined by spaces (``30.04.2021``
    and ``30 אפריל 2021`` survive lemmatization): a store read without the body still has them.
    """
    for match in _URL_DAY.finditer(url or ""):
        found = _valid(int(match[1]), int(match[3]), int(match[4]))
        if found:
            return found
    month = _URL_MONTH.search(url or "")
    if month:
        return f"{month[1]}-{month[2]}"
    for head in (text[:DATELINE_CHARS], " ".join(lemmas)[:DATELINE_CHARS]):
        for pattern in (_NUMERIC_DAY, _NAMED_DAY, _HEBREW_DAY):
            dateline = pattern.search(head)
            if dateline:
                value = parse_date(dateline[0]).value
                if value:
                    return value[:10]
    return None


def _hebrew_years(text: str) -> set[int]:
    years = set()
    for letters in _HEBREW_YEAR.findall(text):
        year = 5000 + gematria(letters.replace('"', "").replace("״", "")) - HEBREW_EPOCH
        if FIRST_YEAR <= year <= LAST_YEAR:
            years.add(year)
    return years


def _stem(word: str) -> str:
    """``word`` without leading clitic letters (והכנסת and לכנסת both key כנסת), three letters kept at least:
    crude, but the same word always gets the same key, which is all a comparison needs."""
    while len(word) > 3 and word[0] in CLITIC_LETTERS:
        word = word[1:]
    return word


def specifics(text: str, lemmas: Iterable[str] = ()) -> Specifics:
    """The years ``text`` mentions (Gregorian or Hebrew) and its ordinals (the word before -> the number);
    ``lemmas`` add the years among them (an article read from the store without its body keeps its
    lemmas) and give the event's weekdays."""
    years = {int(y) for y in _YEAR.findall(text) if FIRST_YEAR <= int(y) <= LAST_YEAR} | _hebrew_years(text)
    lemmas = list(lemmas)
    years |= {int(w) for w in lemmas if len(w) == 4 and w.isdigit() and FIRST_YEAR <= int(w) <= LAST_YEAR}
    years |= _hebrew_years(" ".join(lemmas))
    ordinals: dict[str, int] = {}
    for word, number in _ORDINAL.findall(text):
        ordinals.setdefault(_stem(word), int(number))
    return Specifics(frozenset(years), ordinals, _weekdays(lemmas))


def _weekdays(lemmas: list[str]) -> frozenset[int]:
    """The weekdays named right after a time word ("הערב חמישי", "הערב יום ג׳"; "ביום שלישי הבא" is not one)."""
    found = set()
    for i, lemma in enumerate(lemmas[:-1]):
        if lemma not in TIME_WORDS:
            continue
        after = lemmas[i + 1: i + 3]
        if after[0] == "יום" and len(after) == 2:
            after = after[1:]
        if after[0] in WEEKDAYS:
            found.add(WEEKDAYS[after[0]])
    return frozenset(found)

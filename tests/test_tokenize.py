"""Tokenizer cases from Hebrew news text, and properties that must hold for any input."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iton.text.tokenize import tokenize, tokenize_spans


def forms(text: str) -> list[str]:
    return [t.form for t in tokenize(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('דובר צה"ל אמר', ["דובר", 'צה"ל', "אמר"]),
        ("דובר צה״ל אמר", ["דובר", 'צה"ל', "אמר"]),
        ('נשיא ארה"ב', ["נשיא", 'ארה"ב']),
        ('ח"כ כהן', ['ח"כ', "כהן"]),
        ("ג'ורג' בוש", ["ג'ורג'", "בוש"]),
        ("ג׳ורג׳ בוש", ["ג'ורג'", "בוש"]),
        ('ד"ר לוי', ['ד"ר', "לוי"]),
        ("פרופ' לוי", ["פרופ'", "לוי"]),
        ('הוא אמר "שלום" לכולם', ["הוא", "אמר", '"', "שלום", '"', "לכולם"]),
        ("הוא אמר ״שלום״ לכולם", ["הוא", "אמר", '"', "שלום", '"', "לכולם"]),
        ("הוא כתב 'שלומית' שוב", ["הוא", "כתב", "'", "שלומית", "'", "שוב"]),
        ("ה-37", ["ה", "-", "37"]),
        ("ב-2019", ["ב", "-", "2019"]),
        ("תל־אביב", ["תל", "-", "אביב"]),
        ("סוללה מדגם S-300", ["סוללה", "מדגם", "S-300"]),
        ("מטוס F-16 ו-COVID-19", ["מטוס", "F-16", "ו", "-", "COVID-19"]),
        ("1,000,000 איש", ["1,000,000", "איש"]),
        ("עלה ב-3.5%", ["עלה", "ב", "-", "3.5", "%"]),
        ("בין 10-20 שנה", ["בין", "10-20", "שנה"]),
        ("ב-24.11.2026 בשעה 14:30", ["ב", "-", "24.11.2026", "בשעה", "14:30"]),
        ("נולד 24/11/26", ["נולד", "24/11/26"]),
        ("ראו https://www.ynet.co.il/news/a.html.", ["ראו", "https://www.ynet.co.il/news/a.html", "."]),
        ("כתבו ל-info@example.co.il היום", ["כתבו", "ל", "-", "info@example.co.il", "היום"]),
        ("ענת Google עם iPhone", ["ענת", "Google", "עם", "iPhone"]),
        ("שָׁלוֹם עוֹלָם", ["שלום", "עולם"]),
        ("בְּרֵאשִׁ֖ית בָּרָ֣א", ["בראשית", "ברא"]),
        ("שלום\u200f\u200eעולם", ["שלום", "עולם"]),
        ("שלום\u00a0עולם", ["שלום", "עולם"]),
        ("\ufb2aלום", ["שלום"]),
        ("מה?! באמת...", ["מה", "?", "!", "באמת", "..."]),
    ],
)
def test_news_cases(text: str, expected: list[str]) -> None:
    assert forms(text) == expected


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ('צה"ל', ["acronym"]),
        ("S-300", ["latin"]),
        ("3.5", ["number"]),
        ("https://a.co/b", ["url"]),
        ("a@b.co", ["email"]),
        ("שלום", ["hebrew"]),
        ("%", ["symbol"]),
    ],
)
def test_kinds(text: str, kinds: list[str]) -> None:
    assert [t.kind for t in tokenize(text)] == kinds


def test_space_after() -> None:
    tokens = tokenize("שלום, עולם.")
    assert [t.space_after for t in tokens] == [False, True, False, False]


def test_spans_match_tokens() -> None:
    text = 'דובר צה"ל: ב-2019 נשלחה סוללה מדגם S-300.'
    assert tokenize_spans(text) == [(t.start, t.end, t.kind) for t in tokenize(text)]


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_never_raises_and_offsets_point_at_text(text: str) -> None:
    previous_end = 0
    for token in tokenize(text):
        assert 0 <= token.start < token.end <= len(text)
        assert token.start >= previous_end
        assert text[token.start : token.end].strip()
        previous_end = token.end


HEBREWISH = st.text(alphabet=st.sampled_from(list("אבגדהוזחטיכלמנסעפצקרשתםןץףך \"'.,-״׳0123456789ab\n")))


@settings(max_examples=300, deadline=None)
@given(HEBREWISH)
def test_tokens_cover_all_visible_characters(text: str) -> None:
    covered = set()
    for token in tokenize(text):
        covered.update(range(token.start, token.end))
    assert all(i in covered for i, c in enumerate(text) if not c.isspace())

"""Tokenizer cases from Hebrew news text, and properties that must hold for any input."""

from __future__ import annotations

import importlib
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iton.text.clean import clean_token
from iton.text.tokenize import tokenize, tokenize_spans

tokenize_module = importlib.import_module("iton.text.tokenize")


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
        ("שלום\u200f\u200e עולם\u200f", ["שלום", "עולם"]),
        ("של\u200f\u200eום", ["שלום"]),  # invisible characters inside a word do not split it
        ("שלום\u00a0עולם", ["שלום", "עולם"]),
        ("\ufb2aלום", ["שלום"]),
        ("מה?! באמת...", ["מה", "?", "!", "באמת", "..."]),
        # a short word closing a quotation opened with ' is not an abbreviation (גב', רח')
        ("מפלגת 'יש עתיד' זכתה", ["מפלגת", "'", "יש", "עתיד", "'", "זכתה"]),
        ("מפלגת ׳יש עתיד׳ זכתה", ["מפלגת", "'", "יש", "עתיד", "'", "זכתה"]),
        ("ו'הצהרת שלום' נחתמה", ["ו'הצהרת", "שלום", "'", "נחתמה"]),
        ("ו'ימינה' הודיעה", ["ו'ימינה", "'", "הודיעה"]),
        ("הסרט 'ג'ורג' הקטן' יצא", ["הסרט", "'", "ג'ורג'", "הקטן", "'", "יצא"]),
        ("ביום ב' הלך לגב' כהן", ["ביום", "ב'", "הלך", "לגב'", "כהן"]),
        ("'יש\nעתיד' אמר", ["'", "יש", "עתיד'", "אמר"]),  # a quotation does not run past its line
        ("אמר 'א ב ג ד ה ו ז ח ט י כ ל מ' וגב' כהן", ["אמר", "'", *"אבגדהוזחטיכל", "מ'", "וגב'", "כהן"]),
        # two apostrophes written for a gershayim or for a quotation mark
        ("דובר צה''ל אמר 20 ס''מ", ["דובר", 'צה"ל', "אמר", "20", 'ס"מ']),
        ("ארה׳׳ב ורה''מ.", ['ארה"ב', 'ורה"מ', "."]),
        ("הוא אמר ''שלום'' לכולם", ["הוא", "אמר", '"', "שלום", '"', "לכולם"]),
        ("נכתב ב''הארץ'' אתמול", ["נכתב", 'ב"הארץ', '"', "אתמול"]),
        # typographic quotes between letters are a gershayim too
        ("נשיא ארה”ב ודובר צה“ל", ["נשיא", 'ארה"ב', 'ודובר', 'צה"ל']),
        ("כתב ב”הארץ” אתמול", ["כתב", 'ב"הארץ', '"', "אתמול"]),
        # a transliterated name keeps its final geresh, unless it closes a quotation
        ("השר בצלאל סמוטריץ' תקף", ["השר", "בצלאל", "סמוטריץ'", "תקף"]),
        ("השייח' ג'אבר ביקר", ["השייח'", "ג'אבר", "ביקר"]),
        ("מבצע 'יום הדין של סמוטריץ' החל", ["מבצע", "'", "יום", "הדין", "של", "סמוטריץ", "'", "החל"]),
        ("הוא כתב שלומית' שוב", ["הוא", "כתב", "שלומית", "'", "שוב"]),
        # a geresh with a letter after it is inside the word, however many letters come before it
        # (a clitic makes a transliteration longer than an abbreviation: ל + בייג'ינג)
        ("טס לבייג'ינג ובמסצ'וסטס", ["טס", "לבייג'ינג", "ובמסצ'וסטס"]),
        ("נרשמו לקולג'ים", ["נרשמו", "לקולג'ים"]),
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


@pytest.mark.parametrize("text", ['דובר צה"ל: ב-2019 נשלחה סוללה מדגם S-300.', "מפלגת 'יש עתיד' ו'ימינה' זכו"])
def test_spans_match_tokens(text: str) -> None:
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


# Zero-width characters, bidi marks, embeddings and isolates, the soft hyphen and the BOM: they
# carry no text, and writers' tools scatter them inside words.
INVISIBLE = [chr(c) for c in (*range(0x200B, 0x2010), 0x00AD, *range(0x202A, 0x202F), *range(0x2066, 0x206A), 0xFEFF)]


@pytest.mark.parametrize("mark", INVISIBLE, ids=[f"U+{ord(c):04X}" for c in INVISIBLE])
def test_an_invisible_character_inside_a_word_does_not_split_it(mark: str) -> None:
    text = f"ממ{mark}שלת יש{mark}{mark}ראל"
    tokens = tokenize(text)
    assert [t.form for t in tokens] == ["ממשלת", "ישראל"]
    assert [text[t.start : t.end] for t in tokens] == [f"ממ{mark}שלת", f"יש{mark}{mark}ראל"]


HEBREW_WORD = st.text(alphabet=st.sampled_from(list("אבגדהוזחטיכלמנסעפצקרשתםןץףך")), min_size=1, max_size=8)


@st.composite
def words_with_invisible_marks(draw) -> tuple[str, str]:
    """A line of Hebrew words, and the same line with invisible characters inside and around words."""
    words = draw(st.lists(HEBREW_WORD, min_size=1, max_size=8))
    marked = []
    for word in words:
        cut = draw(st.integers(0, len(word)))
        marks = draw(st.text(alphabet=st.sampled_from(INVISIBLE), max_size=3))
        marked.append(word[:cut] + marks + word[cut:])
    return " ".join(words), draw(st.sampled_from(["", *INVISIBLE])).join([" ".join(marked), ""])


@settings(max_examples=300, deadline=None)
@given(words_with_invisible_marks())
def test_invisible_characters_leave_the_words_and_offsets_point_into_the_original(pair: tuple[str, str]) -> None:
    plain, marked = pair
    tokens = tokenize(marked)
    assert [t.form for t in tokens] == [t.form for t in tokenize(plain)]
    for token in tokens:
        assert clean_token(marked[token.start : token.end]) == token.form


def test_normalized_form_is_the_same_with_invisible_characters_inside_words() -> None:
    import iton

    plain = "ממשלת ישראל החליטה על מבצע צבאי בצפון ושר הביטחון הודיע על גיוס מילואים נרחב"
    words = plain.split(" ")
    marked = " ".join(word[:2] + INVISIBLE[i % len(INVISIBLE)] + word[2:] for i, word in enumerate(words))
    assert iton.normalize(marked) == iton.normalize(plain)


# The tokenizer's letter unit written the plain way (a letter, then points or runs of invisibles
# that precede a letter or point, one alternation per character). The module writes it unrolled
# for speed; the two must split every text the same.
PLAIN_LETTER_UNIT = (
    f"[{tokenize_module._LETTER}](?:[{tokenize_module._POINTS}]"
    f"|[{tokenize_module._INVISIBLE}]+(?=[{tokenize_module._LETTER}{tokenize_module._POINTS}]))*"
)
PLAIN_PATTERN = re.compile(tokenize_module._PATTERN.pattern.replace(tokenize_module._H, PLAIN_LETTER_UNIT))
WORD_PARTS = st.sampled_from([*"אבגדהוזחטיכלמנסעפצקרשת", "\u05b0", "\u05bc", "\u05c1", '"', "'", "\u05f3", "\u05f4", "\u2019", " ", ".", "-", "a", "7", *INVISIBLE])


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=WORD_PARTS, max_size=40))
def test_the_unrolled_letter_unit_splits_like_the_plain_one(text: str) -> None:
    assert tokenize_module._H in tokenize_module._PATTERN.pattern
    plain = [(m.start(), m.end(), m.lastgroup) for m in PLAIN_PATTERN.finditer(text)]
    assert [(m.start(), m.end(), m.lastgroup) for m in tokenize_module._PATTERN.finditer(text)] == plain

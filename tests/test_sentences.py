"""Sentence splitting: real ends, not abbreviations, decimals or initials; line breaks always end."""

from __future__ import annotations

import pytest

from iton.text.sentences import split_sentences
from iton.text.tokenize import tokenize


def sentences(text: str) -> list[str]:
    tokens = tokenize(text)
    return [" ".join(t.form for t in tokens[s.first : s.last]) for s in split_sentences(text, tokens)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("שלום עולם. מה נשמע?", ["שלום עולם .", "מה נשמע ?"]),
        ("המחיר עלה ב-3.5 אחוזים. זה הרבה.", ["המחיר עלה ב - 3.5 אחוזים .", "זה הרבה ."]),
        ('ד"ר כהן הגיע. הוא דיבר.', ['ד"ר כהן הגיע .', "הוא דיבר ."]),
        ("הסופר א. ב. יהושע כתב ספר.", ["הסופר א . ב . יהושע כתב ספר ."]),
        ('הוא אמר "די." ויצא.', ['הוא אמר " די . "', "ויצא ."]),
        ("כותרת בלי נקודה\nגוף הכתבה מתחיל כאן.", ["כותרת בלי נקודה", "גוף הכתבה מתחיל כאן ."]),
        ("- פריט ראשון\n- פריט שני", ["- פריט ראשון", "- פריט שני"]),
        ("באמת?! כן...", ["באמת ? !", "כן ..."]),
        ("ב-24.11.2026 בשעה 14:30 נפגשו", ["ב - 24.11.2026 בשעה 14:30 נפגשו"]),
    ],
)
def test_sentence_cases(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_every_token_in_one_sentence() -> None:
    text = "א. ב.\n\nג? ד!\nה"
    tokens = tokenize(text)
    split = split_sentences(text, tokens)
    covered = [i for s in split for i in range(s.first, s.last)]
    assert covered == list(range(len(tokens)))
    assert [s.line for s in split] == [0, 2, 2, 3]

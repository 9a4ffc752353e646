"""The Document owns the text; token spans cover every visible character, in order."""

from __future__ import annotations

import unicodedata

from hypothesis import example, given, settings
from hypothesis import strategies as st

from iton.pipeline import Options, load_pipeline

RULES = Options(engine="rules", entities=False)


def _skippable(c: str) -> bool:
    return c.isspace() or unicodedata.category(c) == "Cf" or "\u0591" <= c <= "\u05c7" and unicodedata.category(c) == "Mn"


def test_stray_points_are_skipped_not_tokens() -> None:
    doc = load_pipeline(RULES).analyze("\u0591שלום \u05b0")
    assert [t.form for t in doc.tokens] == ["שלום"] and doc.rebuild() == "\u0591שלום \u05b0"


@settings(max_examples=200, deadline=None)
@given(st.text())
@example("\u05910")  # a stray cantillation mark before a digit, once found by Hypothesis
def test_spans_cover_the_text_in_order_and_every_token_is_analysed(text: str) -> None:
    doc = load_pipeline(RULES).analyze(text)
    assert doc.text == text
    # tokens are non-empty, in order, never overlapping; between them only spaces, invisible
    # format characters (soft hyphen, direction marks) and Hebrew points with no letter to
    # carry them (a stray cantillation mark), which no token needs
    end = 0
    for token in doc.tokens:
        assert end <= token.start < token.end <= len(text), token
        assert all(_skippable(c) for c in text[end : token.start]), token
        end = token.end
    assert all(_skippable(c) for c in text[end:])
    assert doc.rebuild() == text
    for token in doc.tokens:
        assert token.morphemes, token
        assert all(m.lemma for m in token.morphemes)
    covered = [i for s in doc.sentences for i in range(s.first, s.last)]
    assert covered == list(range(len(doc.tokens)))


def test_span_text_is_original_characters() -> None:
    doc = load_pipeline(RULES).analyze("דובר צה״ל")
    assert doc.span_text(doc.tokens[1]) == "צה״ל"
    assert doc.tokens[1].form == 'צה"ל'

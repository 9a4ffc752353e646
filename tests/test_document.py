"""The Document owns the text; token spans rebuild it exactly."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from iton.pipeline import Options, load_pipeline

RULES = Options(engine="rules", entities=False)


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_rebuild_is_exact_and_every_token_is_analysed(text: str) -> None:
    doc = load_pipeline(RULES).analyze(text)
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

"""Extractive summaries: lead first, central sentences next, no repeats, text order."""

from __future__ import annotations

import pytest

from iton.analysis.summary import summarize, summarize_documents
from iton.pipeline import Options, load_pipeline

TEXT = (
    "הגשר החדש מעל נחל הקישון בחיפה נפתח אתמול לתנועה. "
    "ראש העירייה אמר כי הגשר החדש יקצר את הנסיעה בין שכונות העיר. "
    "מזג האוויר היה נאה והשמיים בהירים לגמרי כל היום. "
    "משרד התחבורה מימן את רוב עלות הגשר החדש בחיפה. "
    "הגשר החדש מעל נחל הקישון בחיפה נפתח אתמול לתנועה."
)


@pytest.fixture(scope="module")
def pipeline():
    return load_pipeline(Options(engine="rules", entities=False))


def test_lead_first_and_text_order(pipeline):
    doc = pipeline.analyze(TEXT)
    chosen = summarize(doc, 3)
    assert chosen[0].position == 0
    assert [s.position for s in chosen] == sorted(s.position for s in chosen)
    texts = [s.text for s in chosen]
    assert len(set(texts)) == len(texts), "a repeated sentence is chosen once"
    assert "מזג האוויר" not in " ".join(texts), "the off-topic sentence is least central"
    for s in chosen:
        assert s.text in doc.text


def test_story_summary_across_documents(pipeline):
    docs = [pipeline.analyze(TEXT), pipeline.analyze("תושבי חיפה הגיעו לטקס פתיחת הגשר החדש מעל הקישון.")]
    chosen = summarize_documents(docs, 2)
    assert chosen[0].document == 0 and chosen[0].position == 0


def test_empty_and_zero(pipeline):
    assert summarize(pipeline.analyze(""), 3) == []
    assert summarize(pipeline.analyze(TEXT), 0) == []

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


def test_near_repeat_with_one_detail_changed_is_chosen_once(pipeline):
    # The second outlet's lead differs by one name and one number: the same sentence for a reader.
    first = pipeline.analyze("שר התחבורה פתח אתמול את הגשר החדש מעל נחל הקישון בחיפה בטקס רב משתתפים. "
                             "ראש העירייה אמר כי הגשר יקצר את הנסיעה בין שכונות העיר. "
                             "עלות הגשר הגיעה לשלוש מאות מיליון שקלים לפי משרד התחבורה.")
    second = pipeline.analyze("השרה רגב פתחה אתמול את הגשר החדש מעל נחל הקישון בחיפה בטקס רב משתתפים. "
                              "הגשר יקצר את הנסיעה בין שכונות העיר, כך אמר ראש העירייה.")
    chosen = summarize_documents([first, second], 3, ids=["a-1", "b-2"])
    leads = [s for s in chosen if "נחל הקישון" in s.text]
    assert len(leads) == 1 and leads[0].article == "a-1"
    assert all(s.to_dict()["article"] in ("a-1", "b-2") for s in chosen)

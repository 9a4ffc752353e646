"""CorpusAnalysis over a real SQLite corpus: change detection, periods, stories, keywords, entities."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_web_corpus import ARTICLES, write_corpus

from iton.analysis import AnalysisOptions, CorpusAnalysis
from iton.corpus import Corpus, IngestOptions, SearchOptions
from iton.errors import AnalysisError, PeriodError


@pytest.fixture()
def analysis(tmp_path: Path, monkeypatch):
    import iton.analysis.corpus_view as module

    monkeypatch.setattr(module, "REFRESH_SECONDS", 0.0)  # look at the store on every call
    corpus = Corpus(str(tmp_path / "view.db"), engine="rules")
    corpus.ingest([str(write_corpus(tmp_path))], IngestOptions(engine="rules"))
    yield CorpusAnalysis(corpus, AnalysisOptions(engine="rules"))
    corpus.close()


def test_records_follow_the_store(analysis: CorpusAnalysis, tmp_path: Path) -> None:
    assert sorted(r.id for r in analysis.records()) == sorted(a["id"] for a in ARTICLES)
    record = analysis.record("bridge-a")
    assert "גשר" in record.lemmas and record.body == ""  # the light view: lemmas kept, text left in the store
    extra = tmp_path / "more.jsonl"
    extra.write_text(json.dumps({"id": "late", "title": "גשר נוסף", "body": "עוד גשר נפתח בעיר."},
                                ensure_ascii=False) + "\n", encoding="utf-8")  # fmt: skip
    analysis.corpus.ingest([str(extra)], IngestOptions(engine="rules"))
    assert "late" in {r.id for r in analysis.records()}


def test_unknown_ids_are_404(analysis: CorpusAnalysis) -> None:
    for call in (lambda: analysis.record("nope"), lambda: analysis.article("nope"), lambda: analysis.story("nope")):
        with pytest.raises(AnalysisError) as error:
            call()
        assert error.value.status == 404


def test_stories_and_keywords_by_period(analysis: CorpusAnalysis) -> None:
    bridge = analysis.story_of("bridge-a")
    assert bridge is not None and "bridge-b" in bridge.articles
    march = analysis.stories(since="2024-03", until="2024-03")
    assert bridge.id in {s.id for s in march} and analysis.story_of("rain-c").id not in {s.id for s in march}
    assert {s.id for s in analysis.stories(until="05.01.2024")} == {analysis.story_of("rain-c").id}
    january = {k.term for k in analysis.keywords(since="2024-01", until="2024-01", limit=20)}
    assert {"גליל", "גולן"} <= january and not any("גשר" in term for term in january)
    with pytest.raises(PeriodError, match="^since 'last week'"):
        analysis.stories(since="last week")


def test_article_text_entities_and_summary(analysis: CorpusAnalysis) -> None:
    article = analysis.article("bridge-a")
    assert article.text.startswith("גשר חדש נפתח בחיפה") and article.spans
    entities = analysis.entities_of(article)
    assert all(article.text[m.start : m.end] == m.text for m in entities)
    summary = analysis.summary(article_id="bridge-a", sentences=1)
    assert len(summary) == 1 and summary[0].text in article.text
    with pytest.raises(AnalysisError, match="exactly one"):
        analysis.summary()


def test_search_and_size_go_through_the_analysis(analysis: CorpusAnalysis) -> None:
    assert len(analysis) == len(ARTICLES)
    hits = analysis.read(lambda corpus: corpus.search("גשרים", SearchOptions(engine="rules", until="2024-03-10")))
    assert [h.id for h in hits] == ["bridge-a"]


def test_trends_count_per_period(analysis: CorpusAnalysis) -> None:
    query, points = analysis.trend_for_text("גשר", bucket="month", per_outlet=False)
    assert query.terms == ("גשר",)
    assert {p.to_dict()["period"] for p in points} == {"2024-03-01"}  # the month of the bridge articles

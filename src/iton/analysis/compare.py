"""Series side by side: words, phrases, entities and outlets per period, as `iton trends` and GET /api/compare show them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from iton.analysis.trends import TrendRow, outlet_points, period_totals, trend_table
from iton.errors import AnalysisError

__all__ = ["compare"]


def compare(analysis, terms: Sequence[str] = (), entities: Sequence[str] = (), outlet_series: Sequence[str] = (),
            bucket: str = "week", outlets: Sequence[str] = ()) -> tuple[list[TrendRow], list[str]]:
    """Rows of every series in every period of the corpus (zero-filled, undated last) over a
    :class:`~iton.analysis.corpus_view.CorpusAnalysis`, and the names of the series no article holds.

    Each of ``terms`` is one series (a phrase when it has several words), each of ``entities``
    one (named ``@NAME``), each of ``outlet_series`` one (``outlet:NAME``); ``outlets`` keeps only
    those outlets' articles, by prefix or domain.
    """
    if not terms and not entities and not outlet_series:
        raise AnalysisError("nothing to count", "give a term, an entity or an outlet to count")
    records = analysis.records()
    series = {}
    for text, kind in [(t, "lemma") for t in terms] + [(e, "entity") for e in entities]:
        query, _ = analysis.trend_for_text(text, kind, bucket, True)
        series[f"@{text}" if kind == "entity" else text] = analysis.trend(replace(query, undated=True))
    for outlet in outlet_series:
        series[f"outlet:{outlet}"] = outlet_points(records, outlet, bucket)
    rows = trend_table(series, period_totals(records, bucket, outlets), bucket, outlets)
    held = {r.series for r in rows if r.articles}
    return rows, [name for name in series if name not in held]

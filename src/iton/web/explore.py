"""The explorer on the web: GET /api/compare (series side by side), GET /api/topics and the /topics page."""

from __future__ import annotations

import csv
import io
import threading

from urllib.parse import urlencode

from fastapi import FastAPI, Query
from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment
from markupsafe import Markup

from iton.analysis.compare import compare
from iton.analysis.corpus_view import CorpusAnalysis
from iton.analysis.topics import TopicModel, TopicOptions, corpus_topics, month_of
from iton.analysis.trends import BUCKETS, UNDATED, TrendPoint
from iton.errors import AnalysisError, ApiError
from iton.web.charts import trend_svg
from iton.web.limits import check_query

__all__ = ["install_explorer"]

# Most topics one request may ask for: past this, topics of a news corpus split into noise, and
# each one more costs sampling time.
MAX_TOPICS = 60
# Fitted models kept (one per topic count asked): a model is a few MB for a large corpus.
KEPT_MODELS = 4
# Most series one comparison may hold: a chart of more lines cannot be read.
MAX_SERIES = 12
# Term fields on the comparison page: enough for a comparison, few enough to read.
PAGE_TERMS = 4


class _Models:
    """Fitted models per topic count, dropped when the analysis reloads its records (the store changed)."""

    def __init__(self, analysis: CorpusAnalysis) -> None:
        self.analysis = analysis
        self.lock = threading.Lock()
        self.records: list | None = None
        self.models: dict[int, TopicModel] = {}

    def get(self, topics: int) -> tuple[list, TopicModel]:
        records = self.analysis.records()
        with self.lock:
            if records is not self.records:
                self.records, self.models = records, {}
            model = self.models.get(topics)
            if model is None:
                if len(self.models) >= KEPT_MODELS:
                    self.models.pop(next(iter(self.models)))
                model = corpus_topics(records, TopicOptions(topics=topics))
                self.models[topics] = model
            return records, model


def _shares(records: list, model: TopicModel, over: str | None) -> list[dict]:
    if over is None:
        return []
    groups = model.shares_by(records, month_of if over == "month" else (lambda r: r.outlet))
    order = sorted(groups, key=lambda g: (g is None, g or ""))
    return [{over: g, "articles": groups[g]["articles"], "shares": [round(x, 4) for x in groups[g]["shares"]]}
            for g in order]


def install_explorer(app: FastAPI, analysis: CorpusAnalysis, env: Environment) -> None:
    """Add GET /api/compare and the /compare page, GET /api/topics and the /topics page to ``app``."""
    models = _Models(analysis)

    @app.get("/api/compare", tags=["analysis"])
    def api_compare(term: list[str] = Query([]), entity: list[str] = Query([]),
                    outlet_series: list[str] = Query([]), outlet: list[str] = Query([]),
                    bucket: str = Query("week", pattern="^(" + "|".join(BUCKETS) + ")$"),
                    format: str = Query("json", pattern="^(json|csv)$")):
        """Series side by side (each ``term``, ``entity`` and ``outlet_series`` one series): for every
        period from the corpus's first to its last, then ``undated``, the occurrences, the articles
        holding the series, all articles of the period and their share; ``outlet`` (repeatable) keeps
        only those outlets, by prefix or domain. ``format=csv`` gives the same rows as CSV."""
        for value in term + entity + outlet_series + outlet:
            check_query(value, "term")
        if len(term) + len(entity) + len(outlet_series) > MAX_SERIES:
            raise ApiError(400, f"{len(term) + len(entity) + len(outlet_series)} series asked for; at most "
                           f"{MAX_SERIES} fit in one comparison", "compare fewer terms at once")
        rows, empty = compare(analysis, term, entity, outlet_series, bucket, outlet)
        if format == "csv":
            out = io.StringIO()
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(["period", "series", "count", "articles", "total", "share"])
            writer.writerows([r.period, r.series, r.count, r.articles, r.total, f"{r.share:.4f}"] for r in rows)
            return Response(out.getvalue(), media_type="text/csv; charset=utf-8",
                            headers={"Content-Disposition": 'attachment; filename="iton-compare.csv"'})
        return {"bucket": bucket, "outlets": outlet, "rows": [r.to_dict() for r in rows], "empty": empty}

    @app.get("/compare", response_class=HTMLResponse, include_in_schema=False)
    def compare_page(term: list[str] = Query([]), outlet: str = "",
                     bucket: str = Query("month", pattern="^(" + "|".join(BUCKETS) + ")$")):
        terms = [check_query(t, "term") or "" for t in term if t.strip()][:PAGE_TERMS]
        outlets = [o.strip() for o in (check_query(outlet, "outlet") or "").split(",") if o.strip()]
        rows, empty, chart, error = [], [], None, None
        if terms:
            try:
                rows, empty = compare(analysis, terms, (), (), bucket, outlets)
            except AnalysisError as exc:
                error = exc.problem
            dated = [TrendPoint(r.period, r.series, r.articles, r.articles) for r in rows if r.period != UNDATED]
            chart = Markup(trend_svg(dated, " · ".join(terms), bucket))
        download = "/api/compare?" + urlencode([("term", t) for t in terms] + [("outlet", o) for o in outlets]
                                               + [("bucket", bucket), ("format", "csv")])
        fields = terms + [""] * (PAGE_TERMS - len(terms))
        return HTMLResponse(env.get_template("compare.html").render(
            fields=fields, outlet=outlet, bucket=bucket, buckets=BUCKETS, rows=rows, empty=empty, chart=chart,
            error=error, download=download, undated=UNDATED))

    @app.get("/api/topics", tags=["analysis"])
    def api_topics(topics: int = Query(20, ge=1, le=MAX_TOPICS),
                   over: str | None = Query(None, pattern="^(month|outlet)$")) -> dict:
        """Topics of the corpus (LDA over lemmas): each with its top lemmas and share of all words;
        with ``over``, each topic's mean share in the articles of each month (undated: null) or outlet."""
        records, model = models.get(topics)
        return {"topics": [t.to_dict() for t in model.topics], "over": over, "groups": _shares(records, model, over)}

    @app.get("/topics", response_class=HTMLResponse, include_in_schema=False)
    def topics_page(topics: int = Query(12, ge=1, le=MAX_TOPICS),
                    over: str = Query("month", pattern="^(month|outlet)$")):
        records, model = models.get(topics)
        ranked = sorted(model.topics, key=lambda t: -t.share)
        return HTMLResponse(env.get_template("topics.html").render(
            topics=ranked, count=topics, over=over, groups=_shares(records, model, over), max_topics=MAX_TOPICS))

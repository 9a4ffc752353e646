"""Web pages (right-to-left Hebrew, Jinja2 with autoescape): search, article, stories, entities, trends."""

from __future__ import annotations

from html import escape
from pathlib import Path

from fastapi import FastAPI, Query
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from iton.analysis.corpus_view import CorpusAnalysis
from iton.analysis.trends import BUCKETS
from iton.errors import ItonError
from iton.web.answers import article_details, search_hits, story_details
from iton.web.charts import trend_svg
from iton.web.limits import check_query as check
from iton.web.explore import install_explorer

__all__ = ["entity_segments", "install_pages", "marked_snippet", "web_url"]

HERE = Path(__file__).parent
# Control characters never found in article text mark a hit in a snippet; they are turned
# into <mark> after escaping, so the article text itself can never open a tag.
_MARK = ("\x02", "\x03")
# Hits on one search page: a screenful or two; the API pages further with ``limit``.
SEARCH_PAGE_HITS = 20
# Stories on the home page: the biggest few (of two articles or more) say what the corpus is about.
HOME_STORIES = 5
# Entities in the entities table: enough to scroll, small enough to render at once.
ENTITIES_PAGE_ROWS = 100
LABEL_NAMES = {
    "PER": "אדם", "ORG": "ארגון", "GPE": "מדינה/עיר", "LOC": "מקום", "FAC": "מבנה",
    "WOA": "יצירה", "EVE": "אירוע", "DUC": "מוצר", "ANG": "שפה",
}  # fmt: skip


def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(str(HERE / "templates")), autoescape=select_autoescape(default=True))
    env.globals["label_names"] = LABEL_NAMES
    env.filters["web_url"] = web_url
    return env


def web_url(url: str | None) -> str | None:
    """``url`` when it is an http(s) link, else None: a source's ``javascript:`` or ``data:`` URL
    is never made a link (escaping keeps it inside the attribute, but a click would still run it)."""
    if url and url.strip().lower().startswith(("http://", "https://")):
        return url.strip()
    return None


def marked_snippet(snippet: str) -> Markup:
    """A search snippet, escaped, with the hit marks turned into ``<mark>`` elements."""
    safe = escape(snippet)
    return Markup(safe.replace(_MARK[0], "<mark>").replace(_MARK[1], "</mark>"))


def entity_segments(text: str, entities: list[dict]) -> list[tuple[str, dict | None]]:
    """``text`` cut into plain pieces and entity pieces (for highlighting without building HTML by hand)."""
    out: list[tuple[str, dict | None]] = []
    pos = 0
    for e in sorted(entities, key=lambda e: e["start"]):
        if e["start"] < pos:
            continue
        out.append((text[pos : e["start"]], None))
        out.append((text[e["start"] : e["end"]], e))
        pos = e["end"]
    out.append((text[pos:], None))
    return [(piece, e) for piece, e in out if piece]


def install_pages(app: FastAPI, analysis: CorpusAnalysis) -> None:
    """Add the HTML pages and the static folder to ``app``."""
    env = _environment()
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    def render(name: str, **context) -> HTMLResponse:
        return HTMLResponse(env.get_template(name).render(**context))

    install_explorer(app, analysis, env)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index(q: str | None = None, outlet: str | None = None, since: str | None = None, until: str | None = None):
        hits = []
        error = None
        if q:
            try:
                hits = search_hits(analysis, q, outlet, since, until, SEARCH_PAGE_HITS, mark=_MARK)
            except (ItonError, ValueError) as exc:  # a query that cannot be read: say why on the page
                error = str(exc)
        stories = analysis.stories(min_size=2)[:HOME_STORIES]
        return render("index.html", q=q or "", outlet=outlet or "", since=since or "", until=until or "",
                      hits=[(h, marked_snippet(h.snippet)) for h in hits], error=error, stories=stories,
                      count=len(analysis))

    @app.get("/article/{article_id:path}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(article_id: str):
        data = article_details(analysis, article_id)
        unique = list({e["entity"]: e for e in data["entities"]}.values())
        return render("article.html", a=data["article"], segments=entity_segments(data["text"], data["entities"]),
                      entities=unique, keywords=data["keywords"], story=data["story"],
                      summary=data["summary"])

    @app.get("/stories", response_class=HTMLResponse, include_in_schema=False)
    def stories_page(since: str | None = None, until: str | None = None):
        stories = analysis.stories(check(since, "since") or None, check(until, "until") or None)
        return render("stories.html", stories=stories, since=since or "", until=until or "")

    @app.get("/story/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    def story_page(story_id: str):
        details = story_details(analysis, story_id)
        return render("story.html", story=details["story"], records=details["articles"],
                      keywords=details["keywords"], summary=details["summary"])

    @app.get("/entities", response_class=HTMLResponse, include_in_schema=False)
    def entities_page(label: str | None = None, with_entity: str | None = Query(None, alias="with")):
        check(label, "label")
        together = analysis.cooccurring(check(with_entity, "with") or "") if with_entity else []
        return render("entities.html", entities=analysis.entities(ENTITIES_PAGE_ROWS, label or None), label=label or "",
                      with_entity=analysis.entity_name(with_entity) if with_entity else "", together=together)

    @app.get("/trends", response_class=HTMLResponse, include_in_schema=False)
    def trends_page(term: str | None = None, kind: str = Query("lemma", pattern="^(lemma|phrase|entity)$"),
                    bucket: str = Query("month", pattern="^(" + "|".join(BUCKETS) + ")$")):
        chart = None
        points = []
        if term:
            query, points = analysis.trend_for_text(check(term, "term") or "", kind, bucket, True)
            chart = Markup(trend_svg(points, f"{term} ({bucket})", bucket))
        return render("trends.html", term=term or "", kind=kind, bucket=bucket, chart=chart, points=points,
                      buckets=BUCKETS)

"""Web pages (right-to-left Hebrew, Jinja2 with autoescape): search, article, stories, entities, trends."""

from __future__ import annotations

from html import escape
from pathlib import Path
from urllib.parse import urlencode

from fastapi import FastAPI, Query
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from iton.analysis.corpus_view import CorpusAnalysis
from iton.analysis.trends import BUCKETS
from iton.corpus.results import DOWNLOAD_FORMATS, ResultPage
from iton.corpus.search import SORTS
from iton.errors import ItonError
from iton.web.answers import (
    article_details,
    compared,
    search_options,
    search_page,
    story_details,
)
from iton.web.charts import trend_svg
from iton.web.explore import install_explorer
from iton.web.limits import check_query as check

__all__ = ["entity_segments", "install_pages", "marked_snippet", "web_url"]

HERE = Path(__file__).parent
# Control characters never found in article text mark a hit in a snippet; they are turned
# into <mark> after escaping, so the article text itself can never open a tag.
_MARK = ("\x02", "\x03")
# Hits on one search page: a screenful or two; the pages go on as deep as the matches.
SEARCH_PAGE_HITS = 20
# Page links on each side of the current one: enough to jump a few pages, few enough for one line.
PAGE_LINKS = 3
SORT_NAMES = {"relevance": "רלוונטיות", "date": "החדשות קודם"}
_SORT = "^(" + "|".join(SORTS) + ")$"
# Stories on the home page: the biggest few (of two articles or more) say what the corpus is about.
HOME_STORIES = 5
# Stories on one page of /stories: each needs its label (a sort of its terms), and a corpus of
# 100,000 articles has tens of thousands of stories; the pages go on to the last.
STORIES_PAGE = 100
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


def _listed(values: list[str]) -> list[str]:
    """Repeated fields and comma-separated names in one field (the page's single outlet box) as one list."""
    return [name.strip() for value in values for name in (check(value, "filter") or "").split(",") if name.strip()]


def _page_numbers(result: ResultPage) -> list[int | None]:
    """Page links around the current page: the first, the last and PAGE_LINKS on each side (None: a gap)."""
    shown = sorted({1, result.pages, *range(max(1, result.page - PAGE_LINKS), min(result.pages, result.page + PAGE_LINKS) + 1)})
    numbers: list[int | None] = []
    for number in shown:
        if numbers and number - (numbers[-1] or 0) > 1:
            numbers.append(None)
        numbers.append(number)
    return numbers


def install_pages(app: FastAPI, analysis: CorpusAnalysis) -> None:
    """Add the HTML pages and the static folder to ``app``."""
    env = _environment()
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    def render(name: str, **context) -> HTMLResponse:
        return HTMLResponse(env.get_template(name).render(**context))

    install_explorer(app, analysis, env)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index(q: str | None = None, outlet: list[str] = Query([]), entity: list[str] = Query([]),
              since: str | None = None, until: str | None = None, sort: str = Query("relevance", pattern=_SORT),
              page: int = Query(1, ge=1), q2: str | None = None):  # fmt: skip
        outlets, entities = _listed(outlet), _listed(entity)
        result, comparison, error = None, None, None
        if q:
            try:
                options = search_options(analysis, outlets, entities, since, until, SEARCH_PAGE_HITS, page, sort,
                                         mark=_MARK)  # fmt: skip
                result = search_page(analysis, q, options)
                if q2 and q2.strip():
                    comparison = compared(analysis, q, q2, options)
            except (ItonError, ValueError) as exc:  # a query that cannot be read: say why on the page
                error = str(exc)
        stories = analysis.stories(min_size=2)[:HOME_STORIES]
        asked = [("q", q or ""), *(("outlet", o) for o in outlets), *(("entity", e) for e in entities),
                 ("since", since or ""), ("until", until or ""), ("sort", sort)]  # fmt: skip
        asked = [(k, v) for k, v in asked if v]

        def link(**changed) -> str:  # another page of this search, the comparison kept
            kept = [*asked, ("q2", q2 or "")]
            return "/?" + urlencode([(k, v) for k, v in kept if v and k not in changed] + list(changed.items()))

        downloads = {fmt: f"/api/search.{fmt}?" + urlencode(asked) for fmt in DOWNLOAD_FORMATS}
        return render("index.html", q=q or "", outlet=", ".join(outlets), entity=", ".join(entities),
                      since=since or "", until=until or "", sort=sort, sorts=SORT_NAMES, q2=q2 or "",
                      result=result, hits=[(h, marked_snippet(h.snippet)) for h in result.hits] if result else [],
                      pages=_page_numbers(result) if result else [], link=link, downloads=downloads,
                      comparison=comparison, error=error, stories=stories, count=len(analysis))  # fmt: skip

    @app.get("/article/{article_id:path}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(article_id: str):
        data = article_details(analysis, article_id)
        unique = list({e["entity"]: e for e in data["entities"]}.values())
        return render("article.html", a=data["article"], segments=entity_segments(data["text"], data["entities"]),
                      entities=unique, keywords=data["keywords"], story=data["story"],
                      summary=data["summary"])

    @app.get("/stories", response_class=HTMLResponse, include_in_schema=False)
    def stories_page(since: str | None = None, until: str | None = None, page: int = Query(1, ge=1)):
        stories = analysis.stories(check(since, "since") or None, check(until, "until") or None)
        pages = max(1, -(-len(stories) // STORIES_PAGE))
        shown = [analysis.story_data(s) for s in stories[(page - 1) * STORIES_PAGE : page * STORIES_PAGE]]
        query = {k: v for k, v in (("since", since), ("until", until)) if v}
        return render("stories.html", stories=shown, total=len(stories), page=page, pages=pages,
                      link=lambda number: "/stories?" + urlencode({**query, "page": number}),
                      since=since or "", until=until or "")  # fmt: skip

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

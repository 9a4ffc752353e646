"""The HTTP API and web pages of ``iton serve``: FastAPI routes that call the same library as the CLI."""

from __future__ import annotations

import asyncio
import functools
import inspect
import json
import logging
from collections.abc import Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.encoders import jsonable_encoder
from fastapi.responses import Response, StreamingResponse
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from iton.analysis.corpus_view import AnalysisOptions, CorpusAnalysis
from iton.analysis.trends import BUCKETS
from iton.corpus.results import DOWNLOAD_FORMATS
from iton.corpus.search import SORTS
from iton.errors import AnalysisError, ApiError, InvalidOption, ItonError
from iton.version import VERSION
from iton.web.answers import (
    article_details,
    compared,
    download,
    search_options,
    search_page,
    story_details,
)
from iton.web.limits import (
    MAX_FIELD_CHARS,
    MAX_LIMIT,
    MAX_NORMALIZE_CHARS,
    LimitsMiddleware,
    check_query,
    error_response,
)
from iton.web.pages import install_pages

__all__ = ["ServeOptions", "create_app"]

# Most sentences one summary request asks for: a summary longer than this is the article.
MAX_SUMMARY_SENTENCES = 20
_SORT = "^(" + "|".join(SORTS) + ")$"
_DOWNLOAD = "^(" + "|".join(DOWNLOAD_FORMATS) + ")$"
_DOWNLOAD_TYPES = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson; charset=utf-8"}

log = logging.getLogger("iton.web")


@dataclass(frozen=True)
class ServeOptions:
    """Settings of the server: the store, where to listen, the morphology engine."""

    db: str = "iton.db"
    host: str = "127.0.0.1"
    port: int = 8000
    engine: str = "auto"

    def __post_init__(self) -> None:
        if not 0 <= self.port <= 65535:
            raise InvalidOption("port", self.port, "a port number from 0 to 65535 (0: any free port)")


class NormalizeRequest(BaseModel):
    """Body of POST /api/normalize."""

    text: str = Field(..., max_length=MAX_NORMALIZE_CHARS)
    format: str = Field("text", pattern="^(text|json)$")
    keep_foreign: bool = False


class HeadMiddleware:
    """HEAD answered as GET without the body (uptime probes and link checkers send HEAD; the routes
    are declared for GET only, which would answer 405)."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def without_body(message):
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, without_body)


# No page runs script: even text that escaped escaping could not execute.
SECURITY_HEADERS = [
    (b"content-security-policy", b"default-src 'none'; style-src 'self'; img-src 'self' data:; "
     b"form-action 'self'; base-uri 'none'; frame-ancestors 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
]  # fmt: skip


class SecurityHeadersMiddleware:
    """SECURITY_HEADERS on every response, added to the start message (a plain ASGI middleware:
    Starlette's BaseHTTPMiddleware runs the app in a second task and passes every response body
    through a queue)."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message):
            if message["type"] == "http.response.start":
                names = {name for name, _ in SECURITY_HEADERS}
                kept = [(name, value) for name, value in message.get("headers", []) if name.lower() not in names]
                message = {**message, "headers": kept + SECURITY_HEADERS}
            await send(message)

        await self.app(scope, receive, with_headers)


def create_app(options: ServeOptions | None = None, corpus=None, pipeline=None) -> FastAPI:
    """The FastAPI app over the store in ``options.db`` (or an open ``corpus``)."""
    from iton.corpus import Corpus

    options = options or ServeOptions()
    if corpus is None:  # a store of its own: whole-corpus results are kept ready in the background
        from iton.web.live import LiveAnalysis

        analysis = LiveAnalysis(lambda: Corpus(options.db, engine=options.engine, pipeline=pipeline),
                                AnalysisOptions(engine=options.engine), pipeline)
    else:
        analysis = CorpusAnalysis(corpus, AnalysisOptions(engine=options.engine), pipeline)
    app = FastAPI(title="iton", version=VERSION, description="Hebrew news corpus: search, stories, entities, trends",
                  docs_url=None, redoc_url=None, openapi_url="/api/openapi.json",
                  lifespan=_closes(analysis) if corpus is None else None)  # a given corpus is its caller's to close
    app.state.analysis = analysis
    app.state.options = options
    _install_errors(app)
    _install_api(app, analysis)
    install_pages(app, analysis)
    app.add_middleware(LimitsMiddleware)
    app.add_middleware(HeadMiddleware)
    app.add_middleware(SecurityHeadersMiddleware)
    return app


def _closes(analysis):
    """The app's lifespan: at shutdown, stop the background analysis and close its store connections."""

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        await asyncio.to_thread(analysis.close)  # waits up to seconds for the background thread

    return lifespan


def _json_body(content: dict) -> bytes:
    """``content`` as JSONResponse writes it."""
    return json.dumps(jsonable_encoder(content), ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode()


def _install_errors(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError):
        return error_response(exc.status, exc.problem, exc.fix)

    @app.exception_handler(AnalysisError)
    async def analysis_error(request: Request, exc: AnalysisError):
        return error_response(exc.status, exc.problem, exc.fix)

    @app.exception_handler(ItonError)  # CorpusError (a bad query, filter or limit) included
    async def iton_error(request: Request, exc: ItonError):
        return error_response(400, str(exc))

    @app.exception_handler(ValueError)
    async def value_error(request: Request, exc: ValueError):
        return error_response(400, str(exc))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError):
        problems = "; ".join(f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg')}" for e in exc.errors())
        return error_response(422, f"invalid request: {problems}", "see /api/openapi.json for the parameters")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        reason = exc.detail if isinstance(exc.detail, str) else "request failed"
        if exc.status_code == 404 and reason == "Not Found":
            reason = f"no page or API route at {request.url.path}"
        return error_response(exc.status_code, reason, "see /api/openapi.json for the routes" if exc.status_code == 404 else None)

    @app.exception_handler(Exception)
    async def internal_error(request: Request, exc: Exception):
        log.exception("internal error on %s", request.url.path)
        return error_response(500, f"internal error ({type(exc).__name__})",
                              "report it with the request that caused it; the server log has the details")


def _install_api(app: FastAPI, analysis: CorpusAnalysis) -> None:
    def remembered(route: Callable[..., dict]) -> Callable[..., Awaitable[Response]]:
        """The route with its answer as JSON, remembered by the analysis until the store changes or
        a new analysis is swapped in: one remembered is sent from the event loop, with no worker
        thread and no serialization, in the order requests came (threads switching under load made
        a tail of seconds); a new one is computed by ``route`` in a worker thread. The route's
        parameters stay what FastAPI reads and checks; the request is added for the key."""
        signature = inspect.signature(route)

        async def answer(request: Request, **params: Any) -> Response:
            key = ("json", request.url.path, tuple(sorted(request.query_params.multi_items())), analysis.builds)
            body = analysis.remembered_answer(key)
            if body is None:
                body = await run_in_threadpool(analysis.read_answer, key, lambda _corpus: _json_body(route(**params)))
            return Response(body, media_type="application/json")

        functools.update_wrapper(answer, route)  # its name and docstring describe the route
        request = inspect.Parameter("request", inspect.Parameter.KEYWORD_ONLY, annotation=Request)
        answer.__signature__ = signature.replace(  # type: ignore[attr-defined]
            parameters=[*signature.parameters.values(), request], return_annotation=Response)
        return answer

    @app.get("/healthz", tags=["meta"])
    async def healthz() -> dict:
        # On the event loop (not behind busy worker threads), and never waiting for the store's lock:
        # the article count is given only when the store is free this instant.
        body: dict[str, Any] = {"ok": True}
        if not getattr(analysis, "ready", True):  # a LiveAnalysis still building its first results
            body["analysis"] = "building"
        if analysis.lock.acquire(blocking=False):
            try:
                body["articles"] = len(analysis)
            finally:
                analysis.lock.release()
        return body

    @app.get("/api/search", tags=["corpus"])
    @remembered
    def api_search(q: str = Query(..., min_length=1), outlet: list[str] = Query([]), entity: list[str] = Query([]),
                   since: str | None = None, until: str | None = None, limit: int = Query(10, ge=1, le=MAX_LIMIT),
                   page: int = Query(1, ge=1), sort: str = Query("relevance", pattern=_SORT),
                   collapse: bool = False) -> dict:
        """Search the corpus by lemma (the query is normalized like the articles): ``total`` matches
        and page ``page`` of ``limit`` hits, best first or newest first (``sort=date``), as deep as
        the matches go. ``outlet`` (repeatable: any of them) matches by prefix or domain, ``entity``
        (repeatable: every one) an entity the article names."""
        options = search_options(analysis, outlet, entity, since, until, limit, page, sort, collapse)
        return search_page(analysis, q, options).to_dict()

    @app.get("/api/search.{fmt}", tags=["corpus"])
    def api_search_download(fmt: str = Path(..., pattern=_DOWNLOAD), q: str = Query(..., min_length=1),
                            outlet: list[str] = Query([]), entity: list[str] = Query([]), since: str | None = None,
                            until: str | None = None, sort: str = Query("relevance", pattern=_SORT),
                            snippets: bool = True):
        """Every match of a search (``search.csv`` or ``search.jsonl``), streamed, never cut: rank, id,
        published, outlet, title, url, score, snippet (``snippets=false``: none, and many times
        faster on many matches); CSV in UTF-8 with a byte order mark (Excel reads the Hebrew), the
        order and filters of /api/search."""
        options = search_options(analysis, outlet, entity, since, until, sort=sort)
        lines = download(analysis, q, options, fmt, snippets)
        return StreamingResponse(lines, media_type=_DOWNLOAD_TYPES[fmt],
                                 headers={"Content-Disposition": f'attachment; filename="iton-search.{fmt}"'})

    @app.get("/api/search/compare", tags=["corpus"])
    @remembered
    def api_search_compare(q: str = Query(..., min_length=1), q2: str = Query(..., min_length=1),
                           outlet: list[str] = Query([]), entity: list[str] = Query([]),
                           since: str | None = None, until: str | None = None) -> dict:
        """Two queries side by side, with the same filters: the articles each matches, those both
        match, and those only one does."""
        return compared(analysis, q, q2, search_options(analysis, outlet, entity, since, until)).to_dict()

    # ids made from URLs (the default for feeds and records without an id) hold slashes: ":path"
    @app.get("/api/articles/{article_id:path}", tags=["corpus"])
    @remembered
    def api_article(article_id: str) -> dict:
        """One article with its entities, keywords, story and summary."""
        return article_details(analysis, article_id)

    @app.get("/api/lexicon", tags=["corpus"])
    def api_lexicon() -> dict:
        """The corpus's own lexicon (form, lemma, UPOS of each entry); read-only, `iton lexicon` writes it."""
        with analysis.lock:
            entries = analysis.corpus.store.lexicon()
        return {"entries": [{"form": e.form, "lemma": e.lemma, "upos": e.upos} for e in entries], "total": len(entries)}

    @app.get("/api/stories", tags=["analysis"])
    @remembered
    def api_stories(since: str | None = None, until: str | None = None, min_size: int = Query(1, ge=1),
                    limit: int = Query(100, ge=1, le=MAX_LIMIT)) -> dict:
        """Stories: articles about the same event, with outlets and time span."""
        stories = analysis.stories(check_query(since, "since"), check_query(until, "until"), min_size)
        return {"stories": [analysis.story_data(s) for s in stories[:limit]], "total": len(stories)}

    @app.get("/api/stories/{story_id}", tags=["analysis"])
    @remembered
    def api_story(story_id: str) -> dict:
        """One story: its articles, keywords and summary."""
        return story_details(analysis, story_id)

    @app.get("/api/entities", tags=["analysis"])
    @remembered
    def api_entities(label: str | None = None, limit: int = Query(50, ge=1, le=MAX_LIMIT),
                     with_entity: str | None = Query(None, alias="with")) -> dict:
        """The entities in most articles, or those co-occurring with ``with``."""
        check_query(label, "label")
        if with_entity:
            together = analysis.cooccurring(check_query(with_entity, "with") or "", limit)
            return {"with": with_entity, "entities": together}
        return {"entities": [e.to_dict() for e in analysis.entities(limit, label)]}

    @app.get("/api/trends", tags=["analysis"])
    @remembered
    def api_trends(term: str = Query(..., min_length=1), kind: str = Query("lemma", pattern="^(lemma|phrase|entity)$"),
                   bucket: str = Query("week", pattern="^(" + "|".join(BUCKETS) + ")$"),
                   per_outlet: bool = True) -> dict:
        """Counts of a lemma, phrase or entity per period and outlet."""
        query, points = analysis.trend_for_text(check_query(term, "term") or "", kind, bucket, per_outlet)
        return {"kind": query.kind, "terms": list(query.terms), "bucket": bucket,
                "points": [p.to_dict() for p in points]}

    @app.get("/api/keywords", tags=["analysis"])
    @remembered
    def api_keywords(article: str | None = None, story: str | None = None, since: str | None = None,
                     until: str | None = None, limit: int = Query(10, ge=1, le=MAX_LIMIT),
                     outlet: list[str] = Query([])) -> dict:
        """Distinctive lemmas and bigrams of an article, a story or a period (of the ``outlet``
        outlets, repeatable, by prefix or domain)."""
        for value in outlet:
            check_query(value, "outlet")
        kws = analysis.keywords(check_query(article, "article"), check_query(story, "story"),
                                check_query(since, "since"), check_query(until, "until"), limit, outlet)
        return {"keywords": [k.to_dict() for k in kws]}

    @app.get("/api/summary", tags=["analysis"])
    @remembered
    def api_summary(article: str | None = None, story: str | None = None,
                    sentences: int = Query(3, ge=1, le=MAX_SUMMARY_SENTENCES)) -> dict:
        """An extractive summary of an article or a story."""
        chosen = analysis.summary(check_query(article, "article"), check_query(story, "story"), sentences)
        return {"summary": [s.to_dict() for s in chosen]}

    def _normalize(text: str, fmt: str, keep_foreign: bool) -> dict:
        from iton.views import normalized_text, to_json

        if len(text) > MAX_NORMALIZE_CHARS:
            raise ApiError(413, f"the text is {len(text)} characters long; at most {MAX_NORMALIZE_CHARS} per request",
                           "split the text")
        doc = analysis.pipeline.analyze(text)
        if fmt == "json":
            return {"document": to_json(doc, keep_foreign)}
        return {"normalized": normalized_text(doc, keep_foreign)}

    @app.post("/api/normalize", tags=["language"])
    def api_normalize(request: NormalizeRequest) -> dict:
        """Raw Hebrew text to the normalized form (``format=json``: the whole Document, entities included)."""
        return _normalize(request.text, request.format, request.keep_foreign)

    @app.get("/api/normalize", tags=["language"])
    def api_normalize_get(text: str = Query(..., max_length=MAX_FIELD_CHARS * 4),
                          format: str = Query("text", pattern="^(text|json)$"), keep_foreign: bool = False) -> dict:
        """The same for a short text in the query string."""
        return _normalize(text, format, keep_foreign)


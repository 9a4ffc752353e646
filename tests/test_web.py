"""The HTTP API over a real uvicorn server on loopback: routes, limits, errors as JSON, escaping."""

from __future__ import annotations

import re

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_web_corpus import live_server  # noqa: F401 - the fixture

from iton.web.app import ServeOptions
from iton.web.limits import MAX_BODY_BYTES, MAX_FIELD_CHARS


@pytest.fixture(scope="module")
def client(live_server):  # noqa: F811
    with httpx.Client(base_url=live_server.url, timeout=30) as c:
        yield c


def _error(response: httpx.Response, status: int) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert body["error"]["status"] == status and body["error"]["reason"]
    assert "Traceback" not in response.text and 'File "' not in response.text
    return body["error"]


def test_health(client):
    assert client.get("/healthz").json() == {"ok": True, "articles": 4}


def test_search_finds_inflections(client):
    hits = client.get("/api/search", params={"q": "גשרים"}).json()["hits"]
    ids = {h["id"] for h in hits}
    assert {"bridge-a", "bridge-b"} <= ids
    assert all(h["snippet"] for h in hits)


def test_search_filters_and_limit(client):
    hits = client.get("/api/search", params={"q": "גשר", "outlet": "news-b.example", "limit": 5}).json()["hits"]
    assert [h["id"] for h in hits] == ["bridge-b"]


def test_article_has_entities_keywords_story(client):
    data = client.get("/api/articles/bridge-a").json()
    assert data["article"]["id"] == "bridge-a"
    assert data["keywords"], "an article has keywords"
    for e in data["entities"]:
        assert data["text"][e["start"] : e["end"]] == e["text"]
    assert data["story"]["size"] >= 1


def test_stories_group_the_event(client):
    stories = client.get("/api/stories").json()["stories"]
    story_of = {a: s["id"] for s in stories for a in s["articles"]}
    assert story_of["bridge-a"] == story_of["bridge-b"]
    assert story_of["rain-c"] != story_of["bridge-a"]
    one = client.get(f"/api/stories/{story_of['bridge-a']}").json()
    assert {a["id"] for a in one["articles"]} >= {"bridge-a", "bridge-b"}
    assert one["summary"] and one["keywords"]


def test_trends_counts_per_period(client):
    data = client.get("/api/trends", params={"term": "גשר", "bucket": "month"}).json()
    periods = {p["period"] for p in data["points"]}
    assert "2024-03-01" in periods
    assert data["terms"] == ["גשר"]


def test_entities_and_normalize(client):
    assert "entities" in client.get("/api/entities").json()
    assert client.get("/api/normalize", params={"text": "בבית"}).json() == {"normalized": "בית"}
    posted = client.post("/api/normalize", json={"text": "הגשרים החדשים", "format": "json"}).json()
    assert "document" in posted


def test_openapi_schema(client):
    from importlib.metadata import version

    schema = client.get("/api/openapi.json").json()
    assert schema["info"]["version"] == version("iton")
    paths = schema["paths"]
    for route in ("/api/search", "/api/articles/{article_id}", "/api/stories", "/api/entities", "/api/trends",
                  "/api/normalize"):
        assert route in paths


@pytest.mark.parametrize(
    "path, params, status",
    [
        ("/api/articles/no-such-id", None, 404),
        ("/api/stories/no-such-story", None, 404),
        ("/no/such/page", None, 404),
        ("/api/search", {"q": ""}, 422),
        ("/api/search", {"q": '"unclosed'}, 400),
        ("/api/search", {"q": "גשר", "limit": 0}, 422),
        ("/api/search", {"q": "גשר", "since": "not a date"}, 400),
        ("/api/search", {"q": "א" * (MAX_FIELD_CHARS + 1)}, 400),
        ("/api/search", {"q": "(" * 248 + "גשר" + ")" * 248}, 400),
        ("/api/search", {"q": "גשר NEAR/x נהר"}, 400),
        ("/api/search", {"q": "גשר", "since": "2026-12", "until": "2026-11"}, 400),
        ("/api/trends", {"term": "גשר", "bucket": "year"}, 422),
        ("/api/summary", {}, 400),
        ("/api/stories", {"since": "not a date"}, 400),
        ("/api/keywords", {"until": "not a date"}, 400),
        ("/api/entities", {"with": "   "}, 400),
        ("/stories", {"since": "not a date"}, 400),
    ],
)
def test_errors_are_json_with_a_reason(client, path, params, status):
    _error(client.get(path, params=params), status)


def test_request_size_limits(client):
    _error(client.post("/api/normalize", content=b"x" * (MAX_BODY_BYTES + 1),
                       headers={"content-type": "application/json"}), 413)
    _error(client.get("/api/search", params={"q": "ב" * 5000}), 414)


def test_malformed_json_body(client):
    _error(client.post("/api/normalize", content=b"{not json", headers={"content-type": "application/json"}), 422)


def test_pages_are_rtl_and_escaped(client):
    page = client.get("/article/xss-d")
    assert page.status_code == 200
    html = page.text
    assert '<html lang="he" dir="rtl">' in html
    assert "<script>" not in html and "<img src=x" not in html
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in html
    assert "script-src" not in page.headers["content-security-policy"]  # default-src 'none' covers scripts
    assert "default-src 'none'" in page.headers["content-security-policy"]
    search = client.get("/", params={"q": "גשר"}).text
    assert "<script>window" not in search and "<mark>" in search


def test_chart_is_inline_svg(client):
    html = client.get("/trends", params={"term": "גשר", "bucket": "month"}).text
    assert "<svg" in html and "<polyline" in html or "<circle" in html
    assert "http://" not in html.split("<svg", 1)[1].split("</svg>", 1)[0].replace("http://www.w3.org/2000/svg", "")


def test_default_bind_is_loopback():
    assert ServeOptions().host == "127.0.0.1"
    from iton.cli import build_parser

    args = build_parser().parse_args(["serve"])
    assert args.host == "127.0.0.1"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=40))
def test_any_query_string_is_an_answer_or_a_clear_error(client, text):
    for path, params in (("/api/search", {"q": text}), ("/api/trends", {"term": text}), ("/", {"q": text})):
        r = client.get(path, params=params)
        assert r.status_code in (200, 400, 414, 422), (path, text, r.text)
        if r.status_code != 200:
            assert r.json()["error"]["reason"]


def test_url_ids_open_and_only_web_links_are_links(tmp_path):
    # Ids made from URLs hold slashes: the pages' own links to them used to answer 404.
    # A source's javascript: URL is shown nowhere as a link.
    import json

    from fastapi.testclient import TestClient

    from iton.corpus import Corpus
    from iton.web.app import create_app

    body = "ראש העירייה פתח אתמול את הגשר החדש מעל נחל הקישון בחיפה, והתושבים עברו עליו ברגל."
    rows = [{"url": "https://www.news.example/a/1?x=1", "title": "גשר בחיפה", "body": body},
            {"id": "local/2", "url": "javascript:alert(1)", "title": "גשר שני", "body": body + " עוד."}]
    source = tmp_path / "urls.jsonl"
    source.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    with Corpus(str(tmp_path / "urls.db"), engine="rules") as corpus:
        corpus.ingest([str(source)])
        client = TestClient(create_app(ServeOptions(engine="rules"), corpus=corpus))
        page = client.get("/", params={"q": "גשר"}).text
        links = sorted(set(re.findall(r'href="(/article/[^"]+)"', page)))
        assert len(links) == 2
        for link in links:
            assert client.get(link).status_code == 200, link
        assert client.get("/api/articles/https://news.example/a/1?x=1".replace("?", "%3F")).status_code == 200
        assert "javascript:" not in client.get("/article/local/2").text
        from_url = next(link for link in links if "news.example" in link)
        assert 'href="https://www.news.example/a/1?x=1"' in client.get(from_url).text

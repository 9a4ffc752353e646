"""The search API's totals, pages, sorts, filters, downloads and comparison over a real server on loopback."""

from __future__ import annotations

import csv
import io
import json

import httpx
import pytest
from test_web_corpus import live_server  # noqa: F401 - the fixture


@pytest.fixture(scope="module")
def client(live_server):  # noqa: F811
    with httpx.Client(base_url=live_server.url, timeout=30) as c:
        yield c


def _ids(client: httpx.Client, **params) -> list[str]:
    """The ids of every page of one hit each, read until the total."""
    first = client.get("/api/search", params={**params, "limit": 1}).json()
    ids = [h["id"] for h in first["hits"]]
    for page in range(2, first["pages"] + 1):
        ids += [h["id"] for h in client.get("/api/search", params={**params, "limit": 1, "page": page}).json()["hits"]]
    assert len(ids) == first["total"] == first["pages"]
    return ids


def test_total_pages_and_sorts(client):
    body = client.get("/api/search", params={"q": "גשר"}).json()
    assert body["total"] == 3 and body["page"] == 1 and body["pages"] == 1 and body["sort"] == "relevance"
    assert {h["id"] for h in body["hits"]} == {"bridge-a", "bridge-b", "xss-d"}
    assert _ids(client, q="גשר", sort="date") == ["xss-d", "bridge-b", "bridge-a"]  # newest first
    assert sorted(_ids(client, q="גשר")) == ["bridge-a", "bridge-b", "xss-d"]
    past = client.get("/api/search", params={"q": "גשר", "page": 9}).json()
    assert (past["total"], past["hits"]) == (3, [])


def test_outlets_by_prefix_repeatable_and_entities(client):
    assert sorted(_ids(client, q="גשר", outlet=["news-a", "https://www.evil.example/x"])) == ["bridge-a", "xss-d"]
    assert _ids(client, q="גשר", outlet="NEWS-B.example") == ["bridge-b"]
    assert client.get("/api/search", params={"q": "גשר", "outlet": "nothing"}).json()["total"] == 0
    mentions = client.get("/api/articles/bridge-a").json()["entities"]
    named = mentions[0]["entity"]
    found = _ids(client, q="גשר", entity=named)
    assert "bridge-a" in found
    for article in found:
        assert named in {m["entity"] for m in client.get(f"/api/articles/{article}").json()["entities"]}
    assert client.get("/api/search", params={"q": "גשר", "entity": "אין ישות כזאת"}).json()["total"] == 0


@pytest.mark.parametrize("sort", ["relevance", "date"])
def test_downloads_stream_every_match_in_page_order(client, sort, monkeypatch):
    from iton.corpus import results

    monkeypatch.setattr(results, "DOWNLOAD_CHUNK", 1)  # one article per chunk: the stream is read piece by piece
    pages = _ids(client, q="גשר OR גשם", sort=sort)
    response = client.get("/api/search.csv", params={"q": "גשר OR גשם", "sort": sort})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    assert response.content.startswith("\ufeff".encode())  # Excel reads UTF-8 Hebrew with the BOM
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [r["id"] for r in rows] == pages and [r["rank"] for r in rows] == [str(i) for i in range(1, len(pages) + 1)]
    xss = next(r for r in rows if r["id"] == "xss-d")
    assert xss["title"].startswith("<script>") and "[" in xss["snippet"]  # text as stored, matches marked
    lines = client.get("/api/search.jsonl", params={"q": "גשר OR גשם", "sort": sort}).text.splitlines()
    assert [json.loads(line)["id"] for line in lines] == pages


def test_download_without_snippets_has_the_same_rows_and_no_snippet_column(client):
    full = list(csv.DictReader(io.StringIO(client.get("/api/search.csv", params={"q": "גשר OR גשם"}).content.decode("utf-8-sig"))))
    light = client.get("/api/search.csv", params={"q": "גשר OR גשם", "snippets": "false"}).content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(light)))
    assert light.startswith("rank,id,published,outlet,title,url,score\r\n")
    assert [(r["id"], r["title"], r["score"]) for r in rows] == [(r["id"], r["title"], r["score"]) for r in full] != []
    lines = client.get("/api/search.jsonl", params={"q": "גשר OR גשם", "snippets": "false"}).text.splitlines()
    assert all("snippet" not in json.loads(line) for line in lines) and len(lines) == len(rows)


def test_comparison_of_two_queries(client):
    body = client.get("/api/search/compare", params={"q": "גשר", "q2": "חיפה"}).json()
    bridge, haifa = set(_ids(client, q="גשר")), set(_ids(client, q="חיפה"))
    assert body["first"] == {"query": "גשר", "total": len(bridge), "only": len(bridge - haifa)}
    assert body["second"]["total"] == len(haifa) and body["both"] == len(bridge & haifa) > 0
    filtered = client.get("/api/search/compare", params={"q": "גשר", "q2": "חיפה", "outlet": "news-b"}).json()
    assert filtered["both"] == 1


@pytest.mark.parametrize(("path", "params", "status"), [
    ("/api/search", {"q": "גשר", "sort": "oldest"}, 422),
    ("/api/search", {"q": "גשר", "page": 0}, 422),
    ("/api/search.xml", {"q": "גשר"}, 422),
    ("/api/search.csv", {"q": "(גשר"}, 400),
    ("/api/search/compare", {"q": "גשר"}, 422),
    ("/api/search/compare", {"q": "גשר", "q2": "NOT"}, 400),
])  # fmt: skip
def test_bad_requests_are_clear_errors(client, path, params, status):
    response = client.get(path, params=params)
    assert response.status_code == status, response.text
    assert response.json()["error"]["reason"]

"""The explorer routes over a real server on 127.0.0.1 (the test corpus): /api/topics, /topics, /api/compare."""

from __future__ import annotations

import httpx
import pytest
from test_web_corpus import live_server  # noqa: F401 - the fixture


@pytest.fixture(scope="module")
def client(live_server):  # noqa: F811
    with httpx.Client(base_url=live_server.url, timeout=60) as c:
        yield c


def test_api_topics_with_shares_per_month(client):
    body = client.get("/api/topics", params={"topics": 3, "over": "month"}).json()
    assert [t["id"] for t in body["topics"]] == [0, 1, 2]
    assert all(t["name"] and t["terms"] for t in body["topics"])
    months = [g["month"] for g in body["groups"]]
    assert months == ["2024-01", "2024-03"]
    assert sum(g["articles"] for g in body["groups"]) == 4
    assert all(len(g["shares"]) == 3 for g in body["groups"])


def test_api_topics_refuses_a_bad_count(client):
    response = client.get("/api/topics", params={"topics": 0})
    assert response.status_code == 422 and "topics" in response.json()["error"]["reason"]


def test_topics_page_is_hebrew_and_lists_topics(client):
    html = client.get("/topics", params={"topics": 2, "over": "outlet"}).text
    assert 'dir="rtl"' in html and "נושאים בקורפוס" in html
    assert html.count('class="topic-name"') == 2
    assert "news-a.example" in html


def test_api_compare_two_terms_zero_filled_with_shares(client):
    body = client.get("/api/compare", params={"term": ["גשר", "גשם כבד"], "bucket": "month"}).json()
    rows = {(r["period"], r["series"]): r for r in body["rows"]}
    assert rows[("2024-02-01", "גשר")]["articles"] == 0 and rows[("2024-02-01", "גשר")]["total"] == 0
    assert rows[("2024-03-01", "גשר")]["share"] == 1.0
    assert rows[("2024-01-01", "גשם כבד")]["articles"] == 1 and body["empty"] == []


def test_api_compare_as_csv_with_an_outlet_filter(client):
    response = client.get("/api/compare", params={"term": "גשר", "outlet": "news-b", "bucket": "month",
                                                   "format": "csv"})
    assert response.headers["content-type"].startswith("text/csv")
    assert response.text.splitlines() == ["period,series,count,articles,total,share",
                                          "2024-03-01,גשר,3,1,1,1.0000"]


def test_api_compare_needs_a_series(client):
    response = client.get("/api/compare", params={"bucket": "month"})
    assert response.status_code == 400 and "nothing to count" in response.json()["error"]["reason"]


def test_a_search_error_on_the_page_is_hebrew_with_the_detail_isolated(client):
    html = client.get("/", params={"q": '"גשר'}).text  # an unclosed quote
    assert 'role="alert">החיפוש נכשל: <bdi dir="ltr" lang="en">' in html


def test_compare_page_shows_shares_zero_filled_and_a_download_link(client):
    html = client.get("/compare", params={"term": ["גשר", "גשם", ""], "bucket": "month"}).text
    assert 'dir="rtl"' in html and 'id="compare-chart"' in html and "<svg" in html
    assert '<td dir="ltr">2024-02-01</td><td><bdi>גשר</bdi></td>' in html  # the empty month, zero-filled
    assert 'href="/api/compare?term=' in html and "format=csv" in html


def test_stories_page_shows_each_story_label(client):
    html = client.get("/stories").text
    assert html.count('class="muted story-label"') >= 2 and " · " in html


def test_stories_page_is_paged(client, monkeypatch):
    from iton.web import pages

    monkeypatch.setattr(pages, "STORIES_PAGE", 1)
    first = client.get("/stories").text
    assert first.count('class="muted story-label"') == 1 and 'rel="next" href="/stories?page=2"' in first
    second = client.get("/stories", params={"page": 2}).text
    assert second.count('class="muted story-label"') == 1 and 'rel="prev" href="/stories?page=1"' in second
    assert client.get("/stories", params={"page": 0}).status_code == 422

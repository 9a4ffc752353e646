"""GET /api/topics and the /topics page over a real server on 127.0.0.1 (the test corpus)."""

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

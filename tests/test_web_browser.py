"""The web pages in a real headless Chromium: search, open an article, open a story, see a chart.

Setup: Debian's chromium (``apt-get update && apt-get install -y chromium``, done by the test
setup script) driven by Playwright's Python package; ``playwright install`` is never used.
Tests skip, saying why, when /usr/bin/chromium is absent.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from test_web_corpus import live_server  # noqa: F401 - the fixture

CHROMIUM = Path(os.environ.get("ITON_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]  # fmt: skip

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is absent: install Debian's chromium (apt-get install -y chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser, live_server):  # noqa: F811
    context = browser.new_context(base_url=live_server.url, java_script_enabled=True)
    p = context.new_page()
    errors: list[str] = []
    p.on("pageerror", lambda exc: errors.append(str(exc)))
    # Nothing outside the loopback server may be fetched.
    outside: list[str] = []
    p.on("request", lambda r: outside.append(r.url) if not r.url.startswith(live_server.url) else None)
    p.errors = errors
    p.outside = outside
    yield p
    assert not outside, f"the page fetched from outside the server: {outside}"
    context.close()


def test_search_then_open_article(page):
    page.goto("/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "he"
    page.fill("#q", "גשרים")
    page.click("button[type=submit]")
    page.wait_for_selector("#results")
    titles = page.locator(".hit-title").all_inner_texts()
    assert "גשר חדש נפתח בחיפה" in titles
    assert page.locator(".snippet mark").count() >= 1
    page.click("text=גשר חדש נפתח בחיפה")
    page.wait_for_selector("#article-title")
    assert page.inner_text("#article-title") == "גשר חדש נפתח בחיפה"
    assert "נחל הקישון" in page.inner_text("#article-text")
    direction = page.evaluate("getComputedStyle(document.body).direction")
    assert direction == "rtl"


def test_article_script_never_runs(page):
    page.goto("/article/xss-d")
    page.wait_for_selector("#article-title")
    assert page.evaluate("typeof window.__pwned") == "undefined"
    # The markup is shown as text, not interpreted.
    assert "<script>window.__pwned = 1</script>" in page.inner_text("#article-title")
    assert 'onerror="window.__pwned = 2"' in page.inner_text("#article-text")
    assert page.locator("#article-text img").count() == 0
    page.goto("/?q=" + "גשר")
    page.wait_for_selector("#results")
    assert page.evaluate("typeof window.__pwned") == "undefined"


def test_open_a_story(page):
    page.goto("/stories")
    link = page.locator("table.stories a", has_text="גשר").first
    link.click()
    page.wait_for_selector("#story-title")
    listed = page.locator(".story-articles a").all_inner_texts()
    assert "גשר חדש נפתח בחיפה" in listed and "הגשר מעל הקישון נפתח לתנועה" in listed
    assert page.locator(".summary li").count() >= 1


def test_see_a_trend_chart(page):
    page.goto("/trends")
    page.fill("#term", "גשר")
    page.select_option("#bucket", "month")
    page.click("button[type=submit]")
    chart = page.wait_for_selector("#trend-chart svg")
    box = chart.bounding_box()
    assert box and box["width"] > 200 and box["height"] > 100
    assert page.locator("#trend-chart svg circle").count() >= 1
    assert not page.errors


def test_see_the_topics_and_their_share_per_outlet(page):
    page.goto("/topics")
    page.fill("#topics", "2")
    page.select_option("#over", "outlet")
    page.click("button[type=submit]")
    page.wait_for_selector("#topics-table")
    assert page.locator("#topics-table .topic-name").count() == 2
    outlets = page.locator("#topic-shares tbody tr td:first-child").all_inner_texts()
    assert "news-a.example" in outlets and "news-b.example" in outlets
    assert page.locator("nav a[href='/topics']").count() == 1
    assert not page.errors


def test_compare_two_terms_and_download_the_rows(page):
    page.goto("/compare")
    page.fill("#term1", "גשר")
    page.fill("#term2", "גשם")
    page.select_option("#bucket", "month")
    page.click("button[type=submit]")
    chart = page.wait_for_selector("#compare-chart svg")
    assert chart.bounding_box()["width"] > 200
    assert page.locator("#compare-chart svg polyline").count() == 2
    series = set(page.locator("#compare-rows tbody td:nth-child(2)").all_inner_texts())
    assert series == {"גשר", "גשם"}
    with page.expect_download() as info:
        page.click("#download")
    text = Path(info.value.path()).read_text(encoding="utf-8")
    assert text.startswith("period,series,count,articles,total,share")
    assert not page.errors


def test_search_total_pages_sort_filters_download_and_comparison(page, monkeypatch):
    from iton.web import pages

    monkeypatch.setattr(pages, "SEARCH_PAGE_HITS", 1)  # one hit a page: the four-article corpus gets pages
    page.goto("/")
    page.fill("#q", "גשר")
    page.select_option("#sort", "date")
    page.fill("#outlet", "news, evil.example")
    page.fill("#q2", "חיפה")
    page.click("button[type=submit]")
    page.wait_for_selector("#results")
    assert page.inner_text("#results h2 bdi") == "גשר"  # the query isolated from the Hebrew around it
    total = page.inner_text("#results .total")
    assert "3 כתבות מתאימות" in total and "עמוד 1 מתוך 3" in total
    newest_first = []
    for number in range(3):
        newest_first += page.locator(".hit-title").all_inner_texts()
        if number < 2:
            page.click("nav.pages a[rel=next]")
            page.wait_for_selector(f"nav.pages .current >> text={number + 2}")
    assert newest_first == [newest_first[0], "הגשר מעל הקישון נפתח לתנועה", "גשר חדש נפתח בחיפה"]
    assert page.input_value("#outlet") == "news, evil.example" and page.input_value("#sort") == "date"
    comparison = page.locator("#comparison tbody tr").all_inner_texts()
    assert len(comparison) == 2 and "חיפה" in comparison[1]
    assert page.inner_text("#comparison .overlap .num") == "2"
    with page.expect_download() as info:
        page.click("a.download >> text=CSV")
    text = Path(info.value.path()).read_bytes().decode("utf-8")
    assert text.startswith("\ufeffrank,id,published,outlet,title,url,score,snippet")
    assert [line.split(",")[1] for line in text.splitlines()[1:]] == ["xss-d", "bridge-b", "bridge-a"]
    assert not page.errors

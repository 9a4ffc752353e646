"""Collection against a local news site on 127.0.0.1: feeds, sitemaps, pages, faults, resumption."""

from __future__ import annotations

import io
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from feed_server import FeedServer, article_html, atom, rss, sitemap, sitemap_index

from iton.cli import main
from iton.collect import (
    CollectOptions,
    Collector,
    CollectState,
    Feed,
    HttpOptions,
    example_feeds_path,
    load_feeds,
)
from iton.collect.discover import NotAListing, read_listing
from iton.collect.pages import clean_url, decode_page, extract_article
from iton.corpus import Corpus
from iton.errors import CollectError

# Fast settings for a local server: no waiting between requests, short timeouts and backoffs.
FAST = HttpOptions(host_interval=0.0, timeout=1.0, retries=1, backoff=0.05)


def collector(corpus, state=None, http=FAST, events=None):
    options = CollectOptions(http=http, engine="rules", entities=False)
    return Collector(corpus, state or CollectState(":memory:"), options,
                     on_event=events.append if events is not None else None)  # fmt: skip


def stored(corpus) -> list[dict]:
    out = io.StringIO()
    corpus.export(out, "jsonl")
    return [json.loads(line) for line in out.getvalue().splitlines()]


# -- the feeds file ---------------------------------------------------------------------------


def test_example_feeds_file_loads() -> None:
    feeds = load_feeds(example_feeds_path())
    assert len(feeds) >= 4 and all(f.url.startswith("https://") for f in feeds)
    assert {f.outlet for f in feeds} >= {"ynet", "מעריב"}


@pytest.mark.parametrize("text, problem", [
    ("", "no [[outlet]]"),
    ("[[outlet]]\nfeeds = ['https://a.example/rss']", "no name"),
    ("[[outlet]]\nname = 'x'\nfeeds = 'https://a.example/rss'", "must be a list"),
    ("[[outlet]]\nname = 'x'\nfeeds = ['ftp://a.example/rss']", "not an http(s) URL"),
    ("[[outlet]]\nname = 'x'\nfeeds = ['https://a.example/rss']\ninterval = 0", "minutes above 0"),
    ("[[outlet]]\nname = 'x'\nfeeds = ['https://a.example/rss']\nselectors = {bodi = '//p'}", "selectors"),
    ("[[outlet]\n", "not valid TOML"),
])  # fmt: skip
def test_bad_feeds_file_names_the_problem(tmp_path: Path, text: str, problem: str) -> None:
    path = tmp_path / "feeds.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CollectError, match=re.escape(problem)):
        load_feeds(path)


def test_feeds_file_interval_and_selectors(tmp_path: Path) -> None:
    path = tmp_path / "feeds.toml"
    path.write_text("interval = 5\n[[outlet]]\nname = 'הארץ'\nfeeds = ['https://a.example/rss', 'https://a.example/s.xml']\n"
                    "[outlet.selectors]\nbody = '//article//p'\n", encoding="utf-8")  # fmt: skip
    feeds = load_feeds(path)
    assert [f.interval for f in feeds] == [300.0, 300.0]
    assert feeds[0].outlet == "הארץ" and feeds[0].selectors.body == "//article//p"


# -- URLs, encodings, listings ----------------------------------------------------------------


@pytest.mark.parametrize("url, clean", [
    ("https://www.Ynet.co.il/news/article/abc?utm_source=rss&utm_medium=x", "https://www.ynet.co.il/news/article/abc"),
    ("https://ynet.co.il/a?fbclid=1&id=5#comments", "https://ynet.co.il/a?id=5"),
    ("HTTPS://YNET.CO.IL/a?b=2&a=1", "https://ynet.co.il/a?a=1&b=2"),
])  # fmt: skip
def test_clean_url(url: str, clean: str) -> None:
    assert clean_url(url) == clean


@pytest.mark.parametrize("body, header, charset", [
    (article_html(1, "cp1255"), None, "cp1255"),          # declared in <meta> only
    (article_html(1, "utf-8"), None, "utf-8"),
    (article_html(1, "iso-8859-8"), "iso-8859-8", "iso-8859-8"),  # declared in the HTTP header only
])  # fmt: skip
def test_decode_page(body: bytes, header: str | None, charset: str) -> None:
    text = decode_page(body if header is None else body.replace(charset.encode(), b"x-unknown"), header)
    assert "התחבורה הציבורית" in text


def test_read_listing_kinds() -> None:
    base = "http://127.0.0.1"
    assert [i.url for i in read_listing(rss(base, ["/a"])).items] == [base + "/a"]
    assert read_listing(atom(base, ["/b"])).items[0].updated == "2026-11-30T08:00:00Z"
    news = read_listing(sitemap(base, ["/c"]))
    assert news.kind == "sitemap" and news.items[0].title == "כתבה /c"
    assert read_listing(sitemap_index(base, ["/s1.xml"])).sitemaps == [base + "/s1.xml"]


@pytest.mark.parametrize("data", [b"<html><body>not a feed</body></html>", b"\x00\xff\xfe",
                                  b'<?xml version="1.0"?><urlset><url><loc>x</loc>'])  # fmt: skip
def test_broken_listing_raises(data: bytes) -> None:
    with pytest.raises(NotAListing):
        read_listing(data)


def test_page_without_article_is_refused() -> None:
    assert "no article text" in extract_article("<html><body><a href='/'>ראשי</a></body></html>", "http://x/a")


# -- collecting from the local site -----------------------------------------------------------


@pytest.fixture
def site():
    with FeedServer() as server:
        server.add("/robots.txt", b"User-agent: *\nDisallow: /private/\n", content_type="text/plain")
        yield server


def test_fetch_from_every_kind_of_listing_and_fault(site: FeedServer) -> None:
    for n in range(1, 6):
        site.add_article(f"/news/{n}", n)
    site.add("/news/cp1255", article_html(6, "cp1255"), content_type="text/html")  # no charset header
    site.add("/old/7", status=301, location="/news/7")
    site.add_article("/news/7", 7, gzip=True)
    site.add_article("/private/8", 8)
    site.add_article("/slow", 9, delay=3.0)
    site.add_article("/busy", 10, fail_first=10)
    site.add_article("/sm/11", 11)
    site.add_article("/sm/12", 12)
    site.add("/index", "<html><body><a href='/'>ראשי</a></body></html>".encode())
    site.add("/rss", rss(site.base, ["/news/1", "/news/2", "/news/1?utm_source=rss", "/news/cp1255", "/old/7",
                                     "/private/8", "/slow", "/busy", "/gone", "/index"]))  # fmt: skip
    site.add("/atom", atom(site.base, ["/news/3", "/news/2#top"]))
    site.add("/news-sitemap.xml", sitemap(site.base, ["/news/4", "/news/5"]))
    site.add("/sitemap-a.xml", sitemap(site.base, ["/sm/11", "/sm/12"], news=False))
    site.add("/sitemap.xml", sitemap_index(site.base, ["/sitemap-a.xml"]))
    site.add("/broken.xml", b"<rss><channel><item><title>", content_type="application/rss+xml")
    feeds = [Feed(site.base + path, "אתר") for path in
             ("/rss", "/atom", "/news-sitemap.xml", "/sitemap.xml", "/broken.xml", "/missing-feed")]  # fmt: skip
    events = []
    with Corpus(":memory:") as corpus:
        report = collector(corpus, events=events).fetch(feeds)
        articles = stored(corpus)
    urls = sorted(a["url"] for a in articles)
    assert urls == sorted(site.base + p for p in ("/news/1", "/news/2", "/news/3", "/news/4", "/news/5",
                                                  "/news/cp1255", "/news/7", "/sm/11", "/sm/12"))  # fmt: skip
    by_url = {a["url"]: a for a in articles}
    assert by_url[site.base + "/news/cp1255"]["title"] == "כתבה מספר 6 על התחבורה הציבורית"  # decoded right
    assert by_url[site.base + "/news/1"]["author"] == "ישראל ישראלי"
    assert by_url[site.base + "/news/1"]["published"].startswith("2026-11-")
    assert all(a["outlet"] == "אתר" for a in articles)
    assert "התחבורה" not in by_url[site.base + "/news/1"]["body"].splitlines()[0]  # the headline is the title
    kinds = {(e.kind, e.url.removeprefix(site.base)): e.detail for e in events}
    assert "robots.txt" in kinds["skipped", "/private/8"]
    assert "no answer within" in kinds["failed", "/slow"]
    assert "HTTP 503" in kinds["failed", "/busy"]
    assert "HTTP 404" in kinds["failed", "/gone"]
    assert "no article text" in kinds["skipped", "/index"]
    assert "not an RSS/Atom feed" in kinds["feed failed", "/broken.xml"]
    assert "HTTP 404" in kinds["feed failed", "/missing-feed"]
    assert report.counts["new"] == 9 and site.hits.get("/private/8") is None
    assert site.hits["/busy"] == 2  # one retry


def test_second_fetch_asks_conditionally_and_stores_nothing_again(site: FeedServer) -> None:
    for n in range(3):
        site.add_article(f"/a/{n}", n)
    site.add("/rss", rss(site.base, [f"/a/{n}" for n in range(3)]))
    feeds = [Feed(site.base + "/rss", "אתר")]
    state = CollectState(":memory:")
    with Corpus(":memory:") as corpus:
        collector(corpus, state).fetch(feeds)
        events = []
        report = collector(corpus, state, events=events).fetch(feeds)
        assert len(corpus) == 3
    assert [(e.kind, e.detail) for e in events] == [("feed", "not modified")]
    assert report.counts["new"] == 0 and site.conditional == 1
    assert site.hits["/a/0"] == 1


def test_changed_article_is_updated_in_place(site: FeedServer) -> None:
    site.add_article("/a/1", 1)
    site.add("/atom", atom(site.base, ["/a/1"], updated="2026-11-30T08:00:00Z"))
    feeds = [Feed(site.base + "/atom", "אתר")]
    state = CollectState(":memory:")
    with Corpus(":memory:") as corpus:
        collector(corpus, state).fetch(feeds)
        site.add("/a/1", article_html(1, title="כתבה מעודכנת על התחבורה", words=70))
        site.add("/atom", atom(site.base, ["/a/1"], updated="2026-11-30T09:30:00Z"))
        events = []
        collector(corpus, state, events=events).fetch(feeds)
        articles = stored(corpus)
    assert [e.kind for e in events] == ["feed", "updated"]
    assert len(articles) == 1 and articles[0]["title"] == "כתבה מעודכנת על התחבורה"


def test_robots_refusing_everything_and_retry_after_failure(site: FeedServer) -> None:
    site.add("/robots.txt", b"User-agent: iton\nDisallow: /\n", content_type="text/plain")
    site.add("/rss", rss(site.base, ["/a/1"]))
    events = []
    with Corpus(":memory:") as corpus:
        collector(corpus, events=events).fetch([Feed(site.base + "/rss", "אתר")])
    assert [(e.kind, e.detail) for e in events] == [("feed failed", "refused by the site's robots.txt")]
    assert "/rss" not in site.hits


def test_fetch_command_with_archive_and_log(site: FeedServer, tmp_path: Path, capsys) -> None:
    site.add_article("/a/1", 1)
    site.add("/rss", rss(site.base, ["/a/1", "/a/2"]))
    db, log, archive = tmp_path / "news.db", tmp_path / "log.jsonl", tmp_path / "collected"
    status = main(["fetch", site.base + "/rss", "--db", str(db), "--rate", "0", "--timeout", "2", "--retries", "0",
                   "--log", str(log), "--archive", str(archive), "--engine", "rules", "--no-entities"])  # fmt: skip
    assert status == 1  # /a/2 is missing
    events = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert [e["kind"] for e in events] == ["feed", "failed", "new"]
    assert "new 1, updated 0, unchanged 0, skipped 0, failed 1" in capsys.readouterr().err
    batches = list(archive.glob("*.jsonl"))
    assert len(batches) == 1 and json.loads(batches[0].read_text(encoding="utf-8"))["url"] == site.base + "/a/1"
    assert Path(f"{db}.collect.sqlite").exists()


def test_fetch_command_example_and_usage_errors(capsys) -> None:
    assert main(["fetch", "--example"]) == 0
    assert "[[outlet]]" in capsys.readouterr().out
    assert main(["fetch", "--db", ":memory:"]) == 1
    assert "no feeds" in capsys.readouterr().err
    assert main(["fetch", "feeds.xml", "--db", ":memory:"]) == 1
    assert "not an http(s) URL" in capsys.readouterr().err
    assert main(["fetch", "https://example.org/rss", "--db", "postgresql://localhost/news"]) == 1
    assert "give --state FILE" in capsys.readouterr().err


# -- a watch killed and started again ---------------------------------------------------------

ARTICLES_IN_KILL_TEST = 60


def _watch(db: Path, log: Path, feeds: list[str]) -> subprocess.Popen:
    command = [sys.executable, "-m", "iton.cli", "watch", *feeds, "--db", str(db), "--log", str(log), "--rate", "0",
               "--timeout", "5", "--interval", "0.02", "--engine", "rules", "--no-entities", "--quiet"]  # fmt: skip
    return subprocess.Popen(command, stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})


def _stored_events(log: Path) -> int:
    if not log.exists():
        return 0
    return sum(json.loads(line)["kind"] in ("new", "updated") for line in log.read_text(encoding="utf-8").splitlines()
               if line.endswith("}"))  # fmt: skip


def _wait(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


@pytest.mark.slow
def test_watch_killed_and_restarted_loses_nothing_and_duplicates_nothing(site: FeedServer, tmp_path: Path) -> None:
    feeds = []
    for f in range(3):
        paths = [f"/f{f}/{n}" for n in range(ARTICLES_IN_KILL_TEST // 3)]
        for n, path in enumerate(paths):
            site.add_article(path, f * 1000 + n)
        shared = [f"/f{(f + 1) % 3}/0?utm_source=feed{f}"]  # another feed's article under a tracking URL
        feeds.append(site.add(f"/rss{f}", rss(site.base, paths + shared)))
    db, log = tmp_path / "news.db", tmp_path / "log.jsonl"
    first = _watch(db, log, feeds)
    try:
        assert _wait(lambda: _stored_events(log) >= 10, 60), first.stderr.read() if first.poll() is not None else ""
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait()
    assert _stored_events(log) < ARTICLES_IN_KILL_TEST  # killed mid-way
    second = _watch(db, log, feeds)
    try:
        with Corpus(db) as corpus:
            assert _wait(lambda: len(corpus) >= ARTICLES_IN_KILL_TEST, 90)
        time.sleep(0.5)  # a few more rounds of the feeds: nothing new may appear
    finally:
        second.send_signal(signal.SIGTERM)
        _, err = second.communicate(timeout=30)
    assert second.returncode == 0, err
    assert "stopped" in err
    with Corpus(db) as corpus:
        urls = [a["url"] for a in stored(corpus)]
    assert len(urls) == len(set(urls)) == ARTICLES_IN_KILL_TEST
    assert set(urls) == {site.base + f"/f{f}/{n}" for f in range(3) for n in range(ARTICLES_IN_KILL_TEST // 3)}


# -- politeness, without waiting: the fetcher's sleep records what it was asked to wait ------


class Waits(list):
    def __call__(self, seconds: float) -> bool:
        self.append(seconds)
        return True


@pytest.mark.parametrize("robots, least_wait", [
    (b"User-agent: *\nAllow: /\n", 5.0),                  # the --rate of the fetcher
    (b"User-agent: *\nCrawl-delay: 9\nAllow: /\n", 9.0),  # a longer Crawl-delay wins
])  # fmt: skip
def test_requests_to_one_host_are_spaced(site: FeedServer, robots: bytes, least_wait: float) -> None:
    from iton.collect.http import Fetcher

    site.add("/robots.txt", robots, content_type="text/plain")
    site.add_article("/a/1", 1)
    site.add_article("/a/2", 2)
    waits = Waits()
    fetcher = Fetcher(HttpOptions(host_interval=5.0, timeout=2, retries=0), sleep=waits)
    fetcher.get(site.base + "/a/1")
    fetcher.get(site.base + "/a/2")
    # asked to wait before /a/1 (robots.txt was the first request) and before /a/2; the fake sleep
    # passes no time, so the second wait also holds the first: their difference is the spacing
    assert len(waits) == 2 and waits[0] > 4.5 and waits[1] - waits[0] > least_wait - 0.5


def test_retries_back_off_and_stop_ends_the_wait(site: FeedServer) -> None:
    from iton.collect.http import Fetcher, FetchFailed

    site.add_article("/busy", 1, fail_first=2)
    waits = Waits()
    response = Fetcher(HttpOptions(host_interval=0, retries=3, backoff=1.5), sleep=waits).get(site.base + "/busy")
    assert response.status == 200 and waits == [1.5, 3.0]
    site.add_article("/down", 2, fail_first=99)
    with pytest.raises(FetchFailed, match="stopped"):
        Fetcher(HttpOptions(host_interval=0, retries=3), sleep=lambda seconds: False).get(site.base + "/down")


def test_outlet_selectors_pick_the_text() -> None:
    from iton.collect.pages import Selectors

    html = article_html(5).decode().replace("<footer>", "<div class='lead'>" + "מילה " * 20 + "</div><footer>")
    page = extract_article(html, "http://x/a", Selectors(body="//div[@class='lead']", author="//footer"))
    assert page.body.split() == ["מילה"] * 20 and page.author == "כל הזכויות שמורות"


def test_robots_behind_a_redirect_is_obeyed(site: FeedServer) -> None:
    from iton.collect.http import Fetcher, FetchFailed

    site.add("/robots.txt", status=301, location="/real-robots.txt")
    site.add("/real-robots.txt", b"User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    site.add_article("/private/1", 1)
    with pytest.raises(FetchFailed, match="robots.txt"):
        Fetcher(FAST).get(site.base + "/private/1")
    assert "/private/1" not in site.hits

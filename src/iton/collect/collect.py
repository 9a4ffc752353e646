"""Collect articles from feeds into a corpus: one pass (`iton fetch`) or on a schedule (`iton watch`)."""

from __future__ import annotations

import hashlib
import json
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from iton.collect.discover import NotAListing, read_listing
from iton.collect.feeds import Feed
from iton.collect.http import ROBOTS_REFUSAL, STOPPED, Fetcher, FetchFailed, HttpOptions
from iton.collect.pages import PageArticle, clean_url, decode_page, extract_article
from iton.collect.state import CollectState, PendingItem

__all__ = ["CollectEvent", "CollectOptions", "CollectReport", "Collector"]

# Article pages analysed and stored together: one ingest (one transaction per ingest batch) and
# one state commit per group, so a kill repeats at most this many fetches and loses none.
PAGES_PER_INGEST = 32
# A feed that keeps failing is read less often, up to this many intervals apart.
MAX_FEED_BACKOFF = 8
# Sitemaps of a sitemap index read in one reading: news sitemap indexes list a few recent ones;
# a full archive index has thousands, which is a job for `iton ingest`, not for watching.
MAX_NESTED_SITEMAPS = 50
# The longest a watch sleeps before looking at the feeds again (a changed clock or a feed
# whose due time moved is noticed within this).
MAX_IDLE_SECONDS = 60.0


@dataclass(slots=True)
class CollectOptions:
    """Settings of collection: ``http`` (politeness and retries), the morphology ``engine`` and
    ``entities`` of the ingest, and ``archive``, a folder that keeps every batch of fetched
    articles as JSON Lines (the input of `iton ingest` or `iton spark normalize` later; None:
    the batches are deleted once stored)."""

    http: HttpOptions = field(default_factory=HttpOptions)
    engine: str = "auto"
    entities: bool = True
    archive: str | None = None


@dataclass(slots=True)
class CollectEvent:
    """One line of the collection log: ``kind`` is new, updated, unchanged, skipped or failed for
    an article, feed (a reading of a feed) or feed failed; ``detail`` says why or how many."""

    kind: str
    url: str
    feed: str
    detail: str = ""

    def to_dict(self) -> dict:
        return asdict(self)

    def line(self) -> str:
        return f"{self.kind}: {self.url}" + (f" ({self.detail})" if self.detail else "")


@dataclass(slots=True)
class CollectReport:
    """Counts of one run by event kind, and how many requests were made."""

    counts: Counter = field(default_factory=Counter)
    requests: int = 0
    stopped: bool = False

    def line(self) -> str:
        kinds = ("new", "updated", "unchanged", "skipped", "failed", "feed failed")
        text = ", ".join(f"{kind} {self.counts[kind]}" for kind in kinds)
        return f"{text}; {self.requests} requests" + ("; stopped" if self.stopped else "")


class Collector:
    """Reads feeds and stores their new and changed articles in ``corpus`` (an iton.Corpus),
    remembering its progress in ``state``. ``on_event`` receives every CollectEvent; ``stop``
    set by another thread (or a signal handler) ends the run after the article in hand."""

    def __init__(self, corpus, state: CollectState, options: CollectOptions | None = None,
                 on_event: Callable[[CollectEvent], None] | None = None,
                 stop: threading.Event | None = None) -> None:  # fmt: skip
        self.corpus = corpus
        self.state = state
        self.options = options or CollectOptions()
        self.on_event = on_event or (lambda event: None)
        self.stop = stop or threading.Event()
        self.fetcher = Fetcher(self.options.http, sleep=lambda seconds: not self.stop.wait(seconds))
        self.report = CollectReport()

    def fetch(self, feeds: list[Feed]) -> CollectReport:
        """Read every feed once now and store what is new or changed."""
        for feed in feeds:
            if self.stop.is_set():
                break
            self.read_feed(feed)
        return self._finish()

    def watch(self, feeds: list[Feed]) -> CollectReport:
        """Read each feed whenever its interval has passed, until ``stop`` is set."""
        while not self.stop.is_set():
            for feed in feeds:
                if self.stop.is_set():
                    break
                if self.state.due(feed.url) <= time.time():
                    self.read_feed(feed)
            wake = min(self.state.due(feed.url) for feed in feeds)
            self.stop.wait(min(max(wake - time.time(), 0.0), MAX_IDLE_SECONDS))
        return self._finish()

    def _finish(self) -> CollectReport:
        self.report.requests = self.fetcher.requests
        self.report.stopped = self.stop.is_set()
        return self.report

    def read_feed(self, feed: Feed) -> None:
        """One reading of ``feed``: list its links, then fetch and store the pending ones."""
        etag, last_modified, _ = self.state.feed(feed.url)
        try:
            response = self.fetcher.get(feed.url, etag, last_modified)
            if response.not_modified:
                self.state.feed_checked(feed.url, time.time() + feed.interval, failed=False)
                self._event("feed", feed.url, feed, "not modified")
            else:
                links = self._links(response.body, feed)
                items = [(clean_url(link), link, updated) for link, updated in links]
                new, changed = self.state.record_listing(feed.url, items, response.etag, response.last_modified,
                                                         time.time() + feed.interval)  # fmt: skip
                self._event("feed", feed.url, feed, f"{len(items)} links, {new} new, {changed} changed")
        except (FetchFailed, NotAListing) as exc:
            reason = exc.reason if isinstance(exc, FetchFailed) else str(exc)
            if reason == STOPPED:  # not the feed's fault: read it first thing next time
                return
            failures = self.state.feed_failures(feed.url) + 1
            backoff = feed.interval * min(2 ** (failures - 1), MAX_FEED_BACKOFF)
            self.state.feed_checked(feed.url, time.time() + backoff, failed=True)
            self._event("feed failed", feed.url, feed, reason)
        # links left pending by an earlier run (killed, or a failure) are fetched too
        self._fetch_pending(feed)

    def _links(self, body: bytes, feed: Feed) -> list[tuple[str, str | None]]:
        listing = read_listing(body)
        links = [(item.url, item.updated) for item in listing.items]
        for nested_url in listing.sitemaps[:MAX_NESTED_SITEMAPS]:
            if self.stop.is_set():
                break
            try:
                nested = read_listing(self.fetcher.get(nested_url).body)
            except (FetchFailed, NotAListing) as exc:
                self._event("feed failed", nested_url, feed, exc.reason if isinstance(exc, FetchFailed) else str(exc))
                continue
            links += [(item.url, item.updated) for item in nested.items]
        return links

    def _fetch_pending(self, feed: Feed) -> None:
        fetched: list[tuple[PendingItem, PageArticle, str | None, str | None, str]] = []
        for item in self.state.pending(feed.url):
            if self.stop.is_set():
                break
            page = self._fetch_page(item, feed)
            if page is not None:
                fetched.append(page)
            if len(fetched) >= PAGES_PER_INGEST:
                self._store(fetched, feed)
                fetched = []
        if fetched:  # stored even when stopping: they were fetched, and storing them is quick
            self._store(fetched, feed)

    def _fetch_page(self, item: PendingItem, feed: Feed):
        try:
            response = self.fetcher.get(item.link, item.etag, item.last_modified)
        except FetchFailed as exc:
            if exc.reason == STOPPED:
                return None
            refused = exc.reason == ROBOTS_REFUSAL  # asked again only if robots.txt changes: never by us
            self.state.failed(item.url, exc.reason, final=refused)
            self._event("skipped" if refused else "failed", item.link, feed, exc.reason)
            return None
        if response.not_modified:
            self.state.unchanged(item.url)
            self._event("unchanged", item.link, feed, "not modified")
            return None
        page = extract_article(decode_page(response.body, response.charset), response.url, feed.selectors)
        if isinstance(page, str):
            self.state.failed(item.url, page, final=True)
            self._event("skipped", item.link, feed, page)
            return None
        digest = _digest(page)
        if item.known and digest == item.digest:
            self.state.unchanged(item.url)
            self._event("unchanged", item.link, feed, "same text")
            return None
        return item, page, response.etag, response.last_modified, digest

    def _store(self, fetched: list, feed: Feed) -> None:
        """Ingest fetched articles through the corpus API, then mark them done (in that order:
        a kill between the two fetches them again, and the corpus finds them unchanged)."""
        from iton.corpus import IngestOptions

        records = [_record(page, feed) for _, page, _, _, _ in fetched]
        with self._batch_file() as path:
            path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
            options = IngestOptions(format="jsonl", engine=self.options.engine, entities=self.options.entities)
            summary = self.corpus.ingest([str(path)], options)
        rejected = {problem.line for problem in summary.problems if problem.kind != "warning" and problem.line}
        done = []
        for line, (item, page, etag, last_modified, digest) in enumerate(fetched, 1):
            if line in rejected:
                reason = next(p.reason for p in summary.problems if p.line == line)
                self.state.failed(item.url, reason, final=True)
                self._event("failed", item.link, feed, reason)
                continue
            done.append((item.url, etag, last_modified, digest))
            self._event("updated" if item.known else "new", item.link, feed, page.title or "")
        self.state.done(done)

    def _batch_file(self):
        return _BatchFile(self.options.archive)

    def _event(self, kind: str, url: str, feed: Feed, detail: str = "") -> None:
        self.report.counts[kind] += 1
        self.on_event(CollectEvent(kind, url, feed.url, detail))


class _BatchFile:
    """A JSON Lines file for one batch of fetched articles: kept in the archive folder, or a
    temporary file removed after the ingest."""

    def __init__(self, archive: str | None) -> None:
        self.archive = archive
        self.path: Path | None = None
        self._tmp = None

    def __enter__(self) -> Path:
        if self.archive:
            folder = Path(self.archive)
            folder.mkdir(parents=True, exist_ok=True)
            stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime())
            self.path = folder / f"{stamp}-{time.time_ns() % 1_000_000_000:09d}.jsonl"
        else:
            self._tmp = tempfile.TemporaryDirectory(prefix="iton-collect-")
            self.path = Path(self._tmp.name) / "batch.jsonl"
        return self.path

    def __exit__(self, *exc) -> None:
        if self._tmp is not None:
            self._tmp.cleanup()


def _record(page: PageArticle, feed: Feed) -> dict:
    return {"url": page.url, "outlet": feed.outlet, "title": page.title, "subtitle": page.subtitle,
            "body": page.body, "published": page.published, "author": page.author}  # fmt: skip


def _digest(page: PageArticle) -> str:
    payload = json.dumps([page.title, page.subtitle, page.body, page.author, page.published], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()

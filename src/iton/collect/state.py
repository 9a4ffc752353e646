"""What collection remembers between runs (a SQLite file beside the corpus): feed validators and
due times, and every article link seen with its state, so a stopped or killed watch resumes."""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass

__all__ = ["CollectState", "PendingItem", "state_path"]

# Tries of an article page that keeps failing before it is left alone (each new reading of
# its feed that lists it again does not reset this).
MAX_ITEM_ATTEMPTS = 3

_SCHEMA = """
CREATE TABLE IF NOT EXISTS feeds (
    url TEXT PRIMARY KEY,
    etag TEXT,
    last_modified TEXT,
    next_due REAL NOT NULL DEFAULT 0,
    failures INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS items (
    url TEXT PRIMARY KEY,          -- the clean URL the article is known by
    feed TEXT NOT NULL,
    link TEXT NOT NULL,            -- the URL as the feed listed it
    status TEXT NOT NULL,          -- pending, done, failed or skipped
    listed_updated TEXT,           -- the feed's date of the item's last change
    etag TEXT,
    last_modified TEXT,
    digest TEXT,                   -- SHA-256 of the extracted text, to tell an update from a re-send
    attempts INTEGER NOT NULL DEFAULT 0,
    reason TEXT,
    changed_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS items_pending ON items (feed, status);
"""


def state_path(db: str) -> str | None:
    """Where the collection state of the corpus ``db`` lives: beside its file (in memory for
    ``:memory:``); None for a corpus on a server (``postgresql://…``), which has no beside."""
    if "://" in db:
        return None
    return ":memory:" if db == ":memory:" else f"{db}.collect.sqlite"


@dataclass(slots=True)
class PendingItem:
    """An article link waiting to be fetched; ``known`` when an earlier version was stored."""

    url: str
    link: str
    etag: str | None
    last_modified: str | None
    digest: str | None
    known: bool
    attempts: int


class CollectState:
    """The collection state file; every change is committed at once (a kill loses nothing)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.db = sqlite3.connect(path, isolation_level=None, timeout=30)
        self.db.execute("PRAGMA journal_mode=WAL" if path != ":memory:" else "PRAGMA journal_mode=MEMORY")
        self.db.executescript(_SCHEMA)

    def feed(self, url: str) -> tuple[str | None, str | None, float]:
        """The feed's validators (ETag, Last-Modified) and when it is next due (0: now)."""
        row = self.db.execute("SELECT etag, last_modified, next_due FROM feeds WHERE url = ?", (url,)).fetchone()
        return (row[0], row[1], row[2]) if row else (None, None, 0.0)

    def due(self, url: str) -> float:
        return self.feed(url)[2]

    def record_listing(self, feed: str, items: list[tuple[str, str, str | None]], etag: str | None,
                       last_modified: str | None, next_due: float) -> tuple[int, int]:  # fmt: skip
        """Remember a reading of ``feed``: new links become pending, known ones whose listed
        date changed become pending again; then the feed's validators, all in one transaction
        (so a conditional GET never hides links that were not yet remembered).
        Returns (new links, changed links)."""
        new = changed = 0
        now = time.time()
        with self._transaction():
            for url, link, updated in items:
                row = self.db.execute("SELECT status, listed_updated FROM items WHERE url = ?", (url,)).fetchone()
                if row is None:
                    self.db.execute("INSERT INTO items (url, feed, link, status, listed_updated, changed_at) "
                                    "VALUES (?, ?, ?, 'pending', ?, ?)", (url, feed, link, updated, now))  # fmt: skip
                    new += 1
                elif row[0] == "done" and updated and updated != row[1]:
                    self.db.execute("UPDATE items SET status = 'pending', feed = ?, link = ?, listed_updated = ?, "
                                    "attempts = 0, changed_at = ? WHERE url = ?", (feed, link, updated, now, url))  # fmt: skip
                    changed += 1
            self.db.execute(
                "INSERT INTO feeds (url, etag, last_modified, next_due, failures) VALUES (?, ?, ?, ?, 0) "
                "ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified, "
                "next_due = excluded.next_due, failures = 0", (feed, etag, last_modified, next_due))  # fmt: skip
        return new, changed

    def feed_checked(self, url: str, next_due: float, failed: bool) -> None:
        """A reading of the feed that listed nothing new (304) or failed: only the next due time moves."""
        self.db.execute(
            "INSERT INTO feeds (url, next_due, failures) VALUES (?, ?, ?) ON CONFLICT (url) DO UPDATE SET "
            "next_due = excluded.next_due, failures = CASE WHEN ? THEN failures + 1 ELSE 0 END",
            (url, next_due, int(failed), int(failed)))  # fmt: skip

    def feed_failures(self, url: str) -> int:
        row = self.db.execute("SELECT failures FROM feeds WHERE url = ?", (url,)).fetchone()
        return row[0] if row else 0

    def pending(self, feed: str) -> list[PendingItem]:
        """The links of ``feed`` still to fetch, oldest first (including those a kill interrupted)."""
        rows = self.db.execute(
            "SELECT url, link, etag, last_modified, digest, attempts FROM items "
            "WHERE feed = ? AND status = 'pending' ORDER BY changed_at, rowid", (feed,)).fetchall()  # fmt: skip
        return [PendingItem(r[0], r[1], r[2], r[3], r[4], r[4] is not None, r[5]) for r in rows]

    def done(self, results: list[tuple[str, str | None, str | None, str]]) -> None:
        """Mark stored articles done: (url, etag, last_modified, digest) each, in one transaction."""
        with self._transaction():
            self.db.executemany(
                "UPDATE items SET status = 'done', etag = ?, last_modified = ?, digest = ?, reason = NULL, "
                "changed_at = ? WHERE url = ?", [(e, m, d, time.time(), u) for u, e, m, d in results])  # fmt: skip

    def unchanged(self, url: str) -> None:
        """The page did not change (304 or the same text): done again, nothing stored."""
        self.db.execute("UPDATE items SET status = 'done', changed_at = ? WHERE url = ?", (time.time(), url))

    def failed(self, url: str, reason: str, final: bool) -> None:
        """A fetch that failed: tried again on the next pass until MAX_ITEM_ATTEMPTS, or ``final``
        (skipped: a robots.txt refusal or a page without an article is not tried again)."""
        status = "skipped" if final else "pending"
        self.db.execute(
            "UPDATE items SET attempts = attempts + 1, reason = ?, changed_at = ?, "
            "status = CASE WHEN ? = 'pending' AND attempts + 1 >= ? THEN 'failed' ELSE ? END WHERE url = ?",
            (reason, time.time(), status, MAX_ITEM_ATTEMPTS, status, url))  # fmt: skip

    def counts(self) -> dict[str, int]:
        """How many links are in each status."""
        return dict(self.db.execute("SELECT status, COUNT(*) FROM items GROUP BY status").fetchall())

    def _transaction(self):
        return _Transaction(self.db)

    def close(self) -> None:
        self.db.close()


class _Transaction:
    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> None:
        self.db.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind, *exc) -> None:
        self.db.execute("ROLLBACK" if kind else "COMMIT")

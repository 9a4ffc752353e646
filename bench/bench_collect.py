"""Collect 1,000 articles from 20 feeds of a local site with `iton watch`, killed (SIGKILL) half-way
and started again; counts duplicates and losses in the corpus.

    python bench/bench_collect.py [--feeds 20] [--per-feed 50] [--kill-after 500] [--engine auto]

Prints one line per figure: ``name value``. Each feed also lists a few articles of the next
feed under tracking URLs (?utm_source=...), which must be stored once.
"""

from __future__ import annotations

import argparse
import io
import json
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from feed_server import FeedServer, article_html, rss

from iton.corpus import Corpus

# Articles of the next feed each feed lists again under a tracking URL.
CROSS_LISTED = 5


def stored_events(log: Path) -> int:
    if not log.exists():
        return 0
    lines = log.read_text(encoding="utf-8").splitlines()
    return sum(line.endswith("}") and json.loads(line)["kind"] in ("new", "updated") for line in lines)


def watch(feeds: list[str], db: Path, log: Path, engine: str) -> subprocess.Popen:
    command = [sys.executable, "-m", "iton.cli", "watch", *feeds, "--db", str(db), "--log", str(log), "--rate", "0",
               "--interval", "0.05", "--engine", engine, "--quiet"]  # fmt: skip
    return subprocess.Popen(command, stderr=subprocess.DEVNULL)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=20)
    parser.add_argument("--per-feed", type=int, default=50)
    parser.add_argument("--kill-after", type=int, default=500, help="articles stored before the SIGKILL")
    parser.add_argument("--engine", default="auto")
    args = parser.parse_args()
    total = args.feeds * args.per_feed
    with FeedServer() as site, tempfile.TemporaryDirectory() as tmp:
        site.add("/robots.txt", b"User-agent: *\nAllow: /\n", content_type="text/plain")
        feeds, expected = [], set()
        for f in range(args.feeds):
            paths = [f"/f{f}/{n}" for n in range(args.per_feed)]
            for n, path in enumerate(paths):
                site.add(path, article_html(f * 10_000 + n, words=250))
            expected.update(site.base + p for p in paths)
            nxt = (f + 1) % args.feeds
            cross = [f"/f{nxt}/{n}?utm_source=feed{f}&utm_medium=rss" for n in range(CROSS_LISTED)]
            feeds.append(site.add(f"/rss{f}", rss(site.base, paths + cross)))
        db, log = Path(tmp) / "news.db", Path(tmp) / "watch.jsonl"
        started = time.perf_counter()
        first = watch(feeds, db, log, args.engine)
        while stored_events(log) < args.kill_after and first.poll() is None:
            time.sleep(0.05)
        first.send_signal(signal.SIGKILL)
        first.wait()
        before_kill = stored_events(log)
        second = watch(feeds, db, log, args.engine)
        with Corpus(db) as corpus:
            while len(corpus) < total and second.poll() is None:
                time.sleep(0.2)
        seconds = time.perf_counter() - started
        time.sleep(2)  # more rounds of every feed: nothing new may appear
        second.send_signal(signal.SIGTERM)
        second.wait(timeout=60)
        with Corpus(db) as corpus:
            out = io.StringIO()
            corpus.export(out, "jsonl")
        urls = [json.loads(line)["url"] for line in out.getvalue().splitlines()]
    print(f"collect_feeds {args.feeds}")
    print(f"collect_feed_items {total + args.feeds * CROSS_LISTED}")
    print(f"collect_distinct_articles {total}")
    print(f"collect_stored_before_kill {before_kill}")
    print(f"collect_stored {len(urls)}")
    print(f"collect_duplicates {len(urls) - len(set(urls))}")
    print(f"collect_losses {len(expected - set(urls))}")
    print(f"collect_seconds {seconds:.1f}")
    print(f"collect_articles_per_s {total / seconds:.1f}")
    print(f"collect_watch_exit_after_sigterm {second.returncode}")


if __name__ == "__main__":
    main()

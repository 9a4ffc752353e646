"""Collection commands: `iton fetch` (read feeds once) and `iton watch` (read them on a schedule)."""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading

from iton.cli.options import db_option, engine_option
from iton.errors import CollectError


def add_fetch_parser(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "fetch", help="read news feeds and sitemaps once and store their new and changed articles",
        description="Read each feed (RSS, Atom, sitemap or news sitemap) of the feeds file or the command line, "
        "fetch every article page not stored yet (or changed since), take its main text, title, author and date, "
        "and ingest it with the usual analysis. robots.txt is obeyed, each host is asked at most once per "
        "--rate seconds, and feeds and pages are asked with conditional GET. Progress is kept beside the "
        "corpus (--state), so a stopped run goes on where it was.")
    _collect_options(p)
    p.set_defaults(run=fetch_command)


def add_watch_parser(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "watch", help="keep collecting: read each feed again whenever its interval has passed",
        description="Like `iton fetch`, again and again: each feed is read when its interval (from the feeds "
        "file, or --interval) has passed. Every article found new, updated, unchanged, skipped or failed is "
        "logged. Ctrl-C or SIGTERM stops it cleanly after the article in hand; run it again to resume.")
    _collect_options(p)
    p.add_argument("--interval", type=float, metavar="MINUTES",
                   help="minutes between readings of the feeds given on the command line (default: 15)")
    p.set_defaults(run=watch_command)


def _collect_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("feeds", nargs="*", metavar="FEED_URL", help="feed or sitemap URLs (besides those of --feeds)")
    p.add_argument("--feeds", dest="feeds_file", metavar="FILE",
                   help="a feeds file (TOML): outlets, their feed URLs, intervals, selectors; see --example")
    p.add_argument("--example", action="store_true", help="print the example feeds file shipped with iton and stop")
    p.add_argument("--outlet", help="the outlet name of the FEED_URLs (default: the feed's host)")
    db_option(p)
    p.add_argument("--state", metavar="FILE",
                   help="the collection state file (default: DB.collect.sqlite beside a SQLite corpus; needed with "
                   "a PostgreSQL one)")
    p.add_argument("--archive", metavar="DIR",
                   help="keep every batch of fetched articles as JSON Lines in DIR (for `iton ingest` or "
                   "`iton spark normalize` later)")
    p.add_argument("--rate", type=float, default=1.0, metavar="SECONDS",
                   help="least seconds between two requests to one host (default: %(default)s; a robots.txt "
                   "Crawl-delay can make it longer)")
    p.add_argument("--timeout", type=float, default=20.0, metavar="SECONDS",
                   help="seconds to wait for a server (default: %(default)s)")
    p.add_argument("--retries", type=int, default=3, metavar="N",
                   help="further tries after a timeout, 429 or 5xx, waiting longer each time (default: %(default)s)")
    p.add_argument("--log", metavar="FILE", help="also append every event to FILE as JSON Lines")
    p.add_argument("--quiet", "-q", action="store_true", help="print only the summary, not each article")
    p.add_argument("--no-entities", action="store_true", help="do not tag named entities (faster)")
    engine_option(p)


def fetch_command(args: argparse.Namespace) -> int:
    """`iton fetch`: one reading of every feed; exit status 1 when an article or feed failed."""
    report = _run(args, lambda collector, feeds: collector.fetch(feeds))
    return 0 if report is None or not (report.counts["failed"] or report.counts["feed failed"]) else 1


def watch_command(args: argparse.Namespace) -> int:
    """`iton watch`: read feeds on their schedule until Ctrl-C or SIGTERM."""
    _run(args, lambda collector, feeds: collector.watch(feeds))
    return 0


def _run(args: argparse.Namespace, work):
    from iton.collect import (
        CollectOptions,
        Collector,
        CollectState,
        Feed,
        HttpOptions,
        example_feeds_path,
        load_feeds,
        state_path,
    )
    from iton.corpus import Corpus

    if args.example:
        print(example_feeds_path().read_text(encoding="utf-8"), end="")
        return None
    feeds = load_feeds(args.feeds_file) if args.feeds_file else []
    interval = (getattr(args, "interval", None) or 15.0) * 60
    for url in args.feeds:
        if not url.startswith(("http://", "https://")):
            raise CollectError(f"{url!r} is not an http(s) URL of a feed or sitemap")
        from urllib.parse import urlsplit

        feeds.append(Feed(url, args.outlet or urlsplit(url).hostname or url, interval))
    if not feeds:
        raise CollectError("no feeds; give FEED_URLs or --feeds FILE (iton fetch --example shows one)")
    state_file = args.state or state_path(args.db)
    if state_file is None:
        raise CollectError("a corpus on a server keeps no files beside it; give --state FILE for the collection state")
    options = CollectOptions(http=HttpOptions(timeout=args.timeout, host_interval=args.rate, retries=args.retries),
                             engine=args.engine, entities=not args.no_entities, archive=args.archive)  # fmt: skip
    log = open(args.log, "a", encoding="utf-8") if args.log else None  # noqa: SIM115 - closed below

    def on_event(event) -> None:
        if not args.quiet:
            print(event.line(), file=sys.stderr, flush=True)
        if log is not None:
            log.write(json.dumps(event.to_dict(), ensure_ascii=False) + "\n")
            log.flush()

    stop = threading.Event()
    previous = {sig: signal.signal(sig, lambda *_: stop.set()) for sig in (signal.SIGINT, signal.SIGTERM)}
    state = CollectState(state_file)
    try:
        with Corpus(args.db, engine=args.engine) as corpus:
            report = work(Collector(corpus, state, options, on_event, stop), feeds)
    finally:
        state.close()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        if log is not None:
            log.close()
    print(report.line(), file=sys.stderr)
    return report

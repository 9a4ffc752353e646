"""Options that several commands share, declared once: counts, engine, store, JSON output, periods."""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Iterable
from pathlib import Path

from iton.errors import CorpusError, InputNotReadable
from iton.jsonlines import json_line
from iton.morph import ENGINES
from iton.workers import MAX_JOBS


# Allocations between young-generation collections (Python's default is 700). Analysis makes
# millions of short-lived containers and almost no cycles; with the default, the full
# collections that follow walked the models' tables and caches for a sixth of a fresh
# process's CPU time over 100,000 words (docs/performance.md).
GC_THRESHOLD = 10_000


def fewer_collections() -> None:
    """Collect garbage less often in a command that analyses much text (normalize, ingest; forked
    ingest workers inherit it)."""
    gc.set_threshold(GC_THRESHOLD, *gc.get_threshold()[1:])


def positive(text: str) -> int:
    """argparse type of counts (--limit, --min-size, --sentences): a whole number of at least 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number; give 1 or more") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is too small; give 1 or more")
    return value


def jobs_option(parser: argparse.ArgumentParser, help_text: str) -> None:
    """``--jobs N``: analysis processes, 1 to MAX_JOBS."""

    def jobs(text: str) -> int:
        value = positive(text)
        if value > MAX_JOBS:
            raise argparse.ArgumentTypeError(f"{value} is too many; give at most {MAX_JOBS}")
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or value
        if value > cores:  # allowed, but slower than --jobs cores: each worker fills its own caches
            print(f"iton: --jobs {value}, but this process may use only {cores} {'core' if cores == 1 else 'cores'}; "
                  f"--jobs {cores} is faster", file=sys.stderr)  # fmt: skip
        return value

    parser.add_argument("--jobs", "-j", type=jobs, default=1, metavar="N", help=f"{help_text} (default: 1)")


def period_options(parser: argparse.ArgumentParser, what: str) -> None:
    """--since and --until: the period of ``what`` (the articles, the stories), read by Period."""
    formats = "2026-11-24, 24.11.2026, 2026-11 or 2026; a month or a year counts whole"
    parser.add_argument("--since", metavar="DATE", help=f"only {what} on or after DATE ({formats})")
    parser.add_argument("--until", metavar="DATE", help=f"only {what} on or before DATE (--until 2026-11 ends on 30 November)")


def engine_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--engine", choices=ENGINES, default="auto",
                        help="morphology engine: the bundled model, or the transparent rules (default: %(default)s)")


def json_option(parser: argparse.ArgumentParser, what: str) -> None:
    """--json: one JSON object per ``what`` on standard output instead of text for people."""
    parser.add_argument("--json", action="store_true", help=f"one JSON object per {what}")


def db_option(parser: argparse.ArgumentParser) -> None:
    from iton.corpus import DEFAULT_DB

    parser.add_argument("--db", metavar="STORE", default=os.environ.get("ITON_DB", DEFAULT_DB),
                        help="the corpus store: a SQLite file, or a PostgreSQL database as postgresql://USER@HOST/NAME "
                        "(default: $ITON_DB or %(default)s)")  # fmt: skip


def outlets_option(parser: argparse.ArgumentParser) -> None:
    """--outlet, the same for every command that has it: repeatable (any of the outlets), and
    matching by prefix or domain (corpus.query.outlet_matches)."""
    parser.add_argument("--outlet", action="append", default=[], metavar="OUTLET",
                        help="only this outlet's articles, by prefix or domain (ynet, www.ynet.co.il); repeatable")


def existing_corpus(args: argparse.Namespace):
    from iton.corpus import Corpus
    from iton.corpus.store import is_postgres_url

    if args.db != ":memory:" and not is_postgres_url(args.db) and not Path(args.db).exists():
        raise CorpusError(f"no corpus at {args.db}; run `iton ingest SOURCE --db {args.db}` first, or give --db FILE")
    return Corpus(args.db, engine=getattr(args, "engine", "auto"))



def analysis_of(args: argparse.Namespace):
    """The corpus analysis over the existing store named by --db, with the engine of --engine;
    AnalysisError when the store has no article (there is nothing to analyse, and saying nothing
    would look like an answer)."""
    from iton.analysis import AnalysisError, AnalysisOptions, CorpusAnalysis

    corpus = existing_corpus(args)
    if len(corpus) == 0:
        raise AnalysisError(f"the corpus {args.db} has no articles", f"ingest some first: iton ingest FILE --db {args.db}")
    return CorpusAnalysis(corpus, AnalysisOptions(engine=args.engine))


def print_json_lines(rows: Iterable[dict]) -> None:
    """One JSON object per line on standard output, Hebrew unescaped."""
    for row in rows:
        print(json_line(row))


def read_text(path: str) -> str:
    """The UTF-8 text of the file at ``path``; InputNotReadable (no traceback) when it cannot be read."""
    try:
        return Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise InputNotReadable(path, exc.strerror or str(exc)) from exc
    except UnicodeDecodeError as exc:
        raise InputNotReadable(path, f"invalid UTF-8 at byte {exc.start}") from exc



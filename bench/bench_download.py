"""Times the download of every match of one query from an existing store, with and without
snippets, by relevance and newest first, as ``Corpus.download`` streams it (in process, no HTTP).

    python bench/bench_download.py --db bench/out/load-100000-7.db [--query ממשלה] [--repeats 3]

The store is any corpus, e.g. the 100,000 articles ``bench/load.py`` builds. The machine may be
shared, so besides the wall time each figure gives this process's CPU time; both are medians of
--repeats downloads. Prints one ``name=value`` line per figure: ``download_<snippets|no_snippets>
_<sort>_cpu_seconds``, ``..._seconds`` (wall), ``..._first_byte_cpu_seconds`` (the header, after
the order of every match is read), ``..._rows`` and ``..._sha256`` (the first 16 hex digits of the
whole text: the same store and code give the same digest, so a change that should not alter the
download can be checked with it).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from bench_store import figure


def download_once(corpus, query: str, snippets: bool, sort: str) -> tuple[float, float, float, int, str]:
    """CPU seconds, wall seconds, CPU seconds to the first text, rows and digest of one download."""
    digest = hashlib.sha256()
    cpu_started, started = time.process_time(), time.perf_counter()
    first = None
    rows = -1  # the header is not a row
    for chunk in corpus.download(query, "csv", snippets=snippets, sort=sort):
        if first is None:
            first = time.process_time() - cpu_started
        digest.update(chunk.encode())
        rows += chunk.count("\r\n")  # the csv module ends each record so; a field's own line break is \n
    return time.process_time() - cpu_started, time.perf_counter() - started, first or 0.0, rows, digest.hexdigest()[:16]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="the store to read (not changed)")
    parser.add_argument("--query", default="ממשלה")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)

    from iton.corpus import Corpus

    if not os.path.exists(args.db):
        parser.error(f"{args.db}: no such store; build one with bench/load.py")
    with Corpus(args.db) as corpus:
        download_once(corpus, args.query, False, "date")  # load the model and warm the store's pages
        for snippets in (True, False):
            for sort in ("relevance", "date"):
                runs = [download_once(corpus, args.query, snippets, sort) for _ in range(args.repeats)]
                name = f"download_{'snippets' if snippets else 'no_snippets'}_{sort}"
                figure(f"{name}_cpu_seconds", statistics.median(r[0] for r in runs))
                figure(f"{name}_seconds", statistics.median(r[1] for r in runs))
                figure(f"{name}_first_byte_cpu_seconds", statistics.median(r[2] for r in runs))
                figure(f"{name}_rows", runs[0][3])
                print(f"{name}_sha256={runs[0][4]}", flush=True)
    figure("load_average", os.getloadavg()[0])
    return 0


if __name__ == "__main__":
    sys.exit(main())

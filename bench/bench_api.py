"""API throughput and latency under concurrent clients, on loopback only, bounded in requests and time.

    python bench/bench_api.py [--articles 500] [--clients 8] [--seconds 10] [--engine auto] [--db FILE]

Builds a corpus (news-dev articles from ../shared/data, recombined under new ids and dates, or the
test corpus when news-dev is absent), starts `iton serve` on a free 127.0.0.1 port in a
subprocess, warms it up, then for each endpoint runs CLIENTS concurrent clients for at most
SECONDS (and at most MAX_REQUESTS requests). Prints one JSON line per figure:
{"bench": "api", "endpoint": ..., "metric": ..., "value": ..., "unit": ..., "clients": ...}.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date, timedelta
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
NEWS_DEV = Path(os.environ.get("ITON_SHARED", ROOT.parent / "shared")) / "data" / "news-dev.jsonl"
# Requests per endpoint at most, whatever the time bound: keeps a fast machine's run short too.
MAX_REQUESTS = 20000
QUERIES = ["גשר", "הפסקת אש", "ממשלה", "חיסון", "נתניהו", "\"הפסקת אש\"", "קבינט OR כנסת", "מירון"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build_corpus(db: Path, articles: int, engine: str) -> list[str]:
    """Ingest ``articles`` recombined articles into ``db``; returns their ids."""
    from iton.corpus import Corpus

    if NEWS_DEV.exists():
        base = [json.loads(line) for line in NEWS_DEV.read_text(encoding="utf-8").splitlines() if line.strip()]
    else:
        sys.path.insert(0, str(ROOT / "tests"))
        from test_web_corpus import ARTICLES

        base = ARTICLES
    rng = random.Random(7)
    rows, ids = [], []
    start = date(2020, 1, 1)
    for i in range(articles):
        a = dict(rng.choice(base))
        other = rng.choice(base)
        a["body"] = a["body"] + "\n" + other["body"]  # recombined: no two articles alike
        a["id"] = f"bench-{i}"
        a["published"] = (start + timedelta(days=rng.randrange(0, 720))).isoformat()
        a.pop("group", None)
        rows.append(a)
        ids.append(a["id"])
    src = db.with_suffix(".jsonl")
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    with Corpus(str(db), engine=engine) as corpus:
        corpus.ingest([str(src)])
    return ids


def run_load(url: str, paths: list[str], clients: int, seconds: float) -> tuple[list[float], int, float]:
    """Hit ``paths`` round-robin from ``clients`` threads; latencies (s), errors, wall seconds."""
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    deadline = time.monotonic() + seconds
    counter = iter(range(MAX_REQUESTS))

    def worker(k: int) -> None:
        nonlocal errors
        with httpx.Client(base_url=url, timeout=30) as client:
            while time.monotonic() < deadline:
                try:
                    n = next(counter)
                except StopIteration:
                    return
                t0 = time.perf_counter()
                r = client.get(paths[(n + k) % len(paths)])
                dt = time.perf_counter() - t0
                with lock:
                    latencies.append(dt)
                    errors += r.status_code >= 400

    t0 = time.monotonic()
    threads = [threading.Thread(target=worker, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, errors, time.monotonic() - t0


def percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=10.0, help="time bound per endpoint")
    parser.add_argument("--engine", default="auto")
    parser.add_argument("--db", type=Path, help="an existing corpus to serve instead of building one")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        db = args.db
        if db is None:
            db = Path(tmp) / "bench.db"
            t0 = time.monotonic()
            ids = build_corpus(db, args.articles, args.engine)
            print(f"built {len(ids)} articles in {time.monotonic() - t0:.1f}s", file=sys.stderr)
        else:
            import sqlite3

            ids = [r[0] for r in sqlite3.connect(db).execute("SELECT id FROM articles LIMIT 1000")]
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [sys.executable, "-m", "iton.cli", "serve", "--db", str(db), "--port", str(port), "--engine", args.engine],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                try:
                    if httpx.get(url + "/healthz", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.2)
            else:
                raise SystemExit("the server did not start: " + server.stderr.read().decode()[-2000:])
            t0 = time.monotonic()
            stories = httpx.get(url + "/api/stories?limit=50", timeout=600).json()["stories"]  # warm-up: analysis
            print(f"warm-up (entities, stories over the corpus) {time.monotonic() - t0:.1f}s", file=sys.stderr)
            rng = random.Random(1)
            endpoints = {
                "healthz": ["/healthz"],
                "search": [f"/api/search?q={q}&limit=10" for q in QUERIES],
                "article": [f"/api/articles/{i}" for i in rng.sample(ids, min(50, len(ids)))],
                "stories": ["/api/stories?limit=20"],
                "story": [f"/api/stories/{s['id']}" for s in stories[:20]] or ["/api/stories"],
                "trends": ["/api/trends?term=ממשלה&bucket=month", "/api/trends?term=חיסון&bucket=week"],
                "search_page": [f"/?q={q}" for q in QUERIES],
            }
            for name, paths in endpoints.items():
                run_load(url, paths[:2], 2, 1.0)  # per-endpoint warm-up (caches, documents)
                lat, errors, wall = run_load(url, paths, args.clients, args.seconds)
                figures = {
                    "throughput": (len(lat) / wall, "req/s"),
                    "p50": (1000 * statistics.median(lat), "ms"),
                    "p95": (1000 * percentile(lat, 0.95), "ms"),
                    "p99": (1000 * percentile(lat, 0.99), "ms"),
                    "requests": (len(lat), "count"),
                    "errors": (errors, "count"),
                }
                for metric, (value, unit) in figures.items():
                    print(json.dumps({"bench": "api", "endpoint": name, "metric": metric, "value": round(value, 2),
                                      "unit": unit, "clients": args.clients, "articles": len(ids)}))
                sys.stdout.flush()
        finally:
            server.terminate()
            server.wait(timeout=10)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Load on a real `iton serve`: N concurrent clients for T seconds over a corpus of a chosen size.

    python bench/load.py [--articles 10000] [--clients 100] [--seconds 60] [--workers 1] [--client-processes 1]
                         [--ingest 0] [--db FILE] [--mix search=70,article=15,stories=10,trends=5]

Builds (once, kept under bench/out) a synthetic corpus of ARTICLES articles recombined from
the sentences of ../shared/data/news-dev.jsonl, or of the bundled sample when that is absent. The
sentences are normalized once and the articles ingested with --normalized, so a 100,000-article
corpus takes minutes, not hours. Then it starts `iton serve` on a free 127.0.0.1 port, times how
long the server takes to build its whole-corpus analysis and then one /api/stories, runs CLIENTS threads that each send the request
mix back to back for SECONDS, and samples the server's resident memory (all its processes) every
half second; it prints the server's CPU time per answered request and the load average beside the
rates (the figures are noisy on a shared machine). With --ingest K, K more articles are ingested while /healthz is polled every 0.1 s.

Prints one JSON line per figure: {"bench": "load", "metric": ..., "value": ..., "unit": ..., ...}.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NEWS_DEV = Path(os.environ.get("ITON_SHARED", ROOT.parent / "shared")) / "data" / "news-dev.jsonl"
WORK = ROOT / "bench" / "out"  # ignored by git
ITON = [str(Path(sys.executable).with_name("iton"))]  # the iton of the environment running this
QUERIES = ["ממשלה", "מטוס", "בחירות", "משטרה", "תקציב", "\"ראש ממשלה\"", "צבא OR ביטחון", "בית משפט", "חיסון",
           "כנסת AND חוק", "עירייה", "רכבת"]
TREND_TERMS = ["ממשלה", "משטרה", "בחירות", "צבא", "כנסת"]
OUTLETS = ("ynet.co.il", "walla.co.il", "maariv.co.il", "haaretz.co.il", "mako.co.il", "globes.co.il")
# A request slower than this counts as an error: a client would have given up.
CLIENT_TIMEOUT_SECONDS = 10.0
# Longest wait for the server to start and build its whole-corpus analysis.
STARTUP_SECONDS = 900


def sentences() -> list[str]:
    """Sentences to recombine: the news-dev bodies when present, else the bundled sample."""
    if NEWS_DEV.exists():
        bodies = [json.loads(line)["body"] for line in NEWS_DEV.read_text(encoding="utf-8").splitlines() if line.strip()]
    else:
        from iton.corpus import sample_path

        bodies = [json.loads(line)["body"] for line in Path(sample_path()).read_text(encoding="utf-8").splitlines()]
    return [s.strip() for body in bodies for s in re.split(r"(?<=[.!?])\s+", body) if len(s.split()) >= 4]


def build_db(articles: int, seed: int, db: Path) -> Path:
    """A store of ``articles`` recombined, pre-normalized articles at ``db`` (kept for the next run)."""
    if db.exists():
        return db
    import iton

    pool = [iton.normalize(s) for s in sentences()]
    rng = random.Random(seed)
    source = db.with_suffix(".jsonl")
    with open(source, "w", encoding="utf-8") as handle:
        for i in range(articles):
            body = " ".join(rng.sample(pool, rng.randint(3, 8)))
            handle.write(json.dumps({"id": f"load-{i:06d}", "title": rng.choice(pool), "body": body,
                                     "outlet": rng.choice(OUTLETS),
                                     "published": f"20{rng.randint(20, 26)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"},
                                    ensure_ascii=False) + "\n")  # fmt: skip
    subprocess.run([*ITON, "ingest", str(source), "--normalized", "--no-entities", "--no-progress",
                    "--db", str(db)], check=True)  # fmt: skip
    return db


def extra_articles(count: int, seed: int, path: Path) -> Path:
    """``count`` more raw articles for the ingest that runs beside the load (a new seed: new ids)."""
    pool = sentences()
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8") as handle:
        for i in range(count):
            handle.write(json.dumps({"id": f"extra-{seed}-{i:06d}", "title": rng.choice(pool),
                                     "body": " ".join(rng.sample(pool, rng.randint(3, 8)))}, ensure_ascii=False) + "\n")
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str) -> tuple[int | str, float]:
    """(status or exception name, seconds) of one GET on a new connection, as simple clients do."""
    start = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=CLIENT_TIMEOUT_SECONDS) as response:
            response.read()
            status: int | str = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    except Exception as error:  # noqa: BLE001 - a refused or dropped connection is a figure, not a crash
        status = type(error).__name__
    return status, time.monotonic() - start


def ready(base: str) -> bool:
    """True when the server answers and has built its whole-corpus analysis."""
    try:
        with urllib.request.urlopen(f"{base}/healthz", timeout=CLIENT_TIMEOUT_SECONDS) as response:
            return response.status == 200 and "analysis" not in json.load(response)
    except Exception:  # noqa: BLE001 - not up yet
        return False


def process_tree(pid: int) -> list[int]:
    """``pid`` and its descendants (uvicorn's workers)."""
    found, pending = [], [pid]
    while pending:
        current = pending.pop()
        found.append(current)
        try:
            with open(f"/proc/{current}/task/{current}/children") as handle:
                pending += [int(child) for child in handle.read().split()]
        except OSError:
            continue
    return found


def cpu_seconds(pid: int) -> float:
    """User and system CPU time spent so far by ``pid`` and its children."""
    total = 0
    for current in process_tree(pid):
        try:
            with open(f"/proc/{current}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
        except (OSError, IndexError, ValueError):
            continue
    return total / os.sysconf("SC_CLK_TCK")


def load_average() -> float:
    """The one-minute load average of the machine (the clients, the server and anything else)."""
    return os.getloadavg()[0]


def rss_bytes(pid: int) -> int:
    """Resident memory of ``pid`` and its children (uvicorn's workers)."""
    total = 0
    for current in process_tree(pid):
        try:
            with open(f"/proc/{current}/status") as handle:
                total += next(int(line.split()[1]) * 1024 for line in handle if line.startswith("VmRSS:"))
        except (OSError, StopIteration):
            continue
    return total


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


def run_load(base: str, ids: list[str], mix: dict[str, int], clients: int, seconds: float, first: int = 0) -> dict:
    """``clients`` threads (numbered from ``first``: each its own request sequence) sending the mix
    back to back for ``seconds``: latencies by kind, errors by kind and status, wall time."""
    kinds = list(mix)
    weights = [mix[k] for k in kinds]
    latencies: dict[str, list[float]] = {k: [] for k in kinds}
    errors: dict[str, int] = {}
    lock = threading.Lock()
    end = time.monotonic() + seconds

    def url_of(kind: str, rng: random.Random) -> str:
        if kind == "search":
            return f"{base}/api/search?" + urllib.parse.urlencode({"q": rng.choice(QUERIES), "limit": 10})
        if kind == "article":
            return f"{base}/api/articles/{rng.choice(ids)}"
        if kind == "stories":
            return f"{base}/api/stories?limit=20"
        return f"{base}/api/trends?" + urllib.parse.urlencode({"term": rng.choice(TREND_TERMS), "bucket": "month"})

    def client(number: int) -> None:
        rng = random.Random(number)
        while time.monotonic() < end:
            kind = rng.choices(kinds, weights)[0]
            status, seconds_taken = get(url_of(kind, rng))
            with lock:
                if status == 200:
                    latencies[kind].append(seconds_taken)
                else:
                    errors[f"{kind}:{status}"] = errors.get(f"{kind}:{status}", 0) + 1

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(first + i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {"wall": time.monotonic() - started, "latencies": latencies, "errors": errors}


def run_load_in_processes(base: str, ids: list[str], mix: dict[str, int], clients: int, seconds: float,
                          processes: int) -> dict:  # fmt: skip
    """run_load split over ``processes`` client processes: 100 client threads in one Python process
    wait for its interpreter lock, and that wait was counted in the server's latencies."""
    if processes <= 1:
        return run_load(base, ids, mix, clients, seconds)
    import multiprocessing

    shares = [clients // processes + (i < clients % processes) for i in range(processes)]
    firsts = [sum(shares[:i]) for i in range(processes)]
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        parts = pool.starmap(run_load, [(base, ids, mix, n, seconds, f) for n, f in zip(shares, firsts)])
    latencies = {kind: [x for part in parts for x in part["latencies"][kind]] for kind in mix}
    errors: dict[str, int] = {}
    for part in parts:
        for kind, count in part["errors"].items():
            errors[kind] = errors.get(kind, 0) + count
    return {"wall": max(part["wall"] for part in parts), "latencies": latencies, "errors": errors}


def poll_during_ingest(base: str, db: Path, count: int, seed: int) -> tuple[list[float], int, float]:
    """/healthz every 0.1 s while ``count`` articles are ingested: latencies, failures, ingest seconds."""
    source = extra_articles(count, seed, WORK / f"extra-{count}.jsonl")
    started = time.monotonic()
    ingest = subprocess.Popen([*ITON, "ingest", str(source), "--db", str(db), "--no-progress", "--no-entities"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    latencies, failures = [], 0
    while ingest.poll() is None:
        status, seconds = get(f"{base}/healthz")
        latencies.append(seconds)
        failures += status != 200
        time.sleep(0.1)
    return latencies, failures, time.monotonic() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--client-processes", type=int, default=1,
                        help="split the clients over this many processes (each a share of the threads)")
    parser.add_argument("--ingest", type=int, default=0, help="articles ingested while /healthz is polled")
    parser.add_argument("--mix", default="search=70,article=15,stories=10,trends=5")
    parser.add_argument("--db", help="the store to serve (default: built under bench/out)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    mix = {k: int(v) for k, v in (pair.split("=") for pair in args.mix.split(","))}
    WORK.mkdir(parents=True, exist_ok=True)
    db = Path(args.db) if args.db else build_db(args.articles, args.seed, WORK / f"load-{args.articles}-{args.seed}.db")
    if args.ingest:  # the ingest changes the store: serve a copy, keep the built one
        import shutil

        copy = WORK / f"load-{args.articles}-{args.seed}-ingest.db"
        shutil.copyfile(db, copy)
        db = copy
    import sqlite3

    with sqlite3.connect(db) as connection:
        articles = connection.execute("SELECT count(*) FROM articles").fetchone()[0]
        ids = [row[0] for row in connection.execute("SELECT id FROM articles ORDER BY random() LIMIT 1000")]
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([*ITON, "serve", "--db", str(db), "--port", str(port), "--workers", str(args.workers)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    figures = {"articles": articles, "clients": args.clients, "seconds": args.seconds, "workers": args.workers,
               "client_processes": args.client_processes}

    def emit(metric: str, value: float, unit: str, **extra) -> None:
        print(json.dumps({"bench": "load", "metric": metric, "value": round(value, 4), "unit": unit, **figures, **extra}),
              flush=True)

    try:
        started = time.monotonic()
        while not ready(base):
            if time.monotonic() - started > STARTUP_SECONDS or server.poll() is not None:
                raise SystemExit(f"iton serve was not ready within {STARTUP_SECONDS} s")
            time.sleep(0.5)
        emit("analysis_ready_s", time.monotonic() - started, "s")  # from start to whole-corpus results built
        status, first = get(f"{base}/api/stories?limit=20")
        emit("stories_first_s", first, "s", status=status)
        peak = [rss_bytes(server.pid)]
        stop = threading.Event()

        def sample() -> None:
            while not stop.wait(0.5):
                peak.append(rss_bytes(server.pid))

        sampler = threading.Thread(target=sample)
        sampler.start()
        emit("load_average_before", load_average(), "")
        cpu_before = cpu_seconds(server.pid)
        result = run_load_in_processes(base, ids, mix, args.clients, args.seconds, args.client_processes)
        server_cpu = cpu_seconds(server.pid) - cpu_before
        emit("load_average_after", load_average(), "")
        all_latencies = [x for values in result["latencies"].values() for x in values]
        emit("requests_per_s", len(all_latencies) / result["wall"], "1/s")
        # Steadier than the rates on a shared machine: the server's CPU time per answered request.
        emit("server_cpu_per_request_ms", 1000 * server_cpu / max(1, len(all_latencies)), "ms")
        emit("p50_s", percentile(all_latencies, 0.5), "s")
        emit("p99_s", percentile(all_latencies, 0.99), "s")
        for kind, values in result["latencies"].items():
            emit("p99_s", percentile(values, 0.99), "s", request=kind, ok=len(values))
        emit("errors", sum(result["errors"].values()), "requests", kinds=result["errors"])
        status, after = get(f"{base}/api/stories?limit=20")
        emit("stories_warm_s", after, "s", status=status)
        if args.ingest:
            latencies, failures, took = poll_during_ingest(base, db, args.ingest, args.seed + 1)
            emit("healthz_p99_during_ingest_s", percentile(latencies, 0.99), "s", ingested=args.ingest, polls=len(latencies))
            emit("healthz_max_during_ingest_s", max(latencies, default=float("nan")), "s", ingested=args.ingest)
            emit("healthz_failures_during_ingest", failures, "requests", ingested=args.ingest, ingest_s=round(took, 1))
        stop.set()
        sampler.join()
        emit("server_rss_peak_mb", max(peak) / 1e6, "MB")
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
    return 0


if __name__ == "__main__":
    sys.exit(main())

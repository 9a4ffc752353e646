"""The server under faults and load, on a real `iton serve` over 127.0.0.1: it keeps answering."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from iton.cli import main

BODY = "ראש הממשלה נפגש היום עם נשיא המדינה בירושלים. השניים דנו במצב הביטחוני בצפון."
ITON = str(Path(sys.executable).with_name("iton"))
# Upper bound on waiting for a server to start or a background build to finish (not a figure):
# a loaded 2-core machine takes seconds.
STARTUP_SECONDS = 120


def write_jsonl(path: Path, first: int, count: int, **fields) -> Path:
    with open(path, "w", encoding="utf-8") as handle:
        for i in range(first, first + count):
            record = {"id": f"s-{i}", "title": f"כותרת {i}", "body": f"{BODY} דיווח מספר {i}.",
                      "published": f"2026-0{1 + i % 9}-1{i % 9}", **fields}  # fmt: skip
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def ingest(path: Path, db: Path) -> None:
    assert main(["ingest", str(path), "--db", str(db), "--engine", "rules", "--no-entities", "--no-progress"]) == 0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`iton serve` in a subprocess on a free loopback port, stopped at the end."""

    def __init__(self, db: Path, *args: str) -> None:
        self.url = f"http://127.0.0.1:{free_port()}"
        port = self.url.rsplit(":", 1)[1]
        self.process = subprocess.Popen([ITON, "serve", "--db", str(db), "--port", port, "--engine", "rules", *args],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.process.stderr.read().decode()
            try:
                if httpx.get(self.url + "/healthz", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.2)
        raise AssertionError("iton serve did not start")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    path = tmp_path / "s.db"
    ingest(write_jsonl(tmp_path / "first.jsonl", 0, 30), path)
    return path


def test_reads_are_answered_during_an_ingest_and_head_is_answered(db: Path, tmp_path: Path) -> None:
    server = Server(db)
    try:
        assert httpx.head(server.url + "/healthz").status_code == 200
        assert httpx.head(server.url + "/api/search?q=ממשלה").status_code == 200
        more = write_jsonl(tmp_path / "more.jsonl", 30, 300)
        writer = subprocess.Popen([ITON, "ingest", str(more), "--db", str(db), "--engine", "rules", "--no-entities",
                                   "--no-progress"], stderr=subprocess.DEVNULL)  # fmt: skip
        statuses = []
        while writer.poll() is None:
            statuses.append(httpx.get(server.url + "/api/search", params={"q": "ממשלה"}, timeout=60).status_code)
            statuses.append(httpx.get(server.url + "/healthz", timeout=60).status_code)
        assert writer.returncode == 0 and statuses and set(statuses) == {200}
    finally:
        server.stop()


def test_several_worker_processes_serve_one_store(db: Path) -> None:
    server = Server(db, "--workers", "2")
    try:
        children = Path(f"/proc/{server.process.pid}/task/{server.process.pid}/children")
        if children.exists():  # uvicorn's workers (and its process-tracking helper) are children
            assert len(children.read_text().split()) >= 2
        with httpx.Client(base_url=server.url, timeout=60) as client:
            assert all(client.get("/api/search", params={"q": "ממשלה"}).status_code == 200 for _ in range(10))
    finally:
        server.stop()


def test_whole_corpus_results_are_built_in_the_background_and_healthz_never_waits(db: Path) -> None:
    from fastapi.testclient import TestClient

    from iton.web.app import ServeOptions, create_app

    app = create_app(ServeOptions(db=str(db), engine="rules"))
    analysis = app.state.analysis
    deadline = time.monotonic() + STARTUP_SECONDS
    while not analysis.built and time.monotonic() < deadline:
        time.sleep(0.1)
    assert analysis.built  # nobody asked: the build ran ahead of requests
    with TestClient(app) as client:
        assert client.get("/api/stories").json()["total"] >= 1
        # A request holding the store's lock (a long one) does not hold up /healthz.
        held, release = threading.Event(), threading.Event()

        def hold() -> None:
            with analysis.lock:
                held.set()
                release.wait(30)

        holder = threading.Thread(target=hold)
        holder.start()
        held.wait(10)
        try:
            assert client.get("/healthz").json() == {"ok": True}  # the count is left out, not waited for
        finally:
            release.set()
            holder.join()
        assert client.get("/healthz").json() == {"ok": True, "articles": 30}
    analysis.close()


def test_control_characters_in_text_do_not_unbalance_the_marks(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from iton.web.app import ServeOptions, create_app

    path = tmp_path / "c.db"
    ingest(write_jsonl(tmp_path / "ctl.jsonl", 0, 3, body=f"\x03ראש\x02 הממשלה \x03נפגש\x02 היום. {BODY}"), path)
    app = create_app(ServeOptions(db=str(path), engine="rules"))
    with TestClient(app) as client:
        page = client.get("/", params={"q": "נפגש"}).text
    app.state.analysis.close()
    assert page.count("<mark>") == page.count("</mark>") > 0
    assert not re.search("[\x02\x03]", page)


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="reads the server's memory from /proc")
def test_load_bench_runs_against_a_real_server(tmp_path: Path) -> None:
    """bench/load.py end to end on a small corpus: every figure printed, no request failed."""
    root = Path(__file__).resolve().parents[1]
    db = tmp_path / "s.db"
    ingest(write_jsonl(tmp_path / "bench.jsonl", 0, 60), db)
    out = subprocess.run([sys.executable, str(root / "bench" / "load.py"), "--db", str(db), "--clients", "4",
                          "--seconds", "2"], capture_output=True, text=True, timeout=300, check=True).stdout  # fmt: skip
    figures = {(f["metric"], f.get("request")): f for f in map(json.loads, out.splitlines())}
    assert figures[("errors", None)]["value"] == 0
    assert figures[("requests_per_s", None)]["value"] > 0 and figures[("server_rss_peak_mb", None)]["value"] > 0


def test_searches_from_many_threads_each_read_over_their_own_connection(db: Path) -> None:
    from iton.corpus import Corpus
    from iton.web.answers import search_options, search_page
    from iton.web.app import ServeOptions, create_app

    queries = ["ממשלה", "נשיא", "\"ראש ממשלה\"", "ביטחון OR צפון", "דיווח AND ירושלים", "=הממשלה"]
    with Corpus(db, engine="rules") as corpus:
        expected = {q: [h.to_dict() for h in corpus.search(q, limit=10)] for q in queries}
    analysis = create_app(ServeOptions(db=str(db), engine="rules")).state.analysis
    results: dict[tuple[int, str], list[dict]] = {}
    connections: list = []  # the objects, not their ids: a freed connection's id can be reused

    def client(number: int) -> None:
        for q in queries * 3:
            page = search_page(analysis, q, search_options(analysis, [], [], None, None, 10))
            results[(number, q)] = [h.to_dict() for h in page.hits]
        connections.append(analysis._reader().store.connection)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    analysis.close()
    assert all(results[(n, q)] == expected[q] for n in range(6) for q in queries)
    assert len({id(c) for c in connections}) == 6  # not one connection taken in turns


def test_remembered_answers_follow_the_store_after_a_rebuild(db: Path, tmp_path: Path, monkeypatch) -> None:
    from iton.web import live
    from iton.web.app import ServeOptions, create_app

    monkeypatch.setattr(live, "MIN_REBUILD_SECONDS", 0.0)
    monkeypatch.setattr(live, "CHECK_SECONDS", 0.1)
    analysis = create_app(ServeOptions(db=str(db), engine="rules")).state.analysis
    try:
        deadline = time.monotonic() + STARTUP_SECONDS  # on a busy machine the first build takes more than
        while not analysis.built and time.monotonic() < deadline:  # the 2 s a request waits for it
            time.sleep(0.1)
        before = analysis.stories()
        assert analysis.stories() is before  # remembered, not recomputed
        assert analysis.story_of("s-40") is None
        trend_before = analysis.trend_for_text("נשיא", "lemma", "month", per_outlet=False)[1]
        ingest(write_jsonl(tmp_path / "more.jsonl", 30, 20), db)
        deadline = time.monotonic() + STARTUP_SECONDS
        while len(analysis.records()) < 50 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert sum(len(s.articles) for s in analysis.stories()) == 50
        assert analysis.story_of("s-40") is not None
        trend_after = analysis.trend_for_text("נשיא", "lemma", "month", per_outlet=False)[1]
        assert sum(p.articles for p in trend_after) == sum(p.articles for p in trend_before) + 20
    finally:
        analysis.close()


def test_a_failed_background_build_is_retried_not_the_end_of_rebuilds(db: Path, monkeypatch, caplog) -> None:
    """A lost store connection or a failing build (here the first build raises) is logged and
    tried again: the thread that keeps the analysis ready does not stop for good."""
    from iton.web import live
    from iton.web.app import ServeOptions, create_app

    monkeypatch.setattr(live, "MIN_REBUILD_SECONDS", 0.0)
    monkeypatch.setattr(live, "CHECK_SECONDS", 0.1)
    build, failures = live.LiveAnalysis._build, []

    def fails_once(self, state):
        if not failures:
            failures.append(state)
            raise OSError("the store went away")
        build(self, state)

    monkeypatch.setattr(live.LiveAnalysis, "_build", fails_once)
    analysis = create_app(ServeOptions(db=str(db), engine="rules")).state.analysis
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while not analysis.built and time.monotonic() < deadline:
            time.sleep(0.1)
        assert failures and analysis.built
        assert "background analysis failed" in caplog.text and "the store went away" in caplog.text
        assert len(analysis.records()) == 30
    finally:
        analysis.close()


def test_search_answers_are_remembered_until_the_store_changes(db: Path, tmp_path: Path) -> None:
    from iton.web.answers import search_options, search_page
    from iton.web.app import ServeOptions, create_app

    analysis = create_app(ServeOptions(db=str(db), engine="rules")).state.analysis
    try:
        options = search_options(analysis, [], [], None, None, 10)
        first = search_page(analysis, "נשיא", options)
        assert search_page(analysis, "נשיא", options) is first  # remembered, not searched again
        assert search_page(analysis, "נשיא", search_options(analysis, [], [], None, None, 5)) is not first
        ingest(write_jsonl(tmp_path / "more.jsonl", 30, 20), db)  # another connection commits
        after = search_page(analysis, "נשיא", options)  # at once: no wait for the background rebuild
        assert (first.total, after.total) == (30, 50)
        # An article changed in place (same id, same row) is seen too.
        ingest(write_jsonl(tmp_path / "changed.jsonl", 0, 1, body="מזג האוויר חם היום בתל אביב."), db)
        assert search_page(analysis, "נשיא", options).total == 49
    finally:
        analysis.close()


def test_a_finished_request_thread_leaves_no_store_connection_behind(db: Path) -> None:
    import gc
    import weakref

    from iton.web.app import ServeOptions, create_app

    analysis = create_app(ServeOptions(db=str(db), engine="rules")).state.analysis
    seen: list = []
    try:
        # The server's request threads end after a while idle; the next burst starts new ones.
        for _ in range(3):
            thread = threading.Thread(target=lambda: seen.append(weakref.ref(analysis.read(lambda corpus: corpus))))
            thread.start()
            thread.join()
        gc.collect()
        assert len(seen) == 3 and all(ref() is None for ref in seen)  # closed and gone with their threads
    finally:
        analysis.close()


def test_remembered_search_answers_are_bounded_by_their_hits(db: Path, monkeypatch) -> None:
    from iton.web import live
    from iton.web.answers import search_options, search_page
    from iton.web.app import ServeOptions, create_app

    monkeypatch.setattr(live, "ANSWER_HITS", 15)  # room for one page of 10 hits, not two
    analysis = create_app(ServeOptions(db=str(db), engine="rules")).state.analysis
    try:
        options = search_options(analysis, [], [], None, None, 10)
        first = search_page(analysis, "נשיא", options)
        assert len(first.hits) == 10 and search_page(analysis, "נשיא", options) is first
        search_page(analysis, "ירושלים", options)  # the second page of hits pushes the first out
        assert search_page(analysis, "נשיא", options) is not first
    finally:
        analysis.close()


def test_api_answers_are_sent_from_memory_until_the_store_or_the_analysis_changes(db: Path, tmp_path: Path,
                                                                                   monkeypatch) -> None:
    from fastapi.testclient import TestClient

    from iton.web import live
    from iton.web.app import ServeOptions, create_app

    monkeypatch.setattr(live, "MIN_REBUILD_SECONDS", 0.0)
    monkeypatch.setattr(live, "CHECK_SECONDS", 0.1)
    computed: list[str] = []
    read_answer = live.LiveAnalysis.read_answer

    def counting(self, key, fn):
        if key[0] == "json":
            computed.append(key[1])
        return read_answer(self, key, fn)

    monkeypatch.setattr(live.LiveAnalysis, "read_answer", counting)
    app = create_app(ServeOptions(db=str(db), engine="rules"))
    analysis = app.state.analysis
    with TestClient(app) as client:
        deadline = time.monotonic() + STARTUP_SECONDS
        while not analysis.built and time.monotonic() < deadline:
            time.sleep(0.1)
        first = client.get("/api/search", params={"q": "נשיא"})
        again = client.get("/api/search", params={"q": "נשיא"})
        assert first.status_code == 200 and again.content == first.content and first.json()["total"] == 30
        assert first.headers["content-type"] == "application/json" and computed == ["/api/search"]
        assert client.get("/api/search", params={"q": "נשיא", "limit": 5}).json()["hits"][:5] == first.json()["hits"][:5]
        assert computed == ["/api/search", "/api/search"]  # other parameters, another answer
        stories = client.get("/api/stories").json()
        assert sum(s["size"] for s in stories["stories"]) == 30 and client.get("/api/stories").json() == stories
        builds = analysis.builds
        ingest(write_jsonl(tmp_path / "more.jsonl", 30, 20), db)  # another connection commits
        assert client.get("/api/search", params={"q": "נשיא"}).json()["total"] == 50  # at once
        client.get("/api/stories")  # most likely still from the analysis built before the commit
        deadline = time.monotonic() + STARTUP_SECONDS
        while (analysis.builds == builds or len(analysis.records()) < 50) and time.monotonic() < deadline:
            time.sleep(0.1)
        # the analysis swapped in after the commit answers, not the one remembered before it
        assert sum(s["size"] for s in client.get("/api/stories").json()["stories"]) == 50
        missing = client.get("/api/articles/no-such-article")
        assert missing.status_code == 404 and client.get("/api/articles/no-such-article").status_code == 404
    analysis.close()

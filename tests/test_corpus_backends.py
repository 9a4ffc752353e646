"""The corpus behaves the same on both store backends: the bundled sample ingested with analysis
into a SQLite file and into a PostgreSQL database gives the same hits (snippets, highlighted
matches, filters, collapsed near-duplicates), groups, stories, trends and export."""

from __future__ import annotations

from pathlib import Path

import pytest

from iton.analysis import AnalysisOptions, CorpusAnalysis
from iton.analysis.trends import TrendQuery
from iton.corpus import Corpus, IngestOptions, sample_path
from iton.corpus.results import download_lines
from iton.corpus.search import SearchOptions, analyse_query

_SETTLED = ("ingested_at", "updated_at")  # when each store wrote the article


@pytest.fixture(scope="module")
def corpora(tmp_path_factory, postgres_server) -> dict[str, Corpus]:
    """The sample in each backend, ingested the same way (rules engine: quick)."""
    opened = {"sqlite": Corpus(str(tmp_path_factory.mktemp("backends") / "c.db"), engine="rules"),
              "postgresql": Corpus(postgres_server.url(postgres_server.create_database()), engine="rules")}  # fmt: skip
    for corpus in opened.values():
        corpus.ingest(sample_path(), IngestOptions(engine="rules", progress=False))
    yield opened
    for corpus in opened.values():
        corpus.close()


def same(corpora: dict[str, Corpus], result) -> None:
    """``result(corpus)`` is the same on every backend (and not empty)."""
    values = {name: result(corpus) for name, corpus in corpora.items()}
    assert values["sqlite"], "nothing to compare"
    assert values["postgresql"] == values["sqlite"]


@pytest.mark.parametrize("query", [
    "מטוס", "=המטוס", "תעו*", '"נמל התעופה בן גוריון"', '="שמונה מטוסים"', "משטרה OR חורף", "טיסה NOT חברה",
    "נמל NEAR/3 גוריון", "גוריון NEAR/2 נמל",
])  # fmt: skip
def test_hits_and_snippets(corpora, query: str) -> None:
    same(corpora, lambda c: sorted((h.id, h.snippet, str(h.matches), str(h.lemmas)) for h in c.search(query, limit=50)))


def test_filters_and_collapsed_duplicates(corpora) -> None:
    same(corpora, lambda c: sorted(h.id for h in c.search("ישראל", limit=50, outlets=(c.search("ישראל")[0].outlet,))))
    same(corpora, lambda c: sorted(h.id for h in c.search("ישראל", limit=50, since="2026-01", until="2026-12")) or [0])
    same(corpora, lambda c: sorted((h.id, tuple(h.duplicates)) for h in c.search("ישראל", limit=50, collapse=True)))


def test_rows_read_whole_as_a_hit_for_analysis_or_metadata_only(corpora) -> None:
    def shape(article) -> tuple:
        return (article.id, article.title, article.outlet, article.published, bool(article.body),
                bool(article.lemmas), article.entities is None, bool(article.provenance), bool(article.spans))  # fmt: skip

    def rows(corpus: Corpus, part: str) -> list[tuple]:
        rowids = [article.rowid for article in corpus.store.iter_articles(part="metadata")][:5]
        got = corpus.store.get_rows(rowids, part)
        streamed = [shape(a) for a in corpus.store.iter_articles(part=part)][:5]
        assert streamed == [shape(got[r]) for r in rowids], part  # the two reads of a part agree
        return streamed

    parts = ("whole", "hit", "analysis", "metadata")
    for part in parts:
        same(corpora, lambda c, part=part: rows(c, part))
    whole, hit, analysis, light = (rows(corpora["sqlite"], part) for part in parts)
    assert [r[:4] for r in light] == [r[:4] for r in hit] == [r[:4] for r in analysis] == [r[:4] for r in whole]
    assert all(r[4] and r[5] and r[7] and r[8] for r in whole)
    assert all(r[4] and r[5] and r[6] and not r[7] and r[8] for r in hit)
    assert all(not r[4] and r[5] and r[7] and not r[8] for r in analysis)
    assert not any(r[4] or r[5] or r[7] or r[8] for r in light) and all(r[6] for r in light)
    for corpus in corpora.values():
        with pytest.raises(ValueError, match="'text' is not known"):
            corpus.store.get_rows([1], "text")
        with pytest.raises(ValueError, match="'text' is not known"):
            next(corpus.store.iter_articles("text"))


class _WholeRows:
    """A store whose every row is read whole (metadata reads too): the download as it was built
    before rows were read in parts, to compare with."""

    def __init__(self, store) -> None:
        self.store = store

    def get_rows(self, rowids, part: str = "whole"):
        return self.store.get_rows(rowids)


@pytest.mark.parametrize("snippets", [True, False])
@pytest.mark.parametrize("sort", ["relevance", "date"])
@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_download_is_the_same_text_as_from_whole_rows(corpora, sort: str, fmt: str, snippets: bool) -> None:
    def both(corpus: Corpus) -> tuple[str, str]:
        options = SearchOptions(engine="rules", sort=sort)
        query, order = corpus.result_order("ישראל OR מטוס", options)

        def read_whole(read):
            return read(_WholeRows(corpus.store))

        whole = "".join(download_lines(read_whole, query, order, fmt, snippets=snippets))
        return "".join(corpus.download("ישראל OR מטוס", fmt, options, snippets=snippets)), whole

    for corpus in corpora.values():  # each backend ranks its own way: compared with itself
        light, whole = both(corpus)
        assert light == whole and light.count("\n") > 5


def test_near_duplicate_groups(corpora) -> None:
    same(corpora, lambda c: [[m.id for m in group.members] for group in c.duplicates()])
    same(corpora, lambda c: [[m.id for m in group.members] for group in c.duplicates(rebuild=True)])


def test_stories_and_trends(corpora) -> None:
    analyses = {name: CorpusAnalysis(corpus, AnalysisOptions(engine="rules")) for name, corpus in corpora.items()}
    same(analyses, lambda a: [s.to_dict() for s in a.stories()])
    same(analyses, lambda a: [p.to_dict() for p in a.trend(TrendQuery("lemma", ("ישראל",), "month"))])
    same(analyses, lambda a: a.entities(limit=10))


def test_export(corpora, tmp_path: Path) -> None:
    from iton.corpus.export import export_records

    same(corpora, lambda c: [{k: v for k, v in r.items() if k not in _SETTLED} for r in export_records(c.store)])


def test_two_ingest_processes_at_once(postgres_url: str, tmp_path: Path) -> None:
    """Two `iton ingest` processes write one PostgreSQL database at the same time: each article is
    stored once, nothing fails, and the near-duplicate groups match a single ingest's."""
    import subprocess
    import sys

    command = [sys.executable, "-m", "iton.cli", "ingest", "--sample", "--engine", "rules", "--no-progress",
               "--db", postgres_url, "--rejects", str(tmp_path / "rejects.jsonl")]  # fmt: skip
    processes = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [process.communicate(timeout=300) for process in processes]
    assert [p.returncode for p in processes] == [0, 0], outputs
    with Corpus(postgres_url, engine="rules") as both, Corpus(str(tmp_path / "one.db"), engine="rules") as one:
        one.ingest(sample_path(), IngestOptions(engine="rules", progress=False))
        assert len(both) == len(one)
        assert sorted(a.id for a in both.store.iter_articles(part="analysis")) == sorted(
            a.id for a in one.store.iter_articles(part="analysis"))
        groups = lambda c: sorted(sorted(m.id for m in g.members) for g in c.duplicates())
        assert groups(both) == groups(one)


def test_the_http_api_answers_the_same(corpora) -> None:
    """`iton serve` over each store (a real server on 127.0.0.1): the same search and story answers,
    and the search page marks as many matches."""
    import httpx
    from test_web_corpus import LiveServer

    def answers(corpus: Corpus) -> list:
        with LiveServer(corpus.path) as server, httpx.Client(base_url=server.url, timeout=30) as client:
            hits = client.get("/api/search", params={"q": "מטוסים", "limit": 50}).json()["hits"]
            stories = client.get("/api/stories").json()["stories"]
            page = client.get("/", params={"q": "מטוסים"})
            assert page.status_code == 200 and "<mark>" in page.text
            return [sorted((h["id"], h["snippet"]) for h in hits), stories, page.text.count("<mark")]

    same(corpora, answers)


@pytest.mark.parametrize("query", ["ישראל", '"נמל התעופה בן גוריון"', "מטוס OR משטרה", "ישראל NOT ממשלה"])
def test_export_of_a_query_is_every_match(corpora, query: str, monkeypatch) -> None:
    import sys

    from iton.corpus.export import export_records
    from iton.corpus.search import analyse_query

    for corpus in corpora.values():  # pages of 2 rows: the export is streamed page by page
        monkeypatch.setattr(sys.modules[type(corpus.store).__module__], "STREAM_ROWS", 2)

    def exported(corpus: Corpus) -> list[str]:
        ids = [r["id"] for r in export_records(corpus.store, query=analyse_query(query, "rules"))]
        assert sorted(ids) == sorted(h.id for h in corpus.search(query, limit=1000))  # search's matches, all
        return ids

    same(corpora, exported)


def _paged(corpus: Corpus, query: str, sort: str, **filters) -> tuple[int, list[str]]:
    """The total of ``query`` and the ids of every page of 3 hits, read until the total is reached;
    the download (JSON Lines) gives the same ids in the same order."""
    import json

    first = corpus.search_page(query, limit=3, sort=sort, **filters)
    ids = [h.id for h in first.hits]
    for page in range(1, first.pages):
        ids += [h.id for h in corpus.search_page(query, limit=3, offset=3 * page, sort=sort, **filters).hits]
    assert len(ids) == len(set(ids)) == first.total  # every match on exactly one page
    downloaded = [json.loads(line) for text in corpus.download(query, "jsonl", sort=sort, **filters)
                  for line in text.splitlines()]  # fmt: skip
    assert [row["id"] for row in downloaded] == ids and [row["rank"] for row in downloaded] == list(range(1, len(ids) + 1))
    return first.total, ids


@pytest.mark.parametrize("query", ["ישראל", "מטוס OR משטרה", "ישראל NOT ממשלה", "תעו*"])
def test_totals_pages_and_downloads_cover_every_match(corpora, query: str) -> None:
    """Newest first is the same order on both backends; by relevance each ranks its own way, over the same matches."""
    from iton.corpus.search import analyse_query

    same(corpora, lambda c: _paged(c, query, "date"))
    same(corpora, lambda c: sorted(_paged(c, query, "relevance")[1]))
    for corpus in corpora.values():
        matches = {a.id for a in corpus.store.iter_matches(analyse_query(query, "rules"))}
        assert set(_paged(corpus, query, "relevance")[1]) == matches
        dates = [corpus.get(i).published_day or "" for i in _paged(corpus, query, "date")[1]]
        assert dates == sorted(dates, reverse=True)  # newest first, undated last


def test_pages_go_past_the_ranking_cut(corpora, monkeypatch) -> None:
    """A query matching more than are ranked: the ranked come first, the rest follow newest first, none lost."""
    import iton.corpus.search as module

    totals = {name: _paged(c, "מטוס OR ישראל OR משטרה", "relevance") for name, c in corpora.items()}
    monkeypatch.setattr(module, "MAX_RANKED_MATCHES", 2)
    for name, corpus in corpora.items():
        total, ids = _paged(corpus, "מטוס OR ישראל OR משטרה", "relevance")
        assert total == totals[name][0] > 4 and sorted(ids) == sorted(totals[name][1])
        rest = [corpus.get(i).published_day or "" for i in ids[2:]]
        assert rest == sorted(rest, reverse=True)


def test_outlet_by_prefix_entity_filters_and_comparison(corpora) -> None:
    def filtered(corpus: Corpus) -> list:
        outlet = corpus.search_page("ישראל", limit=50, outlets=("KOL", "www.sport-1.example/news"))
        assert outlet.hits and {h.outlet for h in outlet.hits} <= {"kol-hadarom.example", "sport-1.example"}
        none = corpus.search_page("ישראל", outlets=("no-such-outlet",))
        assert (none.total, none.hits) == (0, [])
        named = next(a for a in corpus.store.iter_articles() if a.entities)
        entity = named.entities[0].key
        word = named.lemmas[0]
        with_entity = corpus.search_page(word, limit=50, entities=(entity,))
        assert named.id in [h.id for h in with_entity.hits]
        for hit in with_entity.hits:
            assert entity in {m.key for m in corpus.get(hit.id).entities or []} | {
                m.text for m in corpus.get(hit.id).entities or []}
        comparison = corpus.compare("מטוס", "נמל", outlets=("kol",)).to_dict()
        first = {h.id for h in corpus.search("מטוס", limit=50, outlets=("kol",))}
        second = {h.id for h in corpus.search("נמל", limit=50, outlets=("kol",))}
        assert comparison["both"] == len(first & second) and comparison["first"]["total"] == len(first)
        assert comparison["second"]["only"] == len(second - first)
        return [sorted(h.id for h in outlet.hits), entity, sorted(h.id for h in with_entity.hits), comparison]

    same(corpora, filtered)


def test_newest_first_through_the_day_index_is_the_same_order(corpora, monkeypatch) -> None:
    """SQLite sorts many matches by walking the publication-day index: the same order as sorting the rows."""
    from iton.corpus.store import sqlite

    by_rows = _paged(corpora["sqlite"], "מטוס OR ישראל OR משטרה", "date")
    monkeypatch.setattr(sqlite, "DAY_INDEX_MATCHES", 1)
    assert _paged(corpora["sqlite"], "מטוס OR ישראל OR משטרה", "date") == by_rows
    assert _paged(corpora["sqlite"], "מטוס OR ישראל OR משטרה", "date", outlets=("kol",))[1] == [
        i for i in by_rows[1] if corpora["sqlite"].get(i).outlet == "kol-hadarom.example"]


# Our own sentences: הנחיתות ("the landings") is read as נחיתות ("inferiority") with נחיתה as its
# other probable reading; בנחיתה is read right; נחיתות alone is only "inferiority"; הקרמלין is
# read as קרמלין. Four more articles give BM25 an idf. Three articles hold בית ("house"), one בת
# ("daughter").
MISREAD = [
    {"id": "misread", "title": "הנחיתות על הירח.", "body": "שתי חלליות נחתו השנה."},
    {"id": "right", "title": "תקלה בנחיתה.", "body": "המטוס נחת בשלום."},
    {"id": "inferiority", "title": "תחושת נחיתות.", "body": "השחקנים שיחקו מתוך נחיתות."},
    {"id": "weather", "title": "מזג האוויר.", "body": "מחר יהיה חם ויבש ברוב האזורים."},
    {"id": "vote", "title": "הבחירות.", "body": "הקלפיות ייפתחו מחר בבוקר."},
    {"id": "game", "title": "כדורגל.", "body": "הקבוצה ניצחה אתמול במשחק החוץ."},
    {"id": "market", "title": "כלכלה.", "body": "הבורסה ירדה היום בשני אחוזים."},
    {"id": "kremlin", "title": "הודעת הקרמלין.", "body": "דובר הקרמלין אמר אתמול כי הנשיא ייפגש עם השגריר."},
    {"id": "home", "title": "הבית החדש.", "body": "המשפחה עברה לבית גדול בצפון."},
    {"id": "houses", "title": "בתים נהרסו.", "body": "הסערה פגעה בבתים רבים בעיר."},
    {"id": "rent", "title": "שכר הדירה.", "body": "מחירי הבתים עלו השנה."},
    {"id": "daughter", "title": "הבת של השחקן.", "body": "בתו של השחקן זכתה בפרס."},
]


@pytest.fixture(scope="module")
def model_corpora(tmp_path_factory, postgres_server) -> dict[str, Corpus]:
    """MISREAD in each backend, ingested with the bundled model (which gives other readings)."""
    import json

    folder = tmp_path_factory.mktemp("misread")
    source = folder / "misread.jsonl"
    source.write_text("\n".join(json.dumps(a, ensure_ascii=False) for a in MISREAD), encoding="utf-8")
    opened = {"sqlite": Corpus(str(folder / "c.db"), engine="model"),
              "postgresql": Corpus(postgres_server.url(postgres_server.create_database()), engine="model")}  # fmt: skip
    for corpus in opened.values():
        corpus.ingest(source, IngestOptions(engine="model", progress=False))
    yield opened
    for corpus in opened.values():
        corpus.close()


def test_a_misread_word_is_found_through_its_other_reading_below_the_right_one(model_corpora) -> None:
    for corpus in model_corpora.values():
        assert (0, "נחיתה") in corpus.get("misread").alternatives
        hits = corpus.search("נחיתה")
        assert [h.id for h in hits] == ["right", "misread"]  # "inferiority" is not found: no junk
        assert "[הנחיתות]" in hits[1].snippet
        assert [h.id for h in corpus.search("הירח")] == ["misread"]
        assert [h.id for h in corpus.search('"נחיתה על ירח"')] == []  # phrases hold the best readings only
        assert [h.id for h in corpus.search('"נחיתות על ירח"')] == ["misread"]
    same(model_corpora, lambda c: [(h.id, h.snippet) for h in c.search("נחיתה")])


def test_a_query_word_read_wrong_finds_through_its_own_other_reading(model_corpora) -> None:
    for corpus in model_corpora.values():  # שבקרמלין alone is read as the lemma בקרמלין, קרמלין its other reading
        assert "other probable lemma קרמלין" in corpus.explain("שבקרמלין").text()
        hits = corpus.search("שבקרמלין")
        assert [h.id for h in hits] == ["kremlin"] and "[הקרמלין]" in hits[0].snippet
    same(model_corpora, lambda c: [(h.id, h.snippet) for h in c.search("שבקרמלין")])


def test_a_name_whose_query_lemma_keeps_the_article_finds_it_by_its_written_form(model_corpora) -> None:
    """הקרמלין alone is read as the lemma הקרמלין (the model does not know the name, and the names
    stage needs a sentence); the article's הקרמלין, a name in context, is stored as קרמלין. The
    query's written form finds it."""
    for corpus in model_corpora.values():
        assert "or written form הקרמלין" in corpus.explain("הקרמלין").text()
        hits = corpus.search("הקרמלין")
        assert [h.id for h in hits] == ["kremlin"] and "[הקרמלין]" in hits[0].snippet
        assert "or written form" not in corpus.explain("מתח").text()  # a lemma as written: one lookup
    same(model_corpora, lambda c: [(h.id, h.snippet) for h in c.search("הקרמלין")])


def test_a_query_words_other_reading_rarer_in_the_corpus_is_not_searched(model_corpora) -> None:
    """שבבתים alone is read as בית with בת ("daughter") as its other reading (with hspell), or the
    other way round (without): בת is searched only where the corpus holds it in as many articles
    as the best reading, so a query read right does not bring in the article about a daughter."""
    for corpus in model_corpora.values():
        word = analyse_query("שבבתים", "model", store=corpus.store).words[0]
        hits = {h.id for h in corpus.search("שבבתים")}
        assert {"home", "houses", "rent"} <= hits
        if word.lemmas == ["בית"]:
            assert analyse_query("שבבתים", "model").words[0].alternatives == ["בת"]  # the model gives it
            assert word.alternatives == [] and "daughter" not in hits
            assert "other probable lemma" not in corpus.explain("שבבתים").text()
        else:  # read as בת: its other reading בית is the corpus's more common word, and is searched
            assert word.lemmas == ["בת"] and word.alternatives == ["בית"]
    same(model_corpora, lambda c: sorted(h.id for h in c.search("שבבתים")))  # the same articles; ties may rank apart


def _postgres_sample(postgres_server) -> str:
    """The URL of a new PostgreSQL database holding the sample corpus."""
    url = postgres_server.url(postgres_server.create_database())
    with Corpus(url, engine="rules") as corpus:
        corpus.ingest(sample_path(), IngestOptions(engine="rules", progress=False))
    return url


def _connections(url: str) -> int:
    """How many connections the other clients of ``url``'s database hold (pg_stat_activity)."""
    import psycopg

    with psycopg.connect(url) as db:
        return db.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                          "AND pid <> pg_backend_pid()").fetchone()[0]  # fmt: skip


def test_a_server_over_postgresql_gives_back_its_connections(postgres_server, tmp_path: Path, monkeypatch) -> None:
    """Each background build opens the store anew; the analysis it replaces closes its pool once
    nothing reads it, and shutdown closes the rest: rebuilds must not pile up connections."""
    import gc
    import json
    import time

    from fastapi.testclient import TestClient

    from iton.web import live
    from iton.web.app import ServeOptions, create_app

    monkeypatch.setattr(live, "MIN_REBUILD_SECONDS", 0.0)
    monkeypatch.setattr(live, "CHECK_SECONDS", 0.05)
    url = _postgres_sample(postgres_server)
    with Corpus(url, engine="rules") as corpus:
        app = create_app(ServeOptions(db=url, engine="rules"))
        with TestClient(app) as client:
            analysis = app.state.analysis
            for k in range(1, 5):  # the first build, then a write and the build of it, three times
                deadline = time.monotonic() + 60
                while analysis.builds < k and time.monotonic() < deadline:
                    time.sleep(0.05)
                assert analysis.builds >= k
                assert client.get("/api/stories").status_code == 200
                source = tmp_path / f"more{k}.jsonl"
                record = {"id": f"more-{k}", "title": "כותרת", "body": f"מטוס נחת בנמל התעופה בפעם ה-{k} היום."}
                source.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
                corpus.ingest(source, IngestOptions(engine="rules", progress=False))
    # every pool closed at shutdown (a build still running then closes its own when it ends)
    deadline = time.monotonic() + 60
    while (left := _connections(url)) and time.monotonic() < deadline:
        gc.collect()
        time.sleep(0.1)
    assert left == 0


def test_a_server_over_postgresql_reads_through_one_pool_from_every_thread(postgres_server) -> None:
    """Many clients at once: the request threads share one pool of the store, where a store per
    thread held a connection per thread (a few worker processes under load would pass
    PostgreSQL's max_connections)."""
    import threading

    import httpx
    from test_web_corpus import LiveServer

    from iton.corpus.store.postgres import POOL_SIZE

    url = _postgres_sample(postgres_server)
    peak = [0]
    with LiveServer(url) as server:
        failures: list[object] = []
        done = threading.Event()

        def client(k: int) -> None:
            with httpx.Client(base_url=server.url, timeout=30) as http:
                for query in ("מטוס", "ישראל", "משטרה", f"מטוס OR {k}"):
                    response = http.get("/api/search", params={"q": query})
                    if response.status_code != 200:
                        failures.append(response.status_code)

        def watch() -> None:  # one connection of its own, polling while the clients run
            while not done.is_set():
                peak[0] = max(peak[0], _connections(url))
                done.wait(0.02)

        watcher = threading.Thread(target=watch)
        watcher.start()
        threads = [threading.Thread(target=client, args=(k,)) for k in range(24)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        done.set()
        watcher.join()
        assert not failures
    # the readers' one pool and the background thread's stores (the watcher, the analyses), not a
    # connection per request thread: 40 at 16 clients that way
    assert 0 < peak[0] <= 3 * POOL_SIZE, peak[0]


def test_ingest_with_workers_into_postgresql_stores_what_one_process_stores(tmp_path: Path, postgres_server) -> None:
    # With --jobs the store is written while the workers analyse the next batch: on PostgreSQL too,
    # a later copy of an id one batch on counts as unchanged (same content) or updated (changed).
    import json

    records = [json.loads(line) for line in Path(sample_path()).read_text(encoding="utf-8").splitlines()][:12]
    repeats = [dict(records[1]), dict(records[2], body=records[2]["body"] + " עדכון אחרון.")]
    source = tmp_path / "repeats.jsonl"
    source.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records + repeats), encoding="utf-8")
    stored = []
    for corpus, jobs in ((Corpus(str(tmp_path / "one.db"), engine="rules"), 1),
                         (Corpus(postgres_server.url(postgres_server.create_database()), engine="rules"), 2)):  # fmt: skip
        with corpus:
            summary = corpus.ingest(source, IngestOptions(engine="rules", jobs=jobs, batch_size=8 // jobs))
            assert (summary.added, summary.updated, summary.unchanged) == (12, 1, 1)
            strip = lambda a: {k: v for k, v in a.to_record(with_index=True).items() if not k.endswith("_at")}
            stored.append(sorted((strip(a) for a in corpus.store.iter_articles()), key=lambda r: r["id"]))
    assert stored[0] == stored[1]

"""Every store backend on real storage: upserts, search over query trees, streaming, data that reads back
unchanged; and the SQLite backend's own migrations."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iton.corpus.article import Article, Mention
from iton.corpus.period import Period
from iton.corpus.query import Filters, Query, parse_query
from iton.corpus.store import SQLiteStore, Store, open_store
from iton.corpus.store.migrations import MIGRATIONS
from iton.corpus.store.transfer import copy_store
from iton.errors import CorpusError, StoreVersionError

# The backends every store test runs on; a new backend adds its name here and a case below.
BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(params=BACKENDS)
def store(request, tmp_path: Path) -> Store:
    """A new, empty store of each backend (PostgreSQL: a new database on the test server)."""
    if request.param == "postgresql":
        from iton.corpus.store.postgres import PostgresStore

        opened: Store = PostgresStore(request.getfixturevalue("postgres_url"))
    else:
        opened = SQLiteStore(str(tmp_path / "corpus.db"))
    yield opened
    opened.close()


def lemma_query(*lemmas: str, filters: Filters = Filters()) -> Query:
    """A query for lemmas, analysed by hand (each word its own lemma and form)."""
    query = parse_query(" ".join(lemmas), filters)
    for word in query.words:
        word.lemmas = word.forms = [word.text]
    return query


def found(store: Store, query: Query, limit: int = 10) -> list[str]:
    rowids = [rowid for rowid, _ in store.search(query, limit, newest=1000).hits]
    articles = store.get_rows(rowids)
    return [articles[r].id for r in rowids]


def test_backends_fulfil_the_protocol(store: Store) -> None:
    assert isinstance(store, Store)


def test_backends_type_check_against_the_protocol() -> None:
    # each backend module assigns its store to a Store-typed name: mypy fails on any drift in
    # a method's parameters or return type, which isinstance cannot see
    from mypy import api

    package = Path(__file__).parents[1] / "src" / "iton" / "corpus" / "store"
    out, err, status = api.run(["--ignore-missing-imports", "--follow-imports=skip", "--no-incremental",
                                str(package)])  # fmt: skip
    assert status == 0, out + err


def make(article_id: str = "a1", **fields) -> Article:
    base = {"id": article_id, "body": "גוף הכתבה", "title": "כותרת", "lemmas": ["כותרת", "גוף", "כתבה"],
            "forms": ["כותרת", "גוף", "הכתבה"], "spans": [(0, 5), (6, 9), (10, 15)],
            "normalized": "כותרת\nגוף כתבה", "content_hash": "h1"}
    base.update(fields)
    return Article(**base)


def test_migrations_are_named_and_recorded(tmp_path: Path) -> None:
    path = str(tmp_path / "c.db")
    store = SQLiteStore(path)
    assert store.migrations() == [name for name, _ in MIGRATIONS]
    store.close()
    again = SQLiteStore(path)
    assert again.migrate() == []  # nothing left to apply
    again.close()


def test_a_newer_store_is_refused(tmp_path: Path) -> None:
    path = str(tmp_path / "c.db")
    SQLiteStore(path).close()
    with sqlite3.connect(path) as db:
        db.execute("INSERT INTO migrations VALUES ('9999_future', 'now')")
    with pytest.raises(StoreVersionError, match="upgrade iton"):
        SQLiteStore(path)


def test_failed_migration_leaves_nothing_behind(tmp_path: Path, monkeypatch) -> None:
    import iton.corpus.store.migrations as module

    broken = [*MIGRATIONS, ("0999_broken", "CREATE TABLE ok_table (x INTEGER);\nCREATE TABLE ok_table (y INTEGER);")]
    monkeypatch.setattr(module, "MIGRATIONS", broken)
    path = str(tmp_path / "c.db")
    with pytest.raises(sqlite3.OperationalError):
        SQLiteStore(path)
    with sqlite3.connect(path) as db:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
        names = {row[0] for row in db.execute("SELECT name FROM migrations")}
    assert "ok_table" not in tables and "0999_broken" not in names and "0003_duplicates" in names


def test_upsert_adds_then_updates(store: Store) -> None:
    rowid, added = store.upsert(make())
    assert added
    again, added = store.upsert(make(body="גוף חדש", content_hash="h2", lemmas=["גוף", "חדש"], forms=["גוף", "חדש"],
                                     spans=[(0, 3), (4, 7)]))
    assert (again, added) == (rowid, False)
    assert store.count() == 1
    assert store.get("a1").body == "גוף חדש"
    assert store.states(["a1", "zz"]) == {"a1": (rowid, "h2")}
    # the index follows the update: the old lemma is gone, the new one is found
    assert found(store, lemma_query("כתבה")) == []
    assert found(store, lemma_query("חדש")) == ["a1"]


def test_filters(store: Store) -> None:
    store.upsert(make("a", outlet="ynet", published="2021-04"))
    store.upsert(make("b", outlet="walla", published="2021-06-13T10:00:00+03:00"))
    store.upsert(make("c", outlet="walla", published=None))
    ids = lambda f: sorted(found(store, lemma_query("גוף", filters=f)))
    assert ids(Filters()) == ["a", "b", "c"]
    assert ids(Filters(outlets=("walla",))) == ["b", "c"]
    assert ids(Filters(outlets=("walla", "ynet"))) == ["a", "b", "c"]
    assert ids(Filters(Period.parse("2021-05-01"))) == ["b"]
    assert ids(Filters(Period.parse(until="2021-04-30"))) == ["a"]
    assert ids(Filters(Period.parse("2021-04", "2021-04"))) == ["a"]
    assert ids(Filters(Period.parse(until="2021-06"))) == ["a", "b"]  # a month ends on its last day


def test_query_operators(store: Store) -> None:
    store.upsert(make("a", lemmas=["מטוס", "נחת", "בנמל"], forms=["המטוס", "נחת", "בנמל"], spans=[(0, 1)] * 3))
    store.upsert(make("b", lemmas=["מטוס", "x", "y", "z", "נמל"], forms=["מטוס", "x", "y", "z", "נמל"],
                      spans=[(0, 1)] * 5))  # fmt: skip
    assert sorted(found(store, lemma_query("מטוס"))) == ["a", "b"]
    assert found(store, lemma_query("מטוס", "NOT", "x")) == ["a"]
    assert sorted(found(store, lemma_query("נחת", "OR", "x"))) == ["a", "b"]
    assert found(store, lemma_query("מטוס", "NEAR/2", "נמל")) == []
    assert found(store, lemma_query("מטוס", "NEAR/3", "נמל")) == ["b"]
    assert sorted(found(store, lemma_query("מטוס", "NEAR", "נמל"))) == ["b"]
    assert found(store, lemma_query("מטוס", "NEAR/1", "נחת")) == ["a"]


def test_ranking_is_cut_to_the_newest_matches(store: Store) -> None:
    for i in range(5):
        store.upsert(make(f"a{i}"))
    ranking = store.search(lemma_query("גוף"), 10, newest=3)
    assert ranking.cut and len(ranking.hits) == 3
    assert sorted(store.get_rows([r for r, _ in ranking.hits])[r].id for r, _ in ranking.hits) == ["a2", "a3", "a4"]
    assert not store.search(lemma_query("גוף"), 10, newest=5).cut


def test_a_phrase_in_many_articles_does_not_rank_on_sqlite(tmp_path: Path, monkeypatch) -> None:
    """A phrase in COMMON_SHARE of the newest SHARE_WINDOW articles or more is left out of BM25,
    whose count of its matches would cost more than the search: its matches come newest first,
    unscored, after those the other phrases rank. A store with fewer matches than that share of
    the window ranks every phrase, as before."""
    from iton.corpus.store import fts

    store = SQLiteStore(str(tmp_path / "corpus.db"))
    for i in range(40):
        rare = ["נדיר"] * (1 + i % 2) if i in (3, 10) else []
        lemmas = ["בית", "ישן", *rare]
        store.upsert(make(f"a{i}", lemmas=lemmas, forms=lemmas, spans=[(0, 1)] * len(lemmas)))
    rowids = {store.get_rows([r])[r].id: r for r in range(1, 41)}
    newest_first = [rowids[f"a{i}"] for i in range(39, -1, -1)]
    ranked_before = store.search(lemma_query("בית"), 10, newest=30)
    assert all(score is not None for _, score in ranked_before.hits)  # 40 matches: under 2,000

    monkeypatch.setattr(fts, "SHARE_WINDOW", 80)  # בית: 40 of 80 rowids, נדיר: 2
    common = store.search(lemma_query("בית"), 10, newest=30)
    assert common.hits == [(r, None) for r in newest_first[:10]] and common.cut
    assert store.search(lemma_query("בית"), 5, newest=30, offset=25).hits == [(r, None) for r in newest_first[25:30]]
    either = store.search(lemma_query("בית", "OR", "נדיר"), 40, newest=40)
    assert [r for r, _ in either.hits[:2]] == [rowids["a3"], rowids["a10"]]  # a3 holds נדיר twice
    assert all(score is not None for _, score in either.hits[:2])
    assert either.hits[2:] == [(r, None) for r in newest_first if r not in (rowids["a3"], rowids["a10"])]
    rare = store.search(lemma_query("נדיר", "AND", "בית"), 10, newest=40).hits
    monkeypatch.setattr(fts, "COMMON_SHARE", 2.0)  # nothing common: the whole expression ranks
    whole = store.search(lemma_query("נדיר", "AND", "בית"), 10, newest=40).hits
    # the same order; בית added only what FTS5 gives a phrase in half the articles (IDF 1e-6)
    assert [r for r, _ in rare] == [r for r, _ in whole] == [rowids["a3"], rowids["a10"]]
    assert rare != whole and rare == [(r, pytest.approx(score, abs=1e-4)) for r, score in whole]
    assert store.search(lemma_query("בית"), 10, newest=30).hits == ranked_before.hits
    store.close()


def test_counting_matches_stops_at_the_bound_asked(store: Store) -> None:
    for i in range(5):
        store.upsert(make(f"a{i}"))
    assert [store.count_matches(lemma_query("גוף"), at_most) for at_most in (None, 3, 5, 9)] == [5, 3, 5, 5]
    assert store.count_matches(lemma_query("אין"), 3) == 0


def test_postgres_keeps_each_lemmas_article_count_through_every_write(postgres_url: str) -> None:
    """A one-lemma count is read from lemma_articles (migration 0010), which every upsert keeps,
    once per transaction: after single and batched inserts, an update that changes the lemmas,
    one that leaves them, a rolled-back batch and the migration run on a store that already holds
    articles, it equals counting the matches through the index."""
    from iton.corpus.store.postgres import PostgresStore

    store = PostgresStore(postgres_url)
    try:
        store.upsert(make("a0"))
        with store.transaction():  # a batch: its changes added once, at its end
            for i in range(1, 4):
                store.upsert(make(f"a{i}"))
            store.upsert(make("b", lemmas=["כותרת", "גוף", "גוף"], forms=["כותרת", "גוף", "גופו"]))
        store.upsert(make("a1", lemmas=["כותרת", "ראש", "כתבה"], forms=["כותרת", "ראש", "הכתבה"]))  # גוף leaves a1
        store.upsert(make("a2", title="כותרת אחרת"))  # the same lemmas: no count moves
        with pytest.raises(RuntimeError), store.transaction():
            store.upsert(make("c", lemmas=["ראש"], forms=["ראש"], spans=[(0, 3)]))
            raise RuntimeError("rolled back")

        def counted(lemma: str) -> tuple[int, int]:
            with store._connection() as db:
                through_index = db.execute("SELECT count(*) FROM articles WHERE search @@ %s::tsquery",
                                           (f"'{lemma}'",)).fetchone()[0]  # fmt: skip
            return store.count_matches(lemma_query(lemma)), through_index

        assert {lemma: counted(lemma) for lemma in ("גוף", "כתבה", "ראש", "כותרת", "אין")} == {
            "גוף": (4, 4), "כתבה": (4, 4), "ראש": (1, 1), "כותרת": (5, 5), "אין": (0, 0)}
        assert store.count_matches(lemma_query("גוף"), 2) == 2
        # a written form or a filter is not one lemma's count: counted through the index
        assert store.count_matches(lemma_query("גוף", filters=Filters(outlets=("ynet",)))) == 0
        with store.transaction() as db:  # back to before the migration: it counts the stored articles
            db.execute("DROP TABLE lemma_articles")
            db.execute("DELETE FROM migrations WHERE name = '0010_lemma_articles'")
        again = PostgresStore(postgres_url)
        again.close()
        assert again.applied == ["0010_lemma_articles"]
        assert [counted(lemma)[0] for lemma in ("גוף", "כתבה", "ראש", "כותרת")] == [4, 4, 1, 5]
    finally:
        store.close()


def test_version_changes_with_every_write(store: Store) -> None:
    empty = store.version()
    store.upsert(make("a"))
    added = store.version()
    store.upsert(make("b"))
    assert len({empty, added, store.version()}) == 3


def test_version_reads_indexes_not_rows(tmp_path) -> None:
    """The server compares the version after every commit: it must not read every article."""
    from iton.corpus.store.rows import VERSION_QUERY

    store = SQLiteStore(str(tmp_path / "v.db"))
    try:
        plan = [row[3] for row in store.connection.execute("EXPLAIN QUERY PLAN " + VERSION_QUERY)]
        reads = [step for step in plan if "articles" in step]
        assert len(reads) == 3 and all("INDEX" in step or step.startswith("SEARCH") for step in reads), plan
    finally:
        store.close()


def test_iter_articles_streams_in_order(store: Store, monkeypatch) -> None:
    monkeypatch.setattr(sys.modules[type(store).__module__], "STREAM_ROWS", 3)
    for i in range(10):
        store.upsert(make(f"a{i}"))
    assert [a.id for a in store.iter_articles()] == [f"a{i}" for i in range(10)]


def test_transaction_rolls_back(store: Store) -> None:
    with pytest.raises(RuntimeError), store.transaction():
        store.upsert(make("x"))
        raise RuntimeError("killed")
    assert store.count() == 0 and found(store, lemma_query("גוף")) == []


def test_open_store_chooses_the_backend_by_url(postgres_url: str, tmp_path: Path) -> None:
    from iton.corpus.store.postgres import PostgresStore

    for path, backend in ((postgres_url, PostgresStore), (str(tmp_path / "c.db"), SQLiteStore)):
        opened = open_store(path)
        assert isinstance(opened, backend)
        opened.close()
    with pytest.raises(CorpusError, match="cannot connect to PostgreSQL"):
        open_store("postgresql://iton@127.0.0.1:1/iton")


# No store keeps NUL characters: readers reject them and PostgreSQL's text cannot hold them (its
# refusal, naming the article, is in test_corpus_store_postgres.py).
chars = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")
words = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Zs", "Zl", "Zp", "Cc")), min_size=1, max_size=8)
maybe = st.none() | st.text(chars, max_size=40)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    body=st.text(chars, min_size=1, max_size=200), title=maybe, subtitle=maybe, outlet=maybe, url=maybe, author=maybe,
    published=maybe, raw=maybe, lemmas=st.lists(words, max_size=12), line=st.none() | st.integers(0, 10**6),
    repeats=st.lists(st.fixed_dictionaries({"start": st.integers(0, 99), "text": st.text(max_size=20)}), max_size=2),
    signature=st.none() | st.binary(min_size=4, max_size=64),
    entities=st.none() | st.lists(st.builds(Mention, st.sampled_from(["PER", "ORG"]), words, words,
                                            st.none() | st.integers(0, 99), st.none() | st.integers(0, 99)), max_size=3),
)
def test_stored_data_reads_back_unchanged(store, body, title, subtitle, outlet, url, author, published, raw, lemmas,
                                          line, repeats, signature, entities) -> None:  # fmt: skip
    article = Article(
        id=f"id-{len(body)}-{hash(body)}", body=body, title=title, subtitle=subtitle, outlet=outlet, url=url,
        author=author, published=published, published_raw=raw, source="s.jsonl", line=line,
        content_hash="h", normalized=body, lemmas=lemmas, forms=list(reversed(lemmas)),
        spans=[(i, i + 1) for i in range(len(lemmas))], repeats=repeats, warnings=["w"], minhash=signature,
        entities=entities,
    )
    store.upsert(article)
    back = store.get(article.id)
    for name in ("id", "body", "title", "subtitle", "outlet", "url", "author", "published", "published_raw",
                 "source", "line", "normalized", "entities", "lemmas", "forms", "spans", "repeats", "warnings", "minhash"):
        assert getattr(back, name) == getattr(article, name), name
    hit = store.get_rows([back.rowid], "hit")[back.rowid]  # its spans packed, each pair made when read
    assert len(hit.spans) == len(article.spans) and list(hit.spans) == article.spans
    assert hit.spans[1:3] == article.spans[1:3] and hit.spans[::-1] == article.spans[::-1]
    if article.spans:
        assert hit.spans[-1] == article.spans[-1]
    with pytest.raises(IndexError):
        hit.spans[len(article.spans)]
    light = next(a for a in store.iter_articles(part="analysis") if a.id == article.id)
    assert (light.body, light.forms, light.spans, light.normalized) == ("", [], [], "")
    assert (light.lemmas, light.entities, light.title) == (article.lemmas, article.entities, article.title)


def test_lookups_by_many_row_ids(store: Store) -> None:
    # lookups go in chunks: a near-duplicate group or a collapsed page can name more rows
    # than SQLite takes bound parameters in one statement
    rowid, _ = store.upsert(make())
    many = [rowid, *range(10_000, 10_000 + 3 * 999)]
    assert list(store.get_rows(many)) == [rowid]
    assert store.get_rows([]) == {} and store.roots([]) == {}
    assert store.states(["a1", *map(str, range(2000))]) == {"a1": (rowid, store.get("a1").content_hash)}


def test_near_duplicate_bookkeeping(store: Store) -> None:
    a, _ = store.upsert(make("a", minhash=b"\x01" * 8))
    b, _ = store.upsert(make("b", minhash=b"\x02" * 8))
    c, _ = store.upsert(make("c"))
    d, _ = store.upsert(make("d"))
    store.add_bands([(0, 11, a), (1, 12, a)])
    assert store.add_article_bands(b, [(0, 11), (1, 12)], 10) == [a]
    assert store.add_article_bands(c, [(0, 99), (1, 12)], 10) == [a, b]  # ties: the oldest first
    assert store.add_article_bands(d, [(0, 99), (1, 12)], 2) == [c, a]  # most shared keys first
    assert store.signatures([a, b, c]) == {a: b"\x01" * 8, b: b"\x02" * 8}
    assert list(store.iter_signatures()) == [(a, b"\x01" * 8), (b, b"\x02" * 8)]
    store.add_pair(b, a, 0.9)
    store.add_pair(c, b, 0.8)
    assert store.groups() == {a: [a, b, c]} and store.roots([c, 12345]) == {c: a}
    assert sorted(store.pairs_of(b)) == [(b, a, 0.9), (c, b, 0.8)]
    store.forget_duplicates(b)  # b changed: its pairs and keys go, and a and c lose their link
    assert store.pairs_of(b) == [] and store.groups() == {}
    assert store.add_article_bands(store.upsert(make("e"))[0], [(0, 11)], 10) == [a]  # b's keys are gone
    store.add_pair(c, a, 0.7)
    store.clear_duplicates()
    assert store.groups() == {} and store.pairs_of(a) == [] and store.roots([a, c]) == {}


def test_a_writer_waits_for_another_connections_write(tmp_path: Path) -> None:
    # an ingest beside a running server: the second writer waits (busy timeout) instead of failing
    import threading

    from iton.corpus.store.sqlite import BUSY_TIMEOUT_SECONDS

    path = str(tmp_path / "shared.db")
    first, second = SQLiteStore(path), SQLiteStore(path)
    assert second.connection.execute("PRAGMA busy_timeout").fetchone()[0] == BUSY_TIMEOUT_SECONDS * 1000 >= 30_000
    holding, release = threading.Event(), threading.Event()

    def hold_a_write() -> None:
        with first.transaction():
            first.upsert(make("held"))
            holding.set()
            release.wait(10)

    writer = threading.Thread(target=hold_a_write)
    writer.start()
    holding.wait(10)
    threading.Timer(0.5, release.set).start()
    second.upsert(make("waited"))  # blocks until the first transaction commits
    writer.join()
    assert {a.id for a in second.iter_articles()} == {"held", "waited"}
    first.close()
    second.close()


PROVENANCE = {"iton": "0.1.0", "model": "sha256:0123456789abcdef", "engine": "model", "hspell": True,
              "options": {"entities": True, "normalized_input": False}}  # fmt: skip


def test_meta_and_provenance_read_back(store: Store) -> None:
    meta = {"section": "חדשות", "tags": ["בחירות", "כנסת"], "views": 1200, "paywall": False, "nested": {"a": None}}
    rowid, _ = store.upsert(make("m1", meta=meta, provenance=PROVENANCE))
    store.upsert(make("m2"))  # no meta: an empty mapping, not None
    for article in (store.get("m1"), store.get_rows([rowid])[rowid], next(store.iter_articles(part="analysis"))):
        assert article.meta == meta and article.provenance == PROVENANCE
    assert store.get("m2").meta == {} and store.get("m2").provenance == {}


def test_a_store_from_before_meta_and_provenance_is_migrated_and_reads(store: Store, request) -> None:
    store.upsert(make("old"))
    last = "0005_meta_provenance" if isinstance(store, SQLiteStore) else "0004_meta_provenance"
    with store.transaction() as db:  # back to the schema of the release before the migration
        db.execute("ALTER TABLE articles DROP COLUMN meta")
        db.execute("ALTER TABLE articles DROP COLUMN provenance")
        db.execute(f"DELETE FROM migrations WHERE name = '{last}'")
    path = store.path if isinstance(store, SQLiteStore) else request.getfixturevalue("postgres_url")
    again = open_store(path)
    try:
        assert again.applied[0] == last  # and the migrations after it
        old = again.get("old")
        assert old is not None and old.body == "גוף הכתבה" and old.meta == {} and old.provenance == {}
        again.upsert(make("new", meta={"section": "ספורט"}, provenance=PROVENANCE))
        assert again.get("new").meta == {"section": "ספורט"} and again.get("new").provenance == PROVENANCE
    finally:
        again.close()


# A word whose best reading is wrong (במתחם read as מתח, "tension"), with the right one as its
# alternative; one whose best reading is right; one that is only the other word.
MISREAD = make("misread", body="במתחם הקבר", title=None, lemmas=["מתח", "קבר"], forms=["במתחם", "הקבר"],
               spans=[(0, 5), (6, 10)], alternatives=[(0, "מתחם")])  # fmt: skip
RIGHT = make("right", body="המתחם הקבר", title=None, lemmas=["מתחם", "קבר"], forms=["המתחם", "הקבר"],
             spans=[(0, 5), (6, 10)])  # fmt: skip
OTHER = make("other", body="מתח רב", title=None, lemmas=["מתח", "רב"], forms=["מתח", "רב"], spans=[(0, 3), (4, 6)])


def test_a_lemma_finds_a_misread_word_through_its_alternative_ranked_below_the_best_reading(store: Store) -> None:
    for article in (MISREAD, RIGHT, OTHER):
        store.upsert(article)
    assert store.get("misread").alternatives == [(0, "מתחם")]
    assert found(store, lemma_query("מתחם")) == ["right", "misread"]
    assert sorted(found(store, lemma_query("מתח"))) == ["misread", "other"]  # the best reading still counts
    assert found(store, lemma_query("קבר NOT מתחם")) == ["misread"]  # a weaker reading does not take it out
    phrase = parse_query('"מתחם קבר"')
    phrase.words[0].lemmas = phrase.words[0].forms = ["מתחם", "קבר"]
    assert found(store, phrase) == ["right"]  # phrases are made of best readings
    near = parse_query("מתחם NEAR/1 קבר")
    for word in near.words:
        word.lemmas = word.forms = [word.text]
    assert found(store, near) == ["right"]
    exact = parse_query("=מתחם")
    exact.words[0].forms = ["מתחם"]
    assert found(store, exact) == []
    misread_query = lemma_query("מתח")  # a query word read as מתח whose other probable lemma is מתחם
    misread_query.words[0].alternatives = ["מתחם"]
    assert sorted(found(store, misread_query)) == ["misread", "other", "right"]
    negated = lemma_query("קבר NOT מתח")
    negated.words[1].alternatives = ["מתחם"]
    assert found(store, negated) == ["right"]  # a negated word's other readings take nothing out
    copy = SQLiteStore(":memory:")
    copy_store(store, copy)  # the other readings travel with the article
    assert copy.get("misread").alternatives == [(0, "מתחם")] and found(copy, lemma_query("מתחם")) == ["right", "misread"]


def test_a_store_from_before_alternatives_is_migrated_and_reads(store: Store, request) -> None:
    if isinstance(store, SQLiteStore):
        path = store.path
        store.close()
        Path(path).unlink()
        with sqlite3.connect(path) as db:  # a store written before migration 0007
            db.execute("CREATE TABLE migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
            for name, sql in MIGRATIONS[:6]:
                db.executescript(sql)
                db.execute("INSERT INTO migrations VALUES (?, 'then')", (name,))
            db.execute("INSERT INTO articles (id, body, content_hash, normalized, index_lemmas, index_forms, spans, "
                       "ingested_at, updated_at) VALUES ('old', 'במתחם', 'h', 'מתח', 'מתח', 'במתחם', ?, 'then', 'then')",
                       (b"\0\0\0\0\5\0\0\0",))  # fmt: skip
        last = "0007_alternatives"
    else:
        store.upsert(make("old", body="במתחם", title=None, lemmas=["מתח"], forms=["במתחם"], spans=[(0, 5)]))
        with store.transaction() as db:  # back to the schema of the release before the migration
            db.execute("ALTER TABLE articles DROP COLUMN index_alternatives")
            db.execute("ALTER TABLE articles DROP COLUMN alternative_positions")
            db.execute("DELETE FROM migrations WHERE name = '0006_alternatives'")
        path, last = request.getfixturevalue("postgres_url"), "0006_alternatives"
    again = open_store(path)
    try:
        assert again.applied[0] == last  # and the migrations after it
        assert again.get("old").alternatives == [] and found(again, lemma_query("מתח")) == ["old"]
        again.upsert(MISREAD)
        assert again.get("misread").alternatives == [(0, "מתחם")] and found(again, lemma_query("מתחם")) == ["misread"]
    finally:
        again.close()

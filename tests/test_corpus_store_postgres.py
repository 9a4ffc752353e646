"""What only the PostgreSQL store has: its migrations, its query compiler, its pool and write lock,
against a real server (tests/postgres_server.py). The behaviour both stores share is tested once
for both in test_corpus_store.py."""

from __future__ import annotations

import threading

import pytest

from iton.corpus.article import Article
from iton.corpus.query import Filters, parse_query
from iton.corpus.store import postgres_migrations
from iton.corpus.store.postgres_lemma_counts import lemmas_of, vector_lemmas
from iton.corpus.store.postgres_migrations import NEWEST_FIRST
from iton.corpus.store.tsquery import (LEMMA_PAIRS, MAX_POSITION, index_vector, lemma_pairs, required_words, search_where,
                                      to_tsquery)
from iton.errors import CorpusError, StoreVersionError

psycopg = pytest.importorskip("psycopg", reason="psycopg is not installed (pip install -e '.[test]')")
from iton.corpus.store.postgres import PostgresStore


@pytest.fixture
def store(postgres_url: str):
    store = PostgresStore(postgres_url)
    yield store
    store.close()


def make(article_id: str, lemmas: list[str], forms: list[str] | None = None, **fields) -> Article:
    forms = forms or lemmas
    body = " ".join(forms)
    spans, start = [], 0
    for form in forms:
        spans.append((start, start + len(form)))
        start += len(form) + 1
    return Article(id=article_id, body=body, lemmas=lemmas, forms=forms, spans=spans, normalized=" ".join(lemmas),
                         content_hash="h", **fields)  # fmt: skip


def analysed(text: str, **words: tuple[list[str], list[str]]):
    """``text`` parsed, its words given lemmas and forms by hand (keyword = the word as written)."""
    query = parse_query(text)
    for word in query.words:
        word.lemmas, word.forms = words.get(word.text, (word.text.split(), word.text.split()))
    return query


def found(store: PostgresStore, query) -> list[str]:
    rowids = [rowid for rowid, _ in store.search(query, 50, 20_000).hits]
    articles = store.get_rows(rowids)
    return sorted(articles[r].id for r in rowids)


# -- the compiler (no server needed) -------------------------------------------------------------


@pytest.mark.parametrize(("text", "words", "expected"), [
    ("בית", {"בית": (["בית"], ["בית"])}, "('בית' | '~בית')"),
    ("בבית", {"בבית": (["בית"], ["בבית"])}, "(('בית' | '~בית') | '=בבית')"),
    ("=בבית", {"בבית": ([], ["בבית"])}, "'=בבית'"),
    ("ממשל*", {}, "('ממשל':* | '=ממשל':*)"),
    ('"בית גדול"', {"בית גדול": (["בית", "גדול"], ["הבית", "הגדול"])}, "('בית' <-> 'גדול')"),
    ('="בית גדול"', {"בית גדול": (["בית", "גדול"], ["הבית", "הגדול"])}, "('=הבית' <-> '=הגדול')"),
    ("א OR ב NOT ג", {}, "(('א' | '~א') | (('ב' | '~ב') & !'ג'))"),
    ("א NEAR/1 ב", {}, "('א' <1> 'ב' | 'ב' <1> 'א' | 'א' <2> 'ב' | 'ב' <2> 'א')"),
    ("צה\"ל's", {"צה\"ל's": (["צה״ל'\\"], ["x"])}, "(('צה״ל''\\\\' | '~צה״ל''\\\\') | '=x')"),
])  # fmt: skip
def test_the_tree_compiles_to_tsquery(text: str, words: dict, expected: str) -> None:
    assert to_tsquery(analysed(text, **words).tree) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ('"א ב ג"', "'א ב' & 'ב ג'"),
    ('"א ב א ב"', "'א ב' & 'ב א'"),
    ('="א ב"', None),
    ("א ב", None),
    ('"א ב" ג NOT "ד ה"', "('א ב')"),
    ('"א ב" OR "ג ד"', "(('א ב') | ('ג ד'))"),
    ('"א ב" OR ג', None),
    ('"א ב" NEAR/2 ג', None),
    ('"א ב" ("ג ד" OR "ה ו")', "('א ב') & ((('ג ד') | ('ה ו')))"),
])  # fmt: skip
def test_a_lemma_phrase_asks_for_its_neighbouring_pairs(text: str, expected: str | None) -> None:
    assert lemma_pairs(analysed(text).tree) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ('"א ב"', None),
    ('"א ב" ג NOT ד', "('ג' | '~ג')"),
    ('="א ב" ג', "(('=א' & '=ב') & ('ג' | '~ג'))"),
    ("א NOT \"ב ג\"", "('א' | '~א')"),
    ("א OR ב NOT ג", "(('א' | '~א') | ('ב' | '~ב'))"),
    ("א OR בב*", "(('א' | '~א') | ('בב':* | '=בב':*))"),
    ("א NEAR/0 ב", "('א' & 'ב' | 'ב' & 'א')"),
])  # fmt: skip
def test_the_words_a_query_requires_in_any_order(text: str, expected: str | None) -> None:
    # not what NOT excludes: "!('ב' <-> 'ג')" holds for an article with both words apart
    assert required_words(analysed(text).tree) == expected


def test_index_vector_puts_lemma_and_form_at_each_position() -> None:
    assert index_vector(["בית", "גדול"], ["הבית", "גדול"]) == "'בית':1A 'גדול':2A '=הבית':1B '=גדול':2B"
    assert index_vector(["בית", "בית"], ["הבית", "בית"], [(0, "בת")]) == "'בית':1A,2A '=הבית':1B '=בית':2B '~בת':1D"
    assert index_vector(["ה'"], ["a\\b"]) == "'ה''':1A '=a\\\\b':1B"  # quotes and backslashes escaped
    words = [f"w{i}" for i in range(17000)]
    assert f"'w16999':{MAX_POSITION}A" in index_vector(words, words)  # clamped, not refused
    assert index_vector(["x"] * 300, ["y"] * 300).count(",") == 2 * 255  # 256 positions kept per lexeme


# -- the server ------------------------------------------------------------------------------------


def test_the_lemmas_an_upsert_counts_are_those_its_vector_holds(store: PostgresStore) -> None:
    """The lemma counts take a new article's lemmas from its index lemmas (vector_lemmas), not
    from the vector the server wrote: the two agree on repeated, empty, quoted, marked and
    overlong lemmas."""
    lemmas = ["בית", "בית", "", "ה'", "a\\b", "=x", "~y", "א" * 1100, "ב" * 1000]
    store.upsert(make("v", lemmas, ["w"] * len(lemmas)))
    with store._connection() as db:
        held = db.execute(f"SELECT {lemmas_of('search')} FROM articles WHERE id = 'v'").fetchone()[0]
    assert sorted(held) == sorted(vector_lemmas(lemmas)) and len(held) == 4


def test_migrations_are_named_and_recorded(store: PostgresStore, postgres_url: str) -> None:
    names = [name for name, _ in postgres_migrations.MIGRATIONS]
    assert store.applied == names and store.migrations() == names
    again = PostgresStore(postgres_url)
    assert again.applied == [] and again.migrate() == []
    again.close()


def test_a_newer_store_is_refused(store: PostgresStore, postgres_url: str) -> None:
    with store.transaction() as db:
        db.execute("INSERT INTO migrations VALUES ('9999_future', 'now')")
    with pytest.raises(StoreVersionError, match="upgrade iton"):
        PostgresStore(postgres_url)


def test_failed_migration_leaves_nothing_behind(postgres_url: str, monkeypatch) -> None:
    broken = [*postgres_migrations.MIGRATIONS,
              ("0999_broken", "CREATE TABLE ok_table (x integer); CREATE TABLE ok_table (y integer);")]  # fmt: skip
    monkeypatch.setattr(postgres_migrations, "MIGRATIONS", broken)
    with pytest.raises(psycopg.errors.DuplicateTable):
        PostgresStore(postgres_url)
    with psycopg.connect(postgres_url) as db:
        tables = {row[0] for row in db.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")}
        names = {row[0] for row in db.execute("SELECT name FROM migrations")}
    assert "ok_table" not in tables and "0999_broken" not in names and "0003_duplicates" in names


def test_an_unreachable_server_is_named_without_its_password() -> None:
    with pytest.raises(CorpusError, match=r"postgresql://iton:\*\*\*@127\.0\.0\.1:1/x: cannot connect") as caught:
        PostgresStore("postgresql://iton:secret@127.0.0.1:1/x")
    assert "secret" not in str(caught.value)


def test_nul_characters_are_refused_naming_the_article(store: PostgresStore) -> None:
    with pytest.raises(CorpusError, match="article 'a1': its title holds NUL"):
        store.upsert(make("a1", ["בית"], title="כותרת\x00"))
    store.upsert(make("a2", ["בית"]))  # the store goes on
    assert store.count() == 1


@pytest.mark.parametrize(("text", "expected"), [
    ("בית", ["a", "b", "c"]),
    ("=בבית", ["b"]),
    ('"בית גדול"', ["a"]),
    ('="בית גדול"', []),
    ('="הבית גדול"', ["a"]),
    ("בית NOT גדול", ["b", "c"]),
    ("גדול OR ירוק", ["a", "c"]),
    ("בי*", ["a", "b", "c"]),
    ("בית NEAR/1 ירוק", []),
    ("בית NEAR/2 ירוק", ["c"]),
    ("ירוק NEAR/2 בית", ["c"]),
])  # fmt: skip
def test_search_runs_the_compiled_tree(store: PostgresStore, text: str, expected: list[str]) -> None:
    store.upsert(make("a", ["בית", "גדול"], ["הבית", "גדול"]))
    store.upsert(make("b", ["בית", "קטן"], ["בבית", "קטן"]))
    store.upsert(make("c", ["בית", "של", "עץ", "ירוק"]))
    assert found(store, analysed(text, בבית=(["בית"], ["בבית"]))) == expected


def test_phrases_found_through_the_pairs_index_are_those_the_vectors_hold(store: PostgresStore) -> None:
    """Every two- and three-word phrase over a small vocabulary finds, through the pairs index
    (migration 0011), exactly the articles whose vectors hold it; an empty lemma breaks a pair as
    it breaks a phrase, and the plan of a phrase reads the pairs index."""
    import itertools
    import random

    words = ["בית", "גדול", "ירוק", "של", "עץ"]
    rng = random.Random(7)
    for k in range(60):
        lemmas = [rng.choice(words + [""]) for _ in range(rng.randint(1, 9))]
        store.upsert(make(f"a{k}", lemmas, [lemma or "," for lemma in lemmas]))
    with store._connection() as db:
        assert db.execute("SELECT iton_lemma_pairs('א ב  ג ד א ב')::text").fetchone()[0] == "'א ב' 'ג ד' 'ד א'"
        for phrase in [*itertools.product(words, repeat=2), *itertools.combinations(words, 3)]:
            query = analysed('"' + " ".join(phrase) + '"')
            expected = db.execute("SELECT count(*) FROM articles WHERE search @@ %s::tsquery",
                                  (to_tsquery(query.tree),)).fetchone()[0]  # fmt: skip
            assert store.count_matches(query) == expected, phrase
            assert len(found(store, query)) == min(expected, 50), phrase
        db.execute("SET enable_seqscan = off")
        where, params = search_where(analysed("בית OR ירוק").tree, Filters())
        word_plan = [row[0] for row in db.execute(f"EXPLAIN SELECT rowid FROM articles WHERE {where}", params)]
        where, params = search_where(analysed('"בית גדול" ירוק').tree, Filters())
        plan = [row[0] for row in db.execute(f"EXPLAIN SELECT rowid FROM articles WHERE {where}", params)]
    # words without a phrase: the search index alone, nothing checked row by row
    assert any("Index Cond: (search @@" in line for line in word_plan) and "Filter" not in "".join(word_plan), word_plan
    # the pairs from their index, the phrase checked on the rows it gives, the pairs' expression never
    # computed row by row (as it would be if the phrase were an index condition beside it)
    assert any("articles_lemma_pairs" in line for line in plan), plan
    assert [line.split(":")[0].strip() for line in plan if "ts_match_vq" in line] == ["Filter"], plan
    assert not [line for line in plan if "iton_lemma_pairs" in line and "Filter" in line], plan
    # --explain names the pairs
    assert store.compiled(analysed('"בית גדול"')) == "('בית' <-> 'גדול'), among the articles holding the lemma pairs 'בית גדול'"
    assert store.compiled(analysed("בית")) == "('בית' | '~בית')"
    # a phrase beside a word under OR, a negated one, NEAR: no pairs narrow the first and the last
    for text in ('"בית גדול" OR ירוק', '"בית גדול" NOT "של עץ"', 'בית NEAR/2 ירוק'):
        with store._connection() as db:
            expected = db.execute("SELECT id FROM articles WHERE search @@ %s::tsquery ORDER BY id",
                                  (to_tsquery(analysed(text).tree),)).fetchall()  # fmt: skip
        assert found(store, analysed(text)) == sorted(row[0] for row in expected)[:50], text


def test_lexemes_with_quotes_and_backslashes_are_found(store: PostgresStore) -> None:
    store.upsert(make("q", ["it's", "a\\b", "צה״ל"]))
    for word in ("it's", "a\\b", "צה״ל"):
        assert found(store, analysed(word)) == ["q"], word


def test_concurrent_writers_and_readers(postgres_url: str) -> None:
    """Two writers (each with its own store, as two processes would have) link near-duplicates
    into one group while a reader searches; nothing is lost and the group is whole."""
    first = PostgresStore(postgres_url)
    errors: list[Exception] = []

    def write(prefix: str) -> None:
        store = PostgresStore(postgres_url)
        try:
            for i in range(30):
                with store.transaction():
                    rowid, _ = store.upsert(make(f"{prefix}{i}", ["בית", prefix]))
                    anchor = store.states(["w0"]).get("w0")
                    if anchor and anchor[0] != rowid:
                        store.add_pair(rowid, anchor[0], 0.9)
        except Exception as error:  # noqa: BLE001 - any failure is reported by the main thread
            errors.append(error)
        finally:
            store.close()

    def read() -> None:
        try:
            for _ in range(30):
                first.search(analysed("בית"), 10, 20_000)
        except Exception as error:  # noqa: BLE001 - as above
            errors.append(error)

    first.upsert(make("w0", ["בית"]))
    threads = [threading.Thread(target=write, args=(p,)) for p in ("x", "y")] + [threading.Thread(target=read)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert first.count() == 61
    groups = first.groups()
    assert list(groups) == [1] and len(groups[1]) == 61
    first.close()


def test_newest_first_is_read_from_an_index_in_that_order(store: PostgresStore) -> None:
    # by_date orders by NEWEST_FIRST; with sorting priced out, the plan walks articles_newest,
    # which it can only do when the index holds exactly that order
    for k, day in enumerate(["2024-01-02", None, "2024-01-03", "2023-12-31"]):
        store.upsert(make(f"a{k}", ["בית"], published=day))
    assert store.by_date(analysed("בית"), None) == [3, 1, 4, 2]
    with store.transaction() as db:
        db.execute("SET LOCAL enable_sort = off")
        plan = "\n".join(r[0] for r in db.execute(f"EXPLAIN SELECT rowid FROM articles ORDER BY {NEWEST_FIRST} LIMIT 2"))
    assert "articles_newest" in plan and "Sort" not in plan


def test_the_newest_matches_are_found_bucket_by_bucket_as_in_the_whole_store(store: PostgresStore,
                                                                             monkeypatch) -> None:  # fmt: skip
    """A word in every article finds its newest matches in the newest buckets of row ids (the
    index articles_search_by_bucket); a word the newest buckets lack widens them; a rare word is
    looked for in the whole store. Each gives the hits, scores and cut of looking in the whole
    store at once."""
    from iton.corpus.store import postgres

    store.upsert(make("first", ["בית", "עתיק"]))
    store.upsert(make("old", ["בית", "ירוק"]))
    store.upsert(make("new", ["בית", "גדול"]))
    with store.transaction() as db:  # 20,000 copies as SQL: storing each would take minutes
        columns = [row[0] for row in db.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'articles' "
            "AND column_name <> 'rowid' ORDER BY ordinal_position")]  # fmt: skip
        copied = ", ".join("a.id || '-' || g" if c == "id" else f"a.{c}" for c in columns)
        for template, copies in (("old", 12_000), ("new", 8_000)):
            db.execute(f"INSERT INTO articles ({', '.join(columns)}) SELECT {copied} FROM articles a "
                       "CROSS JOIN generate_series(1, %s) g WHERE a.id = %s ORDER BY g", [copies, template])  # fmt: skip
        db.execute("ANALYZE articles")
    scopes: list[bool] = []
    ranked_newest = PostgresStore._ranked_newest

    def spy(db, where, *rest):
        scopes.append(f"rowid / {postgres.SEARCH_BUCKET_ROWS}" in where)
        return ranked_newest(db, where, *rest)

    monkeypatch.setattr(PostgresStore, "_ranked_newest", staticmethod(spy))
    for word, expected_scopes, cut in (("בית", [True], True), ("ירוק", [True, True], True), ("עתיק", [False], False)):
        scopes.clear()
        by_bucket = store.search(analysed(word), 10, 2_000)
        assert scopes == expected_scopes, word
        with monkeypatch.context() as whole:
            whole.setattr(postgres, "SEARCH_BUCKET_ROWS", 10**12)  # one bucket: the whole store
            at_once = store.search(analysed(word), 10, 2_000)
        assert by_bucket == at_once and by_bucket.cut == cut and len(by_bucket.hits) == (10 if cut else 1), word


def test_a_round_of_buckets_with_too_few_matches_widens_by_what_it_found(store: PostgresStore, monkeypatch) -> None:
    """The newest buckets hold a word more sparsely than the planner expects: the next round
    reads as many buckets as the matches found say should hold the newest ones (with a margin),
    not just twice as many, and still gives the hits of looking in the whole store at once."""
    from iton.corpus.store import postgres

    store.upsert(make("old", ["בית", "ירוק"]))
    store.upsert(make("new", ["בית", "גדול"]))
    with store.transaction() as db:  # as SQL: storing each would take minutes
        columns = [row[0] for row in db.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'articles' "
            "AND column_name <> 'rowid' ORDER BY ordinal_position")]  # fmt: skip
        copied = ", ".join("a.id || '-' || g" if c == "id" else f"a.{c}" for c in columns)
        db.execute(f"INSERT INTO articles ({', '.join(columns)}) SELECT {copied} FROM generate_series(1, 20000) g "
                   "JOIN articles a ON a.id = CASE WHEN g <= 12000 OR g % 40 = 0 THEN 'old' ELSE 'new' END ORDER BY g")
        db.execute("ANALYZE articles")  # ירוק in 62% of the articles, but in one of 40 of the newest 8,000
    monkeypatch.setattr(postgres, "SEARCH_BUCKET_ROWS", 100)
    rounds: list[int] = []
    ranked_newest = PostgresStore._ranked_newest

    def spy(db, where, params, *rest):
        rounds.append(len(params[-1]) if "ANY(" in where else 0)
        return ranked_newest(db, where, params, *rest)

    monkeypatch.setattr(PostgresStore, "_ranked_newest", staticmethod(spy))
    by_bucket = store.search(analysed("ירוק"), 10, 200)
    assert len(rounds) == 2 and rounds[1] > 4 * rounds[0] > 0, rounds  # doubling would take four rounds more
    with monkeypatch.context() as whole:
        whole.setattr(postgres, "SEARCH_BUCKET_ROWS", 10**12)  # one bucket: the whole store
        at_once = store.search(analysed("ירוק"), 10, 200)
    assert by_bucket == at_once and by_bucket.cut and len(by_bucket.hits) == 10


def test_pooled_connections_keep_bitmaps_exact_and_do_not_compile(store: PostgresStore, postgres_url: str) -> None:
    """Every pooled connection has work_mem of at least SEARCH_WORK_MEM (a larger one, here set
    in the URL, is kept) and JIT off."""
    settings = "SELECT current_setting('jit'), pg_size_bytes(current_setting('work_mem'))"
    with store._connection() as db:
        assert db.execute(settings).fetchone() == ("off", 64 * 1024**2)
    larger = PostgresStore(postgres_url + ("&" if "?" in postgres_url else "?") + "options=-c%20work_mem%3D200MB")
    with larger._connection() as db:
        assert db.execute(settings).fetchone() == ("off", 200 * 1024**2)
    larger.close()

"""The PostgreSQL store: a connection pool, tsvector search under a GIN index, named migrations."""

from __future__ import annotations

import json
import math
import threading
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime

from iton.corpus.article import Article, Mention
from iton.corpus.query import Filters, Query
from iton.corpus.store import postgres_migrations
from iton.corpus.store.postgres_lemma_counts import (add_lemma_changes, articles_with_lemma, lemmas_of, note_lemma_changes,
                                                       vector_lemmas)
from iton.corpus.store.postgres_migrations import NEWEST_FIRST, SEARCH_BUCKET_ROWS
from iton.corpus.store.paths import shown_path
from iton.corpus.store.postgres_connection import check_connection, configure
from iton.corpus.store.protocol import Ranking, Store
from iton.corpus.store.rows import ARTICLE_COLUMNS, VERSION_QUERY, article_values, part_read, unpack_alternatives, unpack_spans
from iton.corpus.store.tsquery import (estimated_candidates, estimated_rows, index_vector, lemma_pairs, lone_lemma,
                                      search_where, to_tsquery)
from iton.errors import CorpusError, StoreVersionError
from iton.morph.lexicon import LexiconEntry

__all__ = ["MAX_RANKED_MATCHES", "RANK_WEIGHTS", "PostgresStore"]

# ts_rank's weights of the D, C, B, A lexemes: a match on a lemma (A) counts twice a match on a
# written form only (B) and five times a match on another probable reading (D), as BM25's
# column weights do on SQLite.
RANK_WEIGHTS = "{0.2, 0, 0.5, 1.0}"  # written into the SQL as a float4[] literal
# ts_rank's normalization 1: divide by 1 + log(length), so a long article does not win by length.
RANK_NORMALIZATION = 1
# Matches ranked at most, newest first: ts_rank reads each ranked article's vector (8 µs each
# with lz4 on the busy 2-core machine), so a word in most articles is ranked among its newest
# 2,000 (5,000 took 150 ms there) where SQLite's BM25 ranks 20,000 in ~25 ms. Rarer queries are
# ranked over all their matches on both.
MAX_RANKED_MATCHES = 2_000
# Connections the pool keeps at most: the web server's worker threads, plus one writer.
POOL_SIZE = 8
# Rows read per round trip when streaming the whole store (export, duplicate rebuilds).
STREAM_ROWS = 500
# Advisory lock keys (any constant bigint, "iton" in ASCII plus a number): writers take the first
# for the length of their transaction, so concurrent ingests link near-duplicates one at a time
# while readers go on from their snapshot; migrations take the second.
WRITE_LOCK = 0x69746F6E01
MIGRATE_LOCK = 0x69746F6E02

_TEXT_FIELDS = ("id", "outlet", "url", "title", "subtitle", "body", "published", "published_raw", "author",
                "source", "content_hash", "normalized")  # fmt: skip
# The columns after the rowid of a row's "whole" and "analysis" parts (see
# rows.ROW_PARTS): the analysis has the same columns as a whole row, the text, its written forms,
# spans and other readings empty.
_WHOLE = f"{ARTICLE_COLUMNS}, ingested_at, updated_at"
_ANALYSIS = (
    "id, outlet, url, title, subtitle, '' AS body, published, published_day, published_raw, author, source, "
    "source_line, input_normalized, content_hash, '' AS normalized, index_lemmas, '' AS index_forms, "
    "''::bytea AS spans, repeats, warnings, minhash, entities, meta, provenance, '' AS index_alternatives, "
    "NULL::bytea AS alternative_positions, ingested_at, updated_at"
)
_SELECT = f"SELECT rowid, {_WHOLE} FROM articles"
_COLUMNS = [name.strip() for name in ARTICLE_COLUMNS.split(",")]
# Insert or replace an article: its row id, whether it is new, and the lemmas of the vector it had.
_UPSERT = (f"WITH before AS (SELECT search FROM articles WHERE id = %s) INSERT INTO articles ({ARTICLE_COLUMNS}, "
           f"search, ingested_at, updated_at) VALUES ({', '.join(['%s'] * len(_COLUMNS))}, %s::tsvector, %s, %s) "
           f"ON CONFLICT (id) DO UPDATE SET {', '.join(f'{name} = EXCLUDED.{name}' for name in _COLUMNS)}, "
           f"search = EXCLUDED.search, updated_at = EXCLUDED.updated_at "
           f"RETURNING rowid, xmax = 0, (SELECT {lemmas_of('before.search')} FROM before)")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class PostgresStore:
    """The PostgreSQL store at a ``postgresql://`` URL; safe to share between threads (each call
    borrows a pooled connection) and between processes (writers serialize on an advisory lock).
    Opening it applies the migrations it lacks."""

    def __init__(self, url: str) -> None:
        try:
            from psycopg_pool import ConnectionPool
        except ImportError as error:
            raise CorpusError("the PostgreSQL store needs psycopg; pip install 'iton[postgres]'") from error
        self.url = url
        self.path = shown_path(url)
        check_connection(url, self.path)  # a clear reason at once, where the pool would retry and log
        self._local = threading.local()
        self.pool = ConnectionPool(url, min_size=1, max_size=POOL_SIZE, kwargs={"autocommit": True},
                                   configure=configure, open=True, name="iton")  # fmt: skip
        try:
            self.applied = self.migrate()
        except BaseException:
            self.pool.close()
            raise

    # -- connections and schema ----------------------------------------------------------------

    @contextmanager
    def _connection(self):
        """The connection of the transaction this thread is in, else one borrowed from the pool."""
        current = getattr(self._local, "connection", None)
        if current is not None:
            yield current
            return
        with self.pool.connection() as connection:
            yield connection

    def migrate(self) -> list[str]:
        """Apply the migrations not yet recorded, each in a transaction; returns their names.
        Two processes opening a new store at once apply them once (an advisory lock)."""
        applied = []
        with self.pool.connection() as db:
            db.execute("SELECT pg_advisory_lock(%s)", (MIGRATE_LOCK,))
            try:
                db.execute("CREATE TABLE IF NOT EXISTS migrations (name text PRIMARY KEY, applied_at text NOT NULL)")
                done = {row[0] for row in db.execute("SELECT name FROM migrations")}
                known = {name for name, _ in postgres_migrations.MIGRATIONS}
                if done - known:
                    raise StoreVersionError(self.path, sorted(done - known))
                for name, sql in postgres_migrations.MIGRATIONS:
                    if name in done:
                        continue
                    with db.transaction():
                        db.execute(sql)
                        db.execute("INSERT INTO migrations (name, applied_at) VALUES (%s, %s)", (name, _now()))
                    applied.append(name)
            finally:
                db.execute("SELECT pg_advisory_unlock(%s)", (MIGRATE_LOCK,))
        return applied

    def migrations(self) -> list[str]:
        """Names of the migrations applied to this store, in order."""
        with self._connection() as db:
            return [row[0] for row in db.execute("SELECT name FROM migrations ORDER BY name")]

    @contextmanager
    def transaction(self):
        """One write transaction: everything inside commits together or not at all. Writers (in
        any process) take turns; readers keep reading the last committed state meanwhile."""
        if getattr(self._local, "connection", None) is not None:  # nested: the outer one decides
            yield self._local.connection
            return
        with self.pool.connection() as connection:
            self._local.connection = connection
            self._local.lemma_changes = Counter()
            try:
                with connection.transaction():
                    connection.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
                    yield connection
                    add_lemma_changes(connection, self._local.lemma_changes)
            finally:
                self._local.connection = None

    # -- articles ------------------------------------------------------------------------------

    def states(self, ids: Sequence[str]) -> dict[str, tuple[int, str]]:
        """``{id: (rowid, content_hash)}`` of the ids already stored."""
        with self._connection() as db:
            rows = db.execute("SELECT rowid, id, content_hash FROM articles WHERE id = ANY(%s)", (list(ids),))
            return {row[1]: (row[0], row[2]) for row in rows}

    def upsert(self, article: Article) -> tuple[int, bool]:
        """Insert the article, or update the one with its id; returns ``(rowid, added)``."""
        for name in _TEXT_FIELDS:
            value = getattr(article, name)
            if value is not None and "\x00" in value:
                raise CorpusError(f"article {article.id!r}: its {name} holds NUL characters, which PostgreSQL "
                                  "cannot store; remove them from the source")  # fmt: skip
        now = _now()
        with self.transaction() as db:
            row = db.execute(_UPSERT, (article.id, *article_values(article),
                                       index_vector(article.lemmas, article.forms, article.alternatives), now, now)).fetchone()  # fmt: skip
            note_lemma_changes(self._local.lemma_changes, row[2], vector_lemmas(article.lemmas))  # added at the end
        return row[0], row[1]

    def get(self, article_id: str) -> Article | None:
        """The article with this id, or None."""
        with self._connection() as db:
            row = db.execute(f"{_SELECT} WHERE id = %s", (article_id,)).fetchone()
        return _article(row) if row else None

    def get_rows(self, rowids: Sequence[int], part: str = "whole") -> dict[int, Article]:
        """``{rowid: article}`` of the given row ids that exist (``part``: see the protocol)."""
        columns, build, _ = part_read(part, _WHOLE, _ANALYSIS, _article)
        with self._connection() as db:
            rows = db.execute(f"SELECT rowid, {columns} FROM articles WHERE rowid = ANY(%s)", (list(rowids),)).fetchall()
        return {row[0]: build(row) for row in rows}

    def count(self) -> int:
        """The number of stored articles."""
        with self._connection() as db:
            return db.execute("SELECT count(*) FROM articles").fetchone()[0]

    def version(self) -> tuple:
        """A value that changes whenever an article is added, changed or removed (caches compare it)."""
        with self._connection() as db:
            return tuple(db.execute(VERSION_QUERY).fetchone())

    def iter_articles(self, part: str = "whole") -> Iterator[Article]:
        """Every article in insertion order, streamed (never all in memory); ``part``: see the protocol."""
        columns, build, _ = part_read(part, _WHOLE, _ANALYSIS, _article)
        last = 0
        while True:
            with self._connection() as db:
                rows = db.execute(f"SELECT rowid, {columns} FROM articles WHERE rowid > %s ORDER BY rowid LIMIT %s",
                                  (last, STREAM_ROWS)).fetchall()  # fmt: skip
            if not rows:
                return
            yield from map(build, rows)
            last = rows[-1][0]

    # -- search --------------------------------------------------------------------------------

    def compiled(self, query: Query) -> str | None:
        """The tsquery of ``query`` (for --explain) and its phrases' lemma pairs; None where nothing searchable is left."""
        expression, pairs = to_tsquery(query.tree), lemma_pairs(query.tree)
        return f"{expression}, among the articles holding the lemma pairs {pairs}" if expression and pairs else expression

    def iter_matches(self, query: Query) -> Iterator[Article]:
        """Every article matching ``query`` in insertion order, streamed STREAM_ROWS at a time."""
        expression = to_tsquery(query.tree)
        if expression is None:
            return
        where, params = search_where(query.tree, query.filters)
        last = 0
        while True:
            with self._connection() as db:
                rows = db.execute(f"{_SELECT} WHERE {where} AND rowid > %s ORDER BY rowid LIMIT %s",
                                  [*params, last, STREAM_ROWS], prepare=False).fetchall()  # fmt: skip
            if not rows:
                return
            yield from map(_article, rows)
            last = rows[-1][0]

    def search(self, query: Query, limit: int, newest: int, offset: int = 0) -> Ranking:
        """The ``limit`` matches after the best ``offset`` of ``query`` by ts_rank (lemmas weigh twice written forms),
        ranked among its newest ``newest`` matches, at most MAX_RANKED_MATCHES; only they are ranked.
        The newest matches are looked for in the newest buckets of row ids first (the index
        articles_search_by_bucket): twice as many as should hold them at the planner's estimate
        of the query's share, then, while they do not, 1.5 times as many as the matches found say
        should (at least twice as many), until the whole store is searched."""
        expression = to_tsquery(query.tree)
        if expression is None:
            return Ranking([])
        ranked = min(newest, MAX_RANKED_MATCHES)
        where, params = search_where(query.tree, query.filters)
        with self._connection() as db:
            total, top = db.execute("SELECT (SELECT reltuples FROM pg_class WHERE oid = 'articles'::regclass), "
                                    "(SELECT max(rowid) FROM articles)").fetchone()  # fmt: skip
            matches = (estimated_candidates(db, query.tree, query.filters) if lemma_pairs(query.tree)
                       else estimated_rows(db, where, params))  # fmt: skip
            last = (top or 0) // SEARCH_BUCKET_ROWS
            buckets = math.ceil(2 * (ranked + 1) * max(total, 1) / max(matches, 1) / SEARCH_BUCKET_ROWS)
            while True:
                if buckets <= last:
                    # "rowid + 0" hides the order of the primary key: the buckets come from the index
                    scope, scoped = f" AND (rowid / {SEARCH_BUCKET_ROWS}) = ANY(%s::bigint[])", [
                        list(range(last, last - buckets, -1))]  # fmt: skip
                    order = "rowid + 0"
                else:
                    scope, scoped = "", []
                    order = self._newest_order(db, expression, query, ranked, total, matches)
                rows = self._ranked_newest(db, where + scope, [*params, *scoped], order, expression, ranked, limit, offset, not scope)
                if not scope or rows[0][0] > ranked:
                    break
                buckets = max(2 * buckets, rows[0][0] and math.ceil(1.5 * buckets * (ranked + 1) / rows[0][0]))
        cut = bool(rows) and rows[0][0] > ranked
        hits: list[tuple[int, float | None]] = [(r[2], float(r[3])) for r in rows if r[2] is not None]
        return Ranking(hits, cut=cut, among=ranked, cutoff=rows[0][1] if cut else 0)

    @staticmethod
    def _newest_order(db, expression: str, query: Query, ranked: int, total: float, matches: float) -> str:
        """How to find a query's newest matches in the whole store: walking row ids newest first
        reads about ranked / share rows (and each one's vector) before it has them; the index
        reads every candidate. The path that reads fewer, by the planner's estimates (PostgreSQL's
        own choice prefers the walk far too often, as it does not count reading each row's vector:
        a word in 9% of 100,000 articles took 300 ms walking and 150 ms through the index)."""
        # the indexes hand over every article holding the words (or a phrase's pairs: what search
        # took as its matches already); phrases are then checked row by row
        ordered = "<" in expression and not lemma_pairs(query.tree)
        candidates = estimated_candidates(db, query.tree, query.filters) if ordered else matches
        # "rowid + 0" hides the order of the primary key, so the planner uses the GIN index
        return "rowid" if ranked * max(total, 1) / max(matches, 1) < candidates else "rowid + 0"

    @staticmethod
    def _ranked_newest(db, where: str, params: list[object], order: str, expression: str, ranked: int, limit: int,
                       offset: int, whole: bool) -> list[tuple]:  # fmt: skip
        """``(matches, lowest rowid, rowid, score)`` rows: how many of the newest ``ranked + 1`` matches of ``where``
        there are and the lowest of their row ids (on every row), then the page of the newest ``ranked`` by
        ts_rank; in some buckets only (not ``whole``), only if they hold more (else the search widens them)."""
        return db.execute(
            f"WITH newest AS MATERIALIZED (SELECT rowid FROM articles WHERE {where} ORDER BY {order} DESC LIMIT %s), "
            "stats AS (SELECT count(*) AS n, min(rowid) AS low FROM newest), "
            f"page AS (SELECT a.rowid, ts_rank('{RANK_WEIGHTS}', a.search, %s::tsquery, {RANK_NORMALIZATION}) "
            "AS score FROM articles a JOIN (SELECT rowid FROM newest ORDER BY rowid DESC LIMIT %s) ranked "
            "USING (rowid) WHERE %s OR (SELECT n FROM stats) > %s ORDER BY score DESC, a.rowid LIMIT %s OFFSET %s) "
            "SELECT stats.n, stats.low, page.rowid, page.score FROM stats LEFT JOIN page ON true "
            "ORDER BY page.score DESC, page.rowid",
            [*params, ranked + 1, expression, ranked, whole, ranked, limit, offset], prepare=False,
        ).fetchall()

    def count_matches(self, query: Query, at_most: int | None = None) -> int:
        """How many articles match ``query`` and its filters (all of them, nothing cut); with ``at_most``, up to it."""
        expression = to_tsquery(query.tree)
        if expression is None:
            return 0
        lemma = lone_lemma(expression) if query.filters == Filters() else None
        if lemma is not None:  # kept by upsert, not counted through the index
            with self._connection() as db:
                held = articles_with_lemma(db, lemma)
            return held if at_most is None else min(held, at_most)
        where, params = search_where(query.tree, query.filters)
        sql = f"SELECT count(*) FROM articles WHERE {where}"  # may run in parallel workers; under a LIMIT not
        if at_most is not None:
            sql, params = f"SELECT count(*) FROM (SELECT FROM articles WHERE {where} LIMIT %s) m", [*params, at_most]
        with self._connection() as db:
            return db.execute(sql, params, prepare=False).fetchone()[0]

    def by_date(self, query: Query, limit: int | None, offset: int = 0, up_to: int = 0) -> list[int]:
        """Rowids of the ``limit`` matches (None: all) after the first ``offset``, newest first
        (publication day, then the latest ingested; undated last; days compared byte by byte, as
        SQLite does: NEWEST_FIRST, an order its index holds); ``up_to``: only rowids up to it."""
        expression = to_tsquery(query.tree)
        if expression is None:
            return []
        where, params = search_where(query.tree, query.filters)
        if up_to:
            where += " AND rowid <= %s"
            params.append(up_to)
        with self._connection() as db:
            rows = db.execute(f"SELECT rowid FROM articles WHERE {where} ORDER BY {NEWEST_FIRST} LIMIT %s OFFSET %s",
                              [*params, limit, offset], prepare=False).fetchall()  # fmt: skip
        return [row[0] for row in rows]

    def outlets(self) -> list[str]:
        """The distinct outlet names of the stored articles, sorted."""
        with self._connection() as db:
            rows = db.execute("SELECT DISTINCT outlet FROM articles WHERE outlet IS NOT NULL").fetchall()
        return sorted(row[0] for row in rows)

    # -- the user lexicon ----------------------------------------------------------------------

    def lexicon(self) -> list[LexiconEntry]:
        """Every entry of the corpus's lexicon, by form."""
        with self._connection() as db:
            rows = db.execute("SELECT form, lemma, upos FROM lexicon ORDER BY form COLLATE \"C\"").fetchall()
        return [LexiconEntry(row[0], row[1], row[2]) for row in rows]

    def put_lexicon(self, entries: Iterable[LexiconEntry]) -> None:
        """Add the entries, each replacing the one with its form."""
        now = _now()
        with self.transaction() as db, db.cursor() as cursor:
            cursor.executemany("INSERT INTO lexicon (form, lemma, upos, added_at) VALUES (%s, %s, %s, %s) "
                               "ON CONFLICT (form) DO UPDATE SET lemma = EXCLUDED.lemma, upos = EXCLUDED.upos, "
                               "added_at = EXCLUDED.added_at", [(e.form, e.lemma, e.upos, now) for e in entries])

    def remove_lexicon(self, forms: Sequence[str]) -> list[str]:
        """Drop the entries of ``forms``; returns the forms that were there."""
        with self.transaction() as db:
            rows = db.execute("DELETE FROM lexicon WHERE form = ANY(%s) RETURNING form", (list(forms),)).fetchall()
        return sorted(row[0] for row in rows)

    # -- near-duplicates -----------------------------------------------------------------------

    def add_bands(self, rows: Iterable[tuple[int, int, int]]) -> None:
        """Insert ``(band, key, article)`` rows (a rebuild writes them all at once)."""
        with self.transaction() as db, db.cursor().copy("COPY minhash_bands (band, key, article) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)

    def has_bands_below(self, band: int) -> bool:
        """Whether any LSH band key has a band number under ``band`` (written by an older scheme)."""
        with self._connection() as db:
            return bool(db.execute("SELECT EXISTS(SELECT 1 FROM minhash_bands WHERE band < %s)", (band,)).fetchone()[0])

    def add_article_bands(self, rowid: int, keys: Sequence[tuple[int, int]], limit: int) -> list[int]:
        """Record ``rowid``'s LSH band keys and return the articles sharing one, most shared first, in
        one statement (blind to the rows it inserts), planned at each call: a plan prepared on small
        tables scans them whole as they grow, until first analysed (42-45 server CPU-s an ingest, not 13-17)."""
        with self.transaction() as db:
            rows = db.execute(
                "WITH keys AS (SELECT * FROM unnest(%b::integer[], %b::bigint[]) AS k(band, key)), "  # binary: no quoting
                "added AS (INSERT INTO minhash_bands (band, key, article) SELECT band, key, %s FROM keys) "
                "SELECT m.article, count(*) AS shared FROM keys JOIN minhash_bands m USING (band, key) "
                "WHERE m.article != %s GROUP BY m.article ORDER BY shared DESC, m.article LIMIT %s",
                ([band for band, _ in keys], [key for _, key in keys], rowid, rowid, limit), prepare=False,
            ).fetchall()
        return [row[0] for row in rows]

    def signatures(self, rowids: Sequence[int]) -> dict[int, bytes]:
        """``{rowid: MinHash signature}`` of the given rows that have one (planned at each call: add_article_bands)."""
        with self._connection() as db:
            rows = db.execute("SELECT rowid, minhash FROM articles WHERE rowid = ANY(%s) AND minhash IS NOT NULL",
                              (list(rowids),), prepare=False).fetchall()  # fmt: skip
        return {row[0]: bytes(row[1]) for row in rows}

    def iter_signatures(self) -> Iterator[tuple[int, bytes]]:
        """``(rowid, signature)`` of every article that has one, in rowid order, streamed."""
        last = 0
        while True:
            with self._connection() as db:
                rows = db.execute("SELECT rowid, minhash FROM articles WHERE rowid > %s AND minhash IS NOT NULL "
                                  "ORDER BY rowid LIMIT %s", (last, STREAM_ROWS * 10)).fetchall()  # fmt: skip
            if not rows:
                return
            yield from ((row[0], bytes(row[1])) for row in rows)
            last = rows[-1][0]

    def forget_duplicates(self, rowid: int) -> None:
        """Drop the band keys and pairs of an article that changed and regroup the rest of its former group."""
        with self.transaction() as db:
            root = self._root(db, rowid)
            db.execute("DELETE FROM minhash_bands WHERE article = %s", (rowid,))
            db.execute("DELETE FROM duplicate_pairs WHERE article = %s OR other = %s", (rowid, rowid))
            if root is None:
                return
            members = [r[0] for r in db.execute("SELECT article FROM duplicate_groups WHERE root = %s", (root,))]
            db.execute("DELETE FROM duplicate_groups WHERE root = %s", (root,))
            for member in members:
                for a, b, _ in self.pairs_of(member):
                    self._link(db, a, b)

    def pairs_of(self, rowid: int) -> list[tuple[int, int, float]]:
        """Near-duplicate pairs ``(article, other, similarity)`` that include ``rowid``."""
        with self._connection() as db:
            rows = db.execute("SELECT article, other, similarity FROM duplicate_pairs WHERE article = %s OR other = %s",
                              (rowid, rowid)).fetchall()  # fmt: skip
        return [tuple(row) for row in rows]

    def add_pair(self, article: int, other: int, similarity: float) -> None:
        """Record a near-duplicate pair and put both articles in one group."""
        a, b = max(article, other), min(article, other)
        with self.transaction() as db:
            db.execute("INSERT INTO duplicate_pairs (article, other, similarity) VALUES (%s, %s, %s) "
                       "ON CONFLICT (article, other) DO UPDATE SET similarity = EXCLUDED.similarity", (a, b, similarity))
            self._link(db, a, b)

    @staticmethod
    def _root(db, rowid: int) -> int | None:
        row = db.execute("SELECT root FROM duplicate_groups WHERE article = %s", (rowid,)).fetchone()
        return row[0] if row else None

    def _link(self, db, a: int, b: int) -> None:
        """Put ``a`` and ``b`` in one group; the group's root is its oldest member (lowest rowid)."""
        roots = {r for r in (self._root(db, a), self._root(db, b)) if r is not None}
        new_root = min(roots | {a, b})
        for old in roots - {new_root}:
            db.execute("UPDATE duplicate_groups SET root = %s WHERE root = %s", (new_root, old))
        for node in {a, b, new_root}:
            db.execute("INSERT INTO duplicate_groups (article, root) VALUES (%s, %s) "
                       "ON CONFLICT (article) DO UPDATE SET root = EXCLUDED.root", (node, new_root))  # fmt: skip

    def roots(self, rowids: Sequence[int]) -> dict[int, int]:
        """``{rowid: root}`` of the given rows that are in a group."""
        with self._connection() as db:
            rows = db.execute("SELECT article, root FROM duplicate_groups WHERE article = ANY(%s)", (list(rowids),))
            return {row[0]: row[1] for row in rows}

    def groups(self) -> dict[int, list[int]]:
        """``{root: [members]}`` of every near-duplicate group, members in rowid order."""
        groups: dict[int, list[int]] = {}
        with self._connection() as db:
            for article, root in db.execute("SELECT article, root FROM duplicate_groups ORDER BY root, article"):
                groups.setdefault(root, []).append(article)
        return groups

    def clear_duplicates(self) -> None:
        """Drop every band key, pair and group (before a rebuild)."""
        with self.transaction() as db:
            db.execute("TRUNCATE minhash_bands, duplicate_pairs, duplicate_groups")

    def close(self) -> None:
        """Close the pool's connections."""
        self.pool.close()


def _article(row) -> Article:
    (rowid, id_, outlet, url, title, subtitle, body, published, _, published_raw, author, source, source_line,
     input_normalized, content_hash, normalized, lemmas, forms, spans, repeats, warnings, minhash, entities,
     meta, provenance, alternatives, positions, ingested_at, updated_at) = row  # fmt: skip
    return Article(
        id=id_, body=body, outlet=outlet, url=url, title=title, subtitle=subtitle, published=published,
        published_raw=published_raw, author=author, source=source, line=source_line,
        input_normalized=input_normalized, content_hash=content_hash, normalized=normalized,
        lemmas=lemmas.split(" ") if lemmas else [], forms=forms.split(" ") if forms else [],
        spans=unpack_spans(bytes(spans)), alternatives=unpack_alternatives(alternatives, positions),
        repeats=json.loads(repeats), warnings=json.loads(warnings),
        entities=None if entities is None else [Mention(**m) for m in json.loads(entities)],
        minhash=None if minhash is None else bytes(minhash),
        meta=json.loads(meta) if meta else {}, provenance=json.loads(provenance) if provenance else {},
        ingested_at=ingested_at, updated_at=updated_at, rowid=rowid,
    )  # fmt: skip


def _type_check(store: PostgresStore) -> Store:
    return store  # a type checker (mypy) fails here when PostgresStore drifts from the protocol

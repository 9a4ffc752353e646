"""The SQLite store: one file, FTS5 with BM25 for search, named migrations for the schema."""

from __future__ import annotations

import json
import sqlite3
import sys
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime

from iton.corpus.article import Article, Mention
from iton.corpus.query import Filters, Query
from iton.corpus.store import migrations
from iton.corpus.store.fts import ranks, to_fts
from iton.corpus.store.protocol import Ranking, Store
from iton.corpus.store.rows import (
    ARTICLE_COLUMNS,
    VERSION_QUERY,
    article_values,
    part_read,
    unpack_alternatives,
    unpack_spans,
)
from iton.errors import CorpusError, StoreVersionError
from iton.morph.lexicon import LexiconEntry

__all__ = ["BM25_WEIGHTS", "SQLiteStore"]

# Column weights of BM25: a match on the lemma counts twice a match on the written form only
# (the written-form column is searched for exact-form terms and as a fallback for query words
# whose lemma the analyser got wrong), and a match on another probable reading of a word (its
# alternatives) a fifth of it: it finds a word whose best reading is wrong, below the articles
# where the reading is the best one.
BM25_WEIGHTS = (1.0, 0.5, 0.2)
_BM25 = f"bm25(article_fts, {', '.join(str(w) for w in BM25_WEIGHTS)})"
# Matches past which a search newest first walks the publication-day index (which holds the day
# and the rowid) and keeps the matches, instead of reading each match's row to sort them: a row
# holds the article's body before its day, so reading the day reads the whole article (92,000
# matches of 100,000 articles: 0.37 s through the index, 0.81 s through the rows; a walk of the
# index costs about 0.1 s at 100,000 articles, which a query of 2,000 matches spends either way).
DAY_INDEX_MATCHES = 2_000
# Rows read per round trip when streaming the whole store (export, duplicate rebuilds).
STREAM_ROWS = 500
# Ids looked up per query: SQLite before 3.32 allows at most 999 bound parameters.
LOOKUP_CHUNK = 500
# How long a writer waits for another connection's write to finish (an ingest beside a
# running server) before giving up with "database is locked".
BUSY_TIMEOUT_SECONDS = 30.0


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class SQLiteStore:
    """The SQLite store: one file (or ``:memory:``), WAL journal, FTS5 index kept by triggers.

    >>> store = SQLiteStore(":memory:")
    >>> store.count()
    0
    """

    def __init__(self, path: str = ":memory:") -> None:
        self.path = str(path)
        try:
            self.connection = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False,
                                              timeout=BUSY_TIMEOUT_SECONDS)
        except sqlite3.Error as error:  # a missing folder, no permission
            raise CorpusError(f"{self.path}: cannot open the store ({error}); give a writable path (--db FILE)") from error
        self.connection.row_factory = sqlite3.Row
        try:
            self.connection.execute("PRAGMA foreign_keys = ON")
            if self.path != ":memory:":  # the first statements that read the file
                self.connection.execute("PRAGMA journal_mode = WAL")
                self.connection.execute("PRAGMA synchronous = NORMAL")
        except sqlite3.DatabaseError as error:  # not a SQLite file, or one that cannot be written
            self.connection.close()
            raise CorpusError(f"{self.path}: cannot open the store ({error}); give the path of a corpus "
                              "made by `iton ingest`, or a new file name") from error
        try:
            self.applied = self.migrate()  # what this opening applied (iton migrate lists it)
        except BaseException:
            self.connection.close()
            raise

    # -- schema --------------------------------------------------------------------------------

    def migrate(self) -> list[str]:
        """Apply the migrations not yet recorded, each in a transaction; returns their names."""
        db = self.connection
        db.execute("CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
        done = {row[0] for row in db.execute("SELECT name FROM migrations")}
        known = {name for name, _ in migrations.MIGRATIONS}
        if done - known:
            raise StoreVersionError(self.path, sorted(done - known))
        applied = []
        for name, sql in migrations.MIGRATIONS:
            if name in done:
                continue
            with self.transaction():
                for statement in migrations.statements(sql):
                    db.execute(statement)
                db.execute("INSERT INTO migrations (name, applied_at) VALUES (?, ?)", (name, _now()))
            applied.append(name)
        return applied

    def migrations(self) -> list[str]:
        """Names of the migrations applied to this store, in order."""
        return [row[0] for row in self.connection.execute("SELECT name FROM migrations ORDER BY name")]

    @contextmanager
    def transaction(self):
        """One write transaction: everything inside commits together or not at all."""
        db = self.connection
        if db.in_transaction:  # nested: the outer transaction decides
            yield db
            return
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    # -- articles ------------------------------------------------------------------------------

    def states(self, ids: Sequence[str]) -> dict[str, tuple[int, str]]:
        """``{id: (rowid, content_hash)}`` of the ids already stored."""
        rows = self._rows_in("SELECT rowid, id, content_hash FROM articles WHERE id IN", ids)
        return {row["id"]: (row["rowid"], row["content_hash"]) for row in rows}

    def upsert(self, article: Article) -> tuple[int, bool]:
        """Insert the article, or update the one with its id; returns ``(rowid, added)``."""
        values = article_values(article)
        now = _now()
        db = self.connection
        row = db.execute("SELECT rowid FROM articles WHERE id = ?", (article.id,)).fetchone()
        if row is None:
            cursor = db.execute(
                f"INSERT INTO articles ({ARTICLE_COLUMNS}, ingested_at, updated_at) "
                f"VALUES ({','.join('?' * len(values))}, ?, ?)",
                (*values, now, now),
            )
            return int(cursor.lastrowid or 0), True
        assignments = ", ".join(f"{name.strip()} = ?" for name in ARTICLE_COLUMNS.split(","))
        db.execute(f"UPDATE articles SET {assignments}, updated_at = ? WHERE rowid = ?", (*values, now, row[0]))
        return row[0], False

    def get(self, article_id: str) -> Article | None:
        """The article with this id, or None."""
        row = self.connection.execute("SELECT rowid, * FROM articles WHERE id = ?", (article_id,)).fetchone()
        return _article(row) if row else None

    def _rows_in(self, sql: str, keys: Sequence[int] | Sequence[str], plain: bool = False) -> Iterator[sqlite3.Row]:
        """Rows of ``sql`` (which ends in ``IN``) for ``keys``, asked LOOKUP_CHUNK keys at a time;
        ``plain``: as tuples, read by position (cheaper than named rows where there are many)."""
        cursor = self.connection.cursor()
        if plain:
            cursor.row_factory = None
        for start in range(0, len(keys), LOOKUP_CHUNK):
            chunk = list(keys[start : start + LOOKUP_CHUNK])
            yield from cursor.execute(f"{sql} ({','.join('?' * len(chunk))})", chunk)

    def get_rows(self, rowids: Sequence[int], part: str = "whole") -> dict[int, Article]:
        """``{rowid: article}`` of the given row ids that exist (``part``: see the protocol)."""
        columns, build, plain = part_read(part, "*", _ANALYSIS_COLUMNS, _article)
        rows = self._rows_in(f"SELECT rowid, {columns} FROM articles WHERE rowid IN", rowids, plain=plain)
        return {row[0]: build(row) for row in rows}

    def count(self) -> int:
        """The number of stored articles."""
        return self.connection.execute("SELECT count(*) FROM articles").fetchone()[0]

    def version(self) -> tuple:
        """A value that changes whenever an article is added, changed or removed (caches compare it)."""
        return tuple(self.connection.execute(VERSION_QUERY).fetchone())

    def iter_articles(self, part: str = "whole") -> Iterator[Article]:
        """Every article in insertion order, streamed (never all in memory); ``part``: see the protocol."""
        columns, build, plain = part_read(part, "*", _ANALYSIS_COLUMNS, _article)
        cursor = self.connection.cursor()
        if plain:
            cursor.row_factory = None
        last = 0
        while True:
            rows = cursor.execute(
                f"SELECT rowid, {columns} FROM articles WHERE rowid > ? ORDER BY rowid LIMIT ?", (last, STREAM_ROWS)
            ).fetchall()
            if not rows:
                return
            yield from map(build, rows)
            last = rows[-1][0]

    def iter_matches(self, query: Query) -> Iterator[Article]:
        """Every article matching ``query`` in insertion order, streamed STREAM_ROWS at a time."""
        expression = to_fts(query.tree)
        if expression is None:
            return
        _, where, params = self._where(expression, query.filters)
        last = 0
        while True:
            rows = self.connection.execute(
                f"SELECT a.rowid, a.* FROM article_fts f JOIN articles a ON a.rowid = f.rowid "
                f"WHERE {' AND '.join(where)} AND f.rowid > ? ORDER BY f.rowid LIMIT ?",
                [*params, last, STREAM_ROWS],
            ).fetchall()
            if not rows:
                return
            yield from map(_article, rows)
            last = rows[-1]["rowid"]

    # -- search --------------------------------------------------------------------------------

    def compiled(self, query: Query) -> str | None:
        """The FTS5 expression of ``query`` (for --explain); None where nothing searchable is left."""
        return to_fts(query.tree)

    def search(self, query: Query, limit: int, newest: int, offset: int = 0) -> Ranking:
        """The ``limit`` matches of ``query`` after the best ``offset`` by BM25 (sign flipped: higher
        is better), ranked among its newest ``newest`` matches. Phrases in COMMON_SHARE of the
        articles or more do not rank (fts.ranks); matches ranked by none of the other phrases
        follow, newest first, unscored (None), as do all when no phrase is left to rank."""
        expression = to_fts(query.tree)
        if expression is None:
            return Ranking([])
        join, where, params = self._where(expression, query.filters)
        ranking = to_fts(query.tree, ranked=ranks(self.connection))
        if ranking == expression:  # one walk newest first scores the matches and finds the cut
            rows = self.connection.execute(
                f"WITH newest(hit, score) AS MATERIALIZED (SELECT f.rowid, {_BM25} FROM article_fts f {join} "
                f"WHERE {' AND '.join(where)} ORDER BY f.rowid DESC LIMIT ?), "
                "edge(cutoff) AS MATERIALIZED (SELECT CASE WHEN count(*) > ? THEN min(hit) ELSE 0 END FROM newest), "
                "page(hit, score) AS (SELECT * FROM newest WHERE hit > (SELECT cutoff FROM edge) "
                "ORDER BY score, hit LIMIT ? OFFSET ?) "  # ties oldest first
                "SELECT edge.cutoff, page.hit, page.score FROM edge LEFT JOIN page ON true ORDER BY page.score, page.hit",
                [*params, newest + 1, newest, limit, offset]).fetchall()  # fmt: skip
            cutoff = rows[0][0]
            hits: list[tuple[int, float | None]] = [(r[1], -r[2]) for r in rows if r[1] is not None]
            return Ranking(hits, cut=bool(cutoff), among=newest, cutoff=cutoff)
        # else the cut first, found by walking rowids newest first without scoring, which is cheap
        row = self.connection.execute(
            f"SELECT f.rowid FROM article_fts f {join} WHERE {' AND '.join(where)} "
            "ORDER BY f.rowid DESC LIMIT 1 OFFSET ?", [*params, newest]).fetchone()  # fmt: skip
        cutoff = row[0] if row else 0
        if cutoff:
            where.append("f.rowid > ?")
            params.append(cutoff)
        condition = " AND ".join(where)
        if ranking is None:  # FTS5 walks rowids newest first itself, and stops at the page
            sql = f"SELECT f.rowid, NULL FROM article_fts f {join} WHERE {condition} ORDER BY f.rowid DESC LIMIT ? OFFSET ?"
        else:  # unscored matches last, newest first
            sql = (f"WITH matches(hit) AS MATERIALIZED (SELECT f.rowid FROM article_fts f {join} WHERE {condition}), "
                   f"scored(scored, score) AS MATERIALIZED (SELECT rowid, {_BM25} FROM article_fts "
                   "WHERE article_fts MATCH ? AND rowid > ? AND +rowid IN matches) "  # +: no seek per rowid
                   "SELECT m.hit, s.score FROM matches m LEFT JOIN scored s ON s.scored = m.hit "
                   "ORDER BY score IS NULL, score, CASE WHEN score IS NULL THEN -hit ELSE hit END LIMIT ? OFFSET ?")
            params += [ranking, cutoff]
        hits = [(r[0], None if r[1] is None else -r[1]) for r in self.connection.execute(sql, [*params, limit, offset])]
        return Ranking(hits, cut=bool(cutoff), among=newest, cutoff=cutoff)

    def count_matches(self, query: Query, at_most: int | None = None) -> int:
        """How many articles match ``query`` and its filters (all of them, nothing cut); with
        ``at_most``, counting stops there."""
        expression = to_fts(query.tree)
        if expression is None:
            return 0
        join, where, params = self._where(expression, query.filters)
        sql = f"SELECT 1 FROM article_fts f {join} WHERE {' AND '.join(where)} LIMIT ?"
        return self.connection.execute(f"SELECT count(*) FROM ({sql})", [*params, at_most or -1]).fetchone()[0]

    def by_date(self, query: Query, limit: int | None, offset: int = 0, up_to: int = 0) -> list[int]:
        """Rowids of the ``limit`` matches (None: all) after the first ``offset``, newest first
        (publication day, then the latest ingested; undated last); ``up_to``: only rowids up to it.
        Past DAY_INDEX_MATCHES matches the day index is read in order instead of each match's row."""
        expression = to_fts(query.tree)
        if expression is None:
            return []
        _, where, params = self._where(expression, query.filters)
        if up_to:
            where.append("a.rowid <= ?")
            params.append(up_to)
        many = self.connection.execute("SELECT rowid FROM article_fts WHERE article_fts MATCH ? LIMIT 1 OFFSET ?",
                                       (expression, DAY_INDEX_MATCHES)).fetchone()  # fmt: skip
        if many:
            where[0] = "a.rowid IN (SELECT rowid FROM article_fts WHERE article_fts MATCH ?)"
            source = "articles a INDEXED BY articles_day"
        else:
            source = "article_fts f JOIN articles a ON a.rowid = f.rowid"
        rows = self.connection.execute(
            f"SELECT a.rowid FROM {source} WHERE {' AND '.join(where)} "
            "ORDER BY a.published_day DESC, a.rowid DESC LIMIT ? OFFSET ?",
            [*params, -1 if limit is None else limit, offset])  # fmt: skip
        return [row[0] for row in rows]

    def outlets(self) -> list[str]:
        """The distinct outlet names of the stored articles, sorted."""
        rows = self.connection.execute("SELECT DISTINCT outlet FROM articles WHERE outlet IS NOT NULL ORDER BY outlet")
        return [row[0] for row in rows]

    @staticmethod
    def _where(expression: str, filters: Filters) -> tuple[str, list[str], list[object]]:
        where = ["article_fts MATCH ?"]
        params: list[object] = [expression]
        if filters.outlets:
            where.append(f"a.outlet IN ({','.join('?' * len(filters.outlets))})")
            params.extend(filters.outlets)
        if filters.period.start:
            where.append("a.published_day >= ?")
            params.append(filters.period.start.isoformat())
        if filters.period.end:
            where.append("a.published_day <= ?")
            params.append(filters.period.end.isoformat())
        for name in filters.entities:
            where.append("EXISTS (SELECT 1 FROM json_each(a.entities) m WHERE ? IN (json_extract(m.value, '$.canonical'), "
                         "json_extract(m.value, '$.lemma'), json_extract(m.value, '$.text')))")
            params.append(name)
        join = "JOIN articles a ON a.rowid = f.rowid" if len(where) > 1 else ""
        return join, where, params

    # -- the user lexicon ----------------------------------------------------------------------

    def lexicon(self) -> list[LexiconEntry]:
        """Every entry of the corpus's lexicon, by form."""
        rows = self.connection.execute("SELECT form, lemma, upos FROM lexicon ORDER BY form")
        return [LexiconEntry(row[0], row[1], row[2]) for row in rows]

    def put_lexicon(self, entries: Iterable[LexiconEntry]) -> None:
        """Add the entries, each replacing the one with its form."""
        now = _now()
        with self.transaction() as db:
            db.executemany("INSERT INTO lexicon (form, lemma, upos, added_at) VALUES (?, ?, ?, ?) ON CONFLICT (form) "
                           "DO UPDATE SET lemma = excluded.lemma, upos = excluded.upos, added_at = excluded.added_at",
                           [(e.form, e.lemma, e.upos, now) for e in entries])  # fmt: skip

    def remove_lexicon(self, forms: Sequence[str]) -> list[str]:
        """Drop the entries of ``forms``; returns the forms that were there."""
        with self.transaction() as db:
            found = [row[0] for row in self._rows_in("SELECT form FROM lexicon WHERE form IN", forms)]
            db.executemany("DELETE FROM lexicon WHERE form = ?", [(form,) for form in found])
        return sorted(found)

    # -- near-duplicates -----------------------------------------------------------------------

    def add_bands(self, rows: Iterable[tuple[int, int, int]]) -> None:
        """Insert ``(band, key, article)`` rows (the LSH band keys of articles)."""
        self.connection.executemany("INSERT INTO minhash_bands (band, key, article) VALUES (?, ?, ?)", rows)

    def add_article_bands(self, rowid: int, keys: Sequence[tuple[int, int]], limit: int) -> list[int]:
        """Record ``rowid``'s LSH band keys; returns the other articles sharing one, most shared first."""
        self.add_bands((band, key, rowid) for band, key in keys)
        rows = self.connection.execute(
            "SELECT m.article, count(*) AS shared FROM minhash_bands b JOIN minhash_bands m "
            "ON m.band = b.band AND m.key = b.key WHERE b.article = ? AND m.article != ? "
            "GROUP BY m.article ORDER BY shared DESC, m.article LIMIT ?",
            (rowid, rowid, limit),
        )
        return [row[0] for row in rows]

    def has_bands_below(self, band: int) -> bool:
        """Whether any LSH band key has a band number under ``band`` (written by an older scheme)."""
        return self.connection.execute("SELECT EXISTS(SELECT 1 FROM minhash_bands WHERE band < ?)", (band,)).fetchone()[0] == 1

    def signatures(self, rowids: Sequence[int]) -> dict[int, bytes]:
        """``{rowid: MinHash signature}`` of the given rows that have one."""
        rows = self._rows_in("SELECT rowid, minhash FROM articles WHERE rowid IN", rowids)
        return {row[0]: row[1] for row in rows if row[1] is not None}

    def forget_duplicates(self, rowid: int) -> None:
        """Drop the band keys and pairs of an article that changed and regroup the rest of its former group."""
        db = self.connection
        root = self._root(rowid)
        db.execute("DELETE FROM minhash_bands WHERE article = ?", (rowid,))
        db.execute("DELETE FROM duplicate_pairs WHERE article = ? OR other = ?", (rowid, rowid))
        if root is None:
            return
        members = [r[0] for r in db.execute("SELECT article FROM duplicate_groups WHERE root = ?", (root,))]
        db.execute("DELETE FROM duplicate_groups WHERE root = ?", (root,))
        for member in members:
            for a, b, _ in self.pairs_of(member):
                self._link(a, b)

    def pairs_of(self, rowid: int) -> list[tuple[int, int, float]]:
        """Near-duplicate pairs ``(article, other, similarity)`` that include ``rowid``."""
        return [tuple(row) for row in self.connection.execute(
            "SELECT article, other, similarity FROM duplicate_pairs WHERE article = ? OR other = ?",
            (rowid, rowid))]  # fmt: skip

    def add_pair(self, article: int, other: int, similarity: float) -> None:
        """Record a near-duplicate pair and put both articles in one group."""
        a, b = max(article, other), min(article, other)
        self.connection.execute(
            "INSERT OR REPLACE INTO duplicate_pairs (article, other, similarity) VALUES (?, ?, ?)",
            (a, b, similarity),
        )
        self._link(a, b)

    def _root(self, rowid: int) -> int | None:
        """The root (oldest member) of the group ``rowid`` is in, or None."""
        row = self.connection.execute("SELECT root FROM duplicate_groups WHERE article = ?", (rowid,)).fetchone()
        return row[0] if row else None

    def _link(self, a: int, b: int) -> None:
        """Put ``a`` and ``b`` in one group; the group's root is its oldest member (lowest rowid)."""
        db = self.connection
        roots = {r for r in (self._root(a), self._root(b)) if r is not None}
        new_root = min(roots | {a, b})
        for old in roots - {new_root}:
            db.execute("UPDATE duplicate_groups SET root = ? WHERE root = ?", (new_root, old))
        for node in (a, b, new_root):
            db.execute("INSERT OR REPLACE INTO duplicate_groups (article, root) VALUES (?, ?)", (node, new_root))

    def roots(self, rowids: Sequence[int]) -> dict[int, int]:
        """``{rowid: root}`` of the given rows that are in a group."""
        return {row[0]: row[1] for row in self._rows_in("SELECT article, root FROM duplicate_groups WHERE article IN",
                                                        rowids)}

    def groups(self) -> dict[int, list[int]]:
        """``{root: [members]}`` of every near-duplicate group, members in rowid order."""
        groups: dict[int, list[int]] = {}
        for article, root in self.connection.execute(
            "SELECT article, root FROM duplicate_groups ORDER BY root, article"
        ):
            groups.setdefault(root, []).append(article)
        return groups

    def clear_duplicates(self) -> None:
        """Drop every band key, pair and group (before a rebuild)."""
        db = self.connection
        for table in ("minhash_bands", "duplicate_pairs", "duplicate_groups"):
            db.execute(f"DELETE FROM {table}")

    def iter_signatures(self) -> Iterator[tuple[int, bytes]]:
        """``(rowid, signature)`` of every article that has one, in rowid order, streamed."""
        last = 0
        while True:
            rows = self.connection.execute(
                "SELECT rowid, minhash FROM articles WHERE rowid > ? AND minhash IS NOT NULL "
                "ORDER BY rowid LIMIT ?", (last, STREAM_ROWS * 10)).fetchall()  # fmt: skip
            if not rows:
                return
            yield from ((row[0], row[1]) for row in rows)
            last = rows[-1][0]

    def close(self) -> None:
        """Close the connection."""
        self.connection.close()


# The columns of a row's "analysis" part (see rows.ROW_PARTS): all but the text, its written
# forms, spans and other readings.
_ANALYSIS_COLUMNS = (
    "id, outlet, url, title, subtitle, published, published_raw, author, source, source_line, "
    "input_normalized, content_hash, index_lemmas, repeats, warnings, minhash, entities, meta, provenance, "
    "ingested_at, updated_at"
)


def _article(row: sqlite3.Row) -> Article:
    """The Article of a row; the columns a read of the "analysis" part leaves out come back empty."""
    keys = row.keys()
    # Interned: a corpus repeats a few tens of thousands of lemmas millions of times, and the
    # server keeps every article's lemmas (one string each instead of one per occurrence).
    lemmas = list(map(sys.intern, row["index_lemmas"].split(" "))) if row["index_lemmas"] else []
    forms = row["index_forms"].split(" ") if "index_forms" in keys and row["index_forms"] else []
    return Article(
        id=row["id"], body=row["body"] if "body" in keys else "", outlet=row["outlet"], url=row["url"],
        title=row["title"], subtitle=row["subtitle"], published=row["published"], published_raw=row["published_raw"],
        author=row["author"], source=row["source"], line=row["source_line"],
        input_normalized=bool(row["input_normalized"]), content_hash=row["content_hash"],
        normalized=row["normalized"] if "normalized" in keys else "", lemmas=lemmas, forms=forms,
        spans=unpack_spans(row["spans"]) if "spans" in keys else [],
        alternatives=unpack_alternatives(row["index_alternatives"], row["alternative_positions"])
        if "alternative_positions" in keys else [],
        repeats=_json_list(row["repeats"]), warnings=_json_list(row["warnings"]),
        entities=None if row["entities"] is None else [Mention(**m) for m in json.loads(row["entities"])],
        minhash=row["minhash"], meta=_json_or_empty(row["meta"]), provenance=_json_or_empty(row["provenance"]),
        ingested_at=row["ingested_at"], updated_at=row["updated_at"],
        rowid=row["rowid"],
    )  # fmt: skip


def _json_list(text: str) -> list:
    """A JSON list column; most are empty, and a list of many articles reads many of them."""
    return [] if text == "[]" else json.loads(text)


def _json_or_empty(text: str | None) -> dict:
    """A JSON object column; NULL (a row stored before the column existed) is an empty one."""
    return json.loads(text) if text else {}


def _fulfils_the_protocol(store: SQLiteStore) -> Store:
    return store  # mypy fails here when SQLiteStore drifts from the Store protocol (tests run it)

"""The article store: a small interface and its SQLite backend (FTS5 with BM25, named migrations)."""

from __future__ import annotations

import json
import sqlite3
from array import array
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Protocol

from iton.corpus.article import Article
from iton.errors import CorpusError, StoreVersionError

__all__ = ["MIGRATIONS", "SQLiteStore", "SearchFilters", "Store", "StoredArticle", "open_store"]

# Column weights of BM25: a match on the lemma counts twice a match on the written form only
# (the written-form column is searched for exact-form terms and as a fallback for query words
# whose lemma the analyser got wrong).
BM25_WEIGHTS = (1.0, 0.5)
# Rows read per round trip when streaming the whole store (export, duplicate rebuilds).
STREAM_ROWS = 500
# Ids looked up per query: SQLite before 3.32 allows at most 999 bound parameters.
LOOKUP_CHUNK = 500

# FTS5 tokenizer: unicode61 splits on anything not a letter or digit; the Hebrew gershayim and
# geresh are kept inside tokens so that acronyms (צה״ל) stay one token. The index writes " and '
# as ״ and ׳ (see fold_token) so the tokenizer option needs no SQL quoting.
FTS_TOKENIZER = "unicode61 remove_diacritics 0 tokenchars '\u05f3\u05f4'"

# Named migrations, applied in order, each in its own transaction and recorded in `migrations`.
MIGRATIONS: list[tuple[str, str]] = [
    (
        "0001_articles",
        """
        CREATE TABLE articles (
            rowid INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            outlet TEXT, url TEXT, title TEXT, subtitle TEXT, body TEXT NOT NULL,
            published TEXT, published_day TEXT, published_raw TEXT, author TEXT,
            source TEXT, source_line INTEGER, input_normalized INTEGER NOT NULL DEFAULT 0,
            content_hash TEXT NOT NULL,
            normalized TEXT NOT NULL,
            index_lemmas TEXT NOT NULL,
            index_forms TEXT NOT NULL,
            spans BLOB NOT NULL,
            repeats TEXT NOT NULL DEFAULT '[]',
            warnings TEXT NOT NULL DEFAULT '[]',
            minhash BLOB,
            ingested_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX articles_outlet ON articles(outlet);
        CREATE INDEX articles_day ON articles(published_day);
        """,
    ),
    (
        "0002_fts",
        f"""
        CREATE VIRTUAL TABLE article_fts USING fts5(
            index_lemmas, index_forms, content='articles', content_rowid='rowid', tokenize="{FTS_TOKENIZER}"
        );
        CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
            INSERT INTO article_fts(rowid, index_lemmas, index_forms)
            VALUES (new.rowid, new.index_lemmas, new.index_forms);
        END;
        CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
            INSERT INTO article_fts(article_fts, rowid, index_lemmas, index_forms)
            VALUES ('delete', old.rowid, old.index_lemmas, old.index_forms);
        END;
        CREATE TRIGGER articles_au AFTER UPDATE OF index_lemmas, index_forms ON articles BEGIN
            INSERT INTO article_fts(article_fts, rowid, index_lemmas, index_forms)
            VALUES ('delete', old.rowid, old.index_lemmas, old.index_forms);
            INSERT INTO article_fts(rowid, index_lemmas, index_forms)
            VALUES (new.rowid, new.index_lemmas, new.index_forms);
        END;
        """,
    ),
    (
        "0003_duplicates",
        """
        CREATE TABLE minhash_bands (band INTEGER NOT NULL, key INTEGER NOT NULL, article INTEGER NOT NULL);
        CREATE INDEX minhash_bands_key ON minhash_bands(band, key);
        CREATE INDEX minhash_bands_article ON minhash_bands(article);
        CREATE TABLE duplicate_pairs (
            article INTEGER NOT NULL, other INTEGER NOT NULL, similarity REAL NOT NULL,
            PRIMARY KEY (article, other)
        );
        CREATE INDEX duplicate_pairs_other ON duplicate_pairs(other);
        CREATE TABLE duplicate_groups (article INTEGER PRIMARY KEY, root INTEGER NOT NULL);
        CREATE INDEX duplicate_groups_root ON duplicate_groups(root);
        """,
    ),
    (
        "0004_entities",
        """
        ALTER TABLE articles ADD COLUMN entities TEXT;
        """,
    ),
]


@dataclass(slots=True)
class StoredArticle:
    """An article as the store holds it: the source fields, the normalized form, the index
    tokens (lemma, written form and character span in ``text`` of each), and the named entities
    tagged at ingest (dicts with label, text, lemma, start, end; None when not tagged)."""

    id: str
    body: str
    outlet: str | None = None
    url: str | None = None
    title: str | None = None
    subtitle: str | None = None
    published: str | None = None
    published_raw: str | None = None
    author: str | None = None
    source: str | None = None
    source_line: int | None = None
    input_normalized: bool = False
    content_hash: str = ""
    normalized: str = ""
    lemmas: list[str] = field(default_factory=list)
    forms: list[str] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)
    repeats: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    entities: list[dict] | None = None
    minhash: bytes | None = None
    ingested_at: str = ""
    updated_at: str = ""
    rowid: int | None = None

    @property
    def text(self) -> str:
        """The analysed text (title, subtitle, body, one per line); ``spans`` point into it."""
        return "\n".join(part for part in (self.title, self.subtitle, self.body) if part)

    @property
    def published_day(self) -> str | None:
        """The ``YYYY-MM-DD`` day of ``published`` for range filters (a year or a month counts as its first day)."""
        from iton.corpus.dates import day_key

        return day_key(self.published)

    def to_record(self, with_index: bool = False) -> dict:
        """The article as a plain dict: metadata, text, normalized form, what was removed."""
        record = {
            "id": self.id,
            "outlet": self.outlet,
            "url": self.url,
            "title": self.title,
            "subtitle": self.subtitle,
            "body": self.body,
            "published": self.published,
            "published_raw": self.published_raw,
            "author": self.author,
            "normalized": self.normalized,
            "repeats": self.repeats,
            "warnings": self.warnings,
            "entities": self.entities,
            "source": self.source,
            "source_line": self.source_line,
            "content_hash": self.content_hash,
            "ingested_at": self.ingested_at,
            "updated_at": self.updated_at,
        }
        if with_index:
            record.update(lemmas=self.lemmas, forms=self.forms, spans=[list(s) for s in self.spans])
        return record

    @classmethod
    def from_article(cls, article: Article, article_id: str, digest: str) -> StoredArticle:
        """A StoredArticle of a read Article under ``article_id``, before analysis fills the index fields."""
        return cls(
            id=article_id, body=article.body, outlet=article.outlet, url=article.url,
            title=article.title, subtitle=article.subtitle, published=article.published,
            published_raw=article.published_raw, author=article.author, source=article.source,
            source_line=article.line, input_normalized=article.normalized, content_hash=digest,
            warnings=list(article.warnings),
        )  # fmt: skip


@dataclass(frozen=True, slots=True)
class SearchFilters:
    """Restrictions on search hits: outlet, and the published day range (inclusive ISO days)."""

    outlet: str | None = None
    since: str | None = None
    until: str | None = None


class Store(Protocol):
    """Everything the corpus asks of a store; SQLite implements it, PostgreSQL can follow.

    Articles are addressed by their id (given at ingest) and by an integer row id; ``match``
    takes the FTS5 expression that query.to_fts writes (a PostgreSQL store translates it).
    """

    path: str

    # articles
    def transaction(self) -> AbstractContextManager: ...
    def states(self, ids: Sequence[str]) -> dict[str, tuple[int, str]]: ...
    def upsert(self, article: StoredArticle) -> tuple[int, bool]: ...
    def get(self, article_id: str) -> StoredArticle | None: ...
    def get_rows(self, rowids: Sequence[int]) -> dict[int, StoredArticle]: ...
    def ids(self, rowids: Sequence[int]) -> dict[int, str]: ...
    def count(self) -> int: ...
    def iter_articles(self) -> Iterator[StoredArticle]: ...
    # search
    def match(self, expression: str, filters: SearchFilters, limit: int, after: int = 0) -> list[tuple[int, float]]: ...
    def match_cutoff(self, expression: str, filters: SearchFilters, most: int) -> int: ...
    # near-duplicates
    def replace_bands(self, rowid: int, bands: Sequence[tuple[int, int]]) -> None: ...
    def add_bands(self, rows: Iterable[tuple[int, int, int]]) -> None: ...
    def band_candidates(self, rowid: int, limit: int) -> list[int]: ...
    def signatures(self, rowids: Sequence[int]) -> dict[int, bytes]: ...
    def iter_signatures(self) -> Iterator[tuple[int, bytes]]: ...
    def forget_duplicates(self, rowid: int) -> None: ...
    def add_pair(self, article: int, other: int, similarity: float) -> None: ...
    def pairs_of(self, rowid: int) -> list[tuple[int, int, float]]: ...
    def root(self, rowid: int) -> int | None: ...
    def roots(self, rowids: Sequence[int]) -> dict[int, int]: ...
    def groups(self) -> dict[int, list[int]]: ...
    def clear_duplicates(self) -> None: ...
    def close(self) -> None: ...


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def pack_spans(spans: Iterable[tuple[int, int]]) -> bytes:
    """Character spans packed into bytes (machine ``int`` start, end pairs) for the ``spans`` column."""
    flat = array("i")
    for start, end in spans:
        flat.append(start)
        flat.append(end)
    return flat.tobytes()


def unpack_spans(blob: bytes) -> list[tuple[int, int]]:
    """The spans that :func:`pack_spans` packed."""
    flat = array("i")
    flat.frombytes(blob)
    return list(zip(flat[0::2], flat[1::2], strict=True))


_COLUMNS = (
    "id, outlet, url, title, subtitle, body, published, published_day, published_raw, author, "
    "source, source_line, input_normalized, content_hash, normalized, index_lemmas, index_forms, "
    "spans, repeats, warnings, minhash, entities"
)


class SQLiteStore:
    """The SQLite store: one file (or ``:memory:``), WAL journal, FTS5 index kept by triggers.

    >>> store = SQLiteStore(":memory:")
    >>> store.count()
    0
    """

    def __init__(self, path: str = ":memory:") -> None:
        self.path = str(path)
        try:
            self.connection = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
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
            self.migrate()
        except BaseException:
            self.connection.close()
            raise

    # -- schema --------------------------------------------------------------------------------

    def migrate(self) -> list[str]:
        """Apply the migrations not yet recorded, each in a transaction; returns their names."""
        db = self.connection
        db.execute("CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
        done = {row[0] for row in db.execute("SELECT name FROM migrations")}
        known = {name for name, _ in MIGRATIONS}
        if done - known:
            raise StoreVersionError(self.path, sorted(done - known))
        applied = []
        for name, sql in MIGRATIONS:
            if name in done:
                continue
            with self.transaction():
                for statement in _statements(sql):
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

    def upsert(self, article: StoredArticle) -> tuple[int, bool]:
        """Insert the article, or update the one with its id; returns ``(rowid, added)``."""
        values = (
            article.id, article.outlet, article.url, article.title, article.subtitle, article.body,
            article.published, article.published_day, article.published_raw, article.author,
            article.source, article.source_line, int(article.input_normalized), article.content_hash,
            article.normalized, " ".join(article.lemmas), " ".join(article.forms),
            pack_spans(article.spans), json.dumps(article.repeats, ensure_ascii=False),
            json.dumps(article.warnings, ensure_ascii=False), article.minhash,
            None if article.entities is None else json.dumps(article.entities, ensure_ascii=False),
        )  # fmt: skip
        now = _now()
        db = self.connection
        row = db.execute("SELECT rowid FROM articles WHERE id = ?", (article.id,)).fetchone()
        if row is None:
            cursor = db.execute(
                f"INSERT INTO articles ({_COLUMNS}, ingested_at, updated_at) "
                f"VALUES ({','.join('?' * 22)}, ?, ?)",
                (*values, now, now),
            )
            return cursor.lastrowid, True
        assignments = ", ".join(f"{name.strip()} = ?" for name in _COLUMNS.split(","))
        db.execute(f"UPDATE articles SET {assignments}, updated_at = ? WHERE rowid = ?", (*values, now, row[0]))
        return row[0], False

    def get(self, article_id: str) -> StoredArticle | None:
        """The article with this id, or None."""
        row = self.connection.execute("SELECT rowid, * FROM articles WHERE id = ?", (article_id,)).fetchone()
        return _article(row) if row else None

    def _rows_in(self, sql: str, keys: Sequence[int] | Sequence[str]) -> Iterator[sqlite3.Row]:
        """Rows of ``sql`` (which ends in ``IN``) for ``keys``, asked LOOKUP_CHUNK keys at a time."""
        keys = list(keys)
        for start in range(0, len(keys), LOOKUP_CHUNK):
            chunk = keys[start : start + LOOKUP_CHUNK]
            yield from self.connection.execute(f"{sql} ({','.join('?' * len(chunk))})", chunk)

    def get_rows(self, rowids: Sequence[int]) -> dict[int, StoredArticle]:
        """``{rowid: article}`` of the given row ids that exist."""
        rows = self._rows_in("SELECT rowid, * FROM articles WHERE rowid IN", rowids)
        return {row["rowid"]: _article(row) for row in rows}

    def ids(self, rowids: Sequence[int]) -> dict[int, str]:
        """``{rowid: id}`` of the given row ids that exist."""
        return {row[0]: row[1] for row in self._rows_in("SELECT rowid, id FROM articles WHERE rowid IN", rowids)}

    def count(self) -> int:
        """The number of stored articles."""
        return self.connection.execute("SELECT count(*) FROM articles").fetchone()[0]

    def iter_articles(self) -> Iterator[StoredArticle]:
        """Every article in insertion order, streamed (never all in memory)."""
        last = 0
        while True:
            rows = self.connection.execute(
                "SELECT rowid, * FROM articles WHERE rowid > ? ORDER BY rowid LIMIT ?", (last, STREAM_ROWS)
            ).fetchall()
            if not rows:
                return
            for row in rows:
                yield _article(row)
            last = rows[-1]["rowid"]

    # -- search --------------------------------------------------------------------------------

    def match(self, expression: str, filters: SearchFilters, limit: int, after: int = 0) -> list[tuple[int, float]]:
        """``(rowid, score)`` of the best ``limit`` matches of an FTS5 expression, best first
        (score is BM25 with the sign flipped: higher is better); only rows after ``after``."""
        where, params = self._where(expression, filters)
        if after:
            where.append("f.rowid > ?")
            params.append(after)
        weights = ", ".join(str(w) for w in BM25_WEIGHTS)
        sql = (
            f"SELECT f.rowid, bm25(article_fts, {weights}) AS score FROM article_fts f "
            f"{'JOIN articles a ON a.rowid = f.rowid ' if filters != SearchFilters() else ''}"
            f"WHERE {' AND '.join(where)} ORDER BY score LIMIT ?"
        )
        params.append(limit)
        return [(row[0], -row[1]) for row in self.connection.execute(sql, params)]

    def match_cutoff(self, expression: str, filters: SearchFilters, most: int) -> int:
        """The rowid after which the newest ``most`` matches lie, or 0 when there are no more than
        ``most`` matches (walks rowids newest first without scoring: cheap)."""
        where, params = self._where(expression, filters)
        sql = (
            f"SELECT f.rowid FROM article_fts f "
            f"{'JOIN articles a ON a.rowid = f.rowid ' if filters != SearchFilters() else ''}"
            f"WHERE {' AND '.join(where)} ORDER BY f.rowid DESC LIMIT 1 OFFSET ?"
        )
        row = self.connection.execute(sql, [*params, most]).fetchone()
        return row[0] if row else 0

    @staticmethod
    def _where(expression: str, filters: SearchFilters) -> tuple[list[str], list[object]]:
        where = ["article_fts MATCH ?"]
        params: list[object] = [expression]
        if filters.outlet:
            where.append("a.outlet = ?")
            params.append(filters.outlet)
        if filters.since:
            where.append("a.published_day >= ?")
            params.append(filters.since)
        if filters.until:
            where.append("a.published_day <= ?")
            params.append(filters.until)
        return where, params

    # -- near-duplicates -----------------------------------------------------------------------

    def replace_bands(self, rowid: int, bands: Sequence[tuple[int, int]]) -> None:
        """Replace the LSH band keys of one article."""
        db = self.connection
        db.execute("DELETE FROM minhash_bands WHERE article = ?", (rowid,))
        db.executemany("INSERT INTO minhash_bands (band, key, article) VALUES (?, ?, ?)",
                       [(band, key, rowid) for band, key in bands])  # fmt: skip

    def add_bands(self, rows: Iterable[tuple[int, int, int]]) -> None:
        """Insert ``(band, key, article)`` rows (a rebuild writes them all at once)."""
        self.connection.executemany("INSERT INTO minhash_bands (band, key, article) VALUES (?, ?, ?)", rows)

    def band_candidates(self, rowid: int, limit: int) -> list[int]:
        """Other articles sharing at least one LSH band with ``rowid``, most shared bands first."""
        rows = self.connection.execute(
            "SELECT m.article, count(*) AS shared FROM minhash_bands b JOIN minhash_bands m "
            "ON m.band = b.band AND m.key = b.key WHERE b.article = ? AND m.article != ? "
            "GROUP BY m.article ORDER BY shared DESC LIMIT ?",
            (rowid, rowid, limit),
        )
        return [row[0] for row in rows]

    def signatures(self, rowids: Sequence[int]) -> dict[int, bytes]:
        """``{rowid: MinHash signature}`` of the given rows that have one."""
        rows = self._rows_in("SELECT rowid, minhash FROM articles WHERE rowid IN", rowids)
        return {row[0]: row[1] for row in rows if row[1] is not None}

    def forget_duplicates(self, rowid: int) -> None:
        """Drop the pairs of an article that changed and regroup the rest of its former group."""
        db = self.connection
        root = self.root(rowid)
        db.execute("DELETE FROM duplicate_pairs WHERE article = ? OR other = ?", (rowid, rowid))
        if root is None:
            return
        members = [r[0] for r in db.execute("SELECT article FROM duplicate_groups WHERE root = ?", (root,))]
        db.execute("DELETE FROM duplicate_groups WHERE root = ?", (root,))
        for member in members:
            for a, b, _ in self.pairs_of(member):
                self.link(a, b)

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
        self.link(a, b)

    def root(self, rowid: int) -> int | None:
        """The root (oldest member) of the group ``rowid`` is in, or None."""
        row = self.connection.execute("SELECT root FROM duplicate_groups WHERE article = ?", (rowid,)).fetchone()
        return row[0] if row else None

    def link(self, a: int, b: int) -> None:
        """Put ``a`` and ``b`` in one group; the group's root is its oldest member (lowest rowid)."""
        db = self.connection
        roots = {r for r in (self.root(a), self.root(b)) if r is not None}
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

    def all_pairs(self) -> list[tuple[int, int, float]]:
        """Every near-duplicate pair ``(article, other, similarity)``."""
        return [tuple(r) for r in self.connection.execute("SELECT article, other, similarity FROM duplicate_pairs")]

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


def _statements(sql: str) -> Iterator[str]:
    """Split a migration into statements, keeping trigger bodies (``BEGIN ... END;``) whole."""
    buffer = ""
    for line in sql.strip().splitlines():
        buffer += line + "\n"
        if sqlite3.complete_statement(buffer):
            yield buffer.strip()
            buffer = ""
    if buffer.strip():
        yield buffer.strip()


def _article(row: sqlite3.Row) -> StoredArticle:
    lemmas = row["index_lemmas"].split(" ") if row["index_lemmas"] else []
    forms = row["index_forms"].split(" ") if row["index_forms"] else []
    return StoredArticle(
        id=row["id"], body=row["body"], outlet=row["outlet"], url=row["url"], title=row["title"],
        subtitle=row["subtitle"], published=row["published"], published_raw=row["published_raw"],
        author=row["author"], source=row["source"], source_line=row["source_line"],
        input_normalized=bool(row["input_normalized"]), content_hash=row["content_hash"],
        normalized=row["normalized"], lemmas=lemmas, forms=forms, spans=unpack_spans(row["spans"]),
        repeats=json.loads(row["repeats"]), warnings=json.loads(row["warnings"]),
        entities=None if row["entities"] is None else json.loads(row["entities"]),
        minhash=row["minhash"], ingested_at=row["ingested_at"], updated_at=row["updated_at"],
        rowid=row["rowid"],
    )  # fmt: skip


def open_store(path: str) -> SQLiteStore:
    """The store at ``path``: a SQLite file (created with its schema when new) or ``:memory:``."""
    if path.startswith(("postgresql://", "postgres://")):
        raise CorpusError(
            f"{path}: the PostgreSQL store is not built yet; use a SQLite file path (--db corpus.db)"
        )
    return SQLiteStore(path)

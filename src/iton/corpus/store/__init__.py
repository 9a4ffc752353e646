"""The article store: the protocol every backend fulfils, and opening one by its path."""

from __future__ import annotations

from iton.corpus.store.paths import is_postgres_url, shown_path
from iton.corpus.store.protocol import Ranking, Store
from iton.corpus.store.sqlite import SQLiteStore

__all__ = ["Ranking", "SQLiteStore", "Store", "is_postgres_url", "open_store", "shown_path"]


def open_store(path: str) -> Store:
    """The store at ``path``: a PostgreSQL database for a ``postgresql://`` URL, else a SQLite
    file (``:memory:`` for one in memory); either is created with its schema when new."""
    if is_postgres_url(path):  # psycopg is imported only here
        from iton.corpus.store.postgres import PostgresStore

        return PostgresStore(path)
    return SQLiteStore(path)

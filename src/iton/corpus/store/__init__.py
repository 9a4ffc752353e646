"""The article store: the protocol every backend fulfils, and opening one by its path."""

from __future__ import annotations

import re

from iton.corpus.store.protocol import Ranking, Store
from iton.corpus.store.sqlite import SQLiteStore

__all__ = ["Ranking", "SQLiteStore", "Store", "is_postgres_url", "open_store", "shown_path"]

_URL_PASSWORD = re.compile(r"(://[^:/@]*):[^@/]*@")


def is_postgres_url(path: str) -> bool:
    """True when ``path`` names a PostgreSQL database (``postgresql://…`` or ``postgres://…``)."""
    return str(path).startswith(("postgresql://", "postgres://"))


def shown_path(path: str) -> str:
    """A store's path as messages show it: a URL without its password.

    >>> shown_path("postgresql://iton:secret@db/news")
    'postgresql://iton:***@db/news'
    """
    return _URL_PASSWORD.sub(r"\1:***@", str(path))


def open_store(path: str) -> Store:
    """The store at ``path``: a PostgreSQL database for a ``postgresql://`` URL, else a SQLite
    file (``:memory:`` for one in memory); either is created with its schema when new."""
    if is_postgres_url(path):  # psycopg is imported only here
        from iton.corpus.store.postgres import PostgresStore

        return PostgresStore(path)
    return SQLiteStore(path)

"""The article store: the protocol every backend fulfils, and opening one by its path."""

from __future__ import annotations

from iton.corpus.store.protocol import Ranking, Store
from iton.corpus.store.sqlite import SQLiteStore
from iton.errors import CorpusError

__all__ = ["Ranking", "SQLiteStore", "Store", "open_store"]


def open_store(path: str) -> Store:
    """The store at ``path``: a SQLite file (created with its schema when new) or ``:memory:``."""
    if path.startswith(("postgresql://", "postgres://")):
        raise CorpusError(
            f"{path}: the PostgreSQL store is not built yet; use a SQLite file path (--db corpus.db)"
        )
    return SQLiteStore(path)

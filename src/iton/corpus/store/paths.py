"""How a store is named: a PostgreSQL URL or a SQLite file, and how messages show it."""

from __future__ import annotations

import re

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

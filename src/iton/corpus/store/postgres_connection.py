"""Opening PostgreSQL connections: the first check, with a clear reason, and each pooled
connection's settings."""

from __future__ import annotations

from iton.errors import CorpusError

__all__ = ["CONNECT_TIMEOUT_SECONDS", "SEARCH_WORK_MEM", "check_connection", "configure"]

# Seconds to wait for a first connection before saying the server cannot be reached.
CONNECT_TIMEOUT_SECONDS = 10
# work_mem of each connection at least: a search's bitmap of matching rows must stay exact (with
# PostgreSQL's default 4 MB, a word in 11% of 1,000,000 articles made it lossy, and each row of a
# lossy page has its vector read again: 694 ms to count it against 254 ms with 64 MB).
SEARCH_WORK_MEM = "64MB"


def check_connection(url: str, shown: str) -> None:
    """Connect once; CorpusError in the server's or the client's words where that fails."""
    import psycopg

    try:
        psycopg.connect(url, connect_timeout=CONNECT_TIMEOUT_SECONDS).close()
    except psycopg.Error as error:
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise CorpusError(f"{shown}: cannot connect to PostgreSQL ({reason}); check that the server runs "
                          "and the URL names a database you may use") from error


def configure(connection) -> None:
    """A new pooled connection's settings: work_mem of SEARCH_WORK_MEM unless the server gives more,
    and no JIT compiling, which costs more than these short queries gain (counting a word in 11% of
    1,000,000 articles: 694 ms with it, 568 ms without)."""
    connection.execute("SET jit = off")
    connection.execute("SELECT set_config('work_mem', %s, false) WHERE pg_size_bytes(current_setting('work_mem')) "
                       "< pg_size_bytes(%s)", (SEARCH_WORK_MEM, SEARCH_WORK_MEM))  # fmt: skip

"""A throwaway PostgreSQL server for the tests: one cluster per test session, one database per test.

The cluster lives in a temporary folder, listens on a free port of 127.0.0.1 only, trusts local
connections and is dropped when the session ends. Debian's server binaries are used
(``/usr/lib/postgresql/<version>/bin``; scripts/test.sh installs them). PostgreSQL refuses to run
as root, so under root the server runs as the ``postgres`` user that Debian's package creates.
Where PostgreSQL is missing the tests that need it skip, naming what is missing.
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

# Seconds to wait for the server to start or stop: a cold start on a busy 2-core machine takes ~2 s.
SERVER_WAIT_SECONDS = 60
# Settings for a server whose data is thrown away: no waiting on the disk, little memory.
THROWAWAY_SETTINGS = ("fsync=off", "synchronous_commit=off", "full_page_writes=off", "shared_buffers=64MB",
                      "max_connections=100")  # fmt: skip
SERVER_USER = "postgres"  # the superuser of the cluster, and the system user it runs as under root


def server_binaries() -> Path | None:
    """The folder of the newest installed PostgreSQL server (with initdb and pg_ctl), or None."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parent.parent.name))
    return Path(found[-1]).parent if found else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """A running throwaway cluster; ``url(name)`` addresses one of its databases."""

    def __init__(self, binaries: Path) -> None:
        self.binaries = binaries
        self.root = os.geteuid() == 0
        self.folder = Path(tempfile.mkdtemp(prefix="iton-postgres-"))
        self.data = self.folder / "data"
        self.port = _free_port()
        if self.root:
            account = pwd.getpwnam(SERVER_USER)
            os.chown(self.folder, account.pw_uid, account.pw_gid)
        options = " ".join(f"-c {setting}" for setting in THROWAWAY_SETTINGS)
        self._run("initdb", "-D", str(self.data), "-U", SERVER_USER, "--auth=trust", "-E", "UTF8",
                  "--locale=C.UTF-8", "--no-sync")  # fmt: skip
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.folder / "server.log"), "-w",
                  "-t", str(SERVER_WAIT_SECONDS), "-o",
                  f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.folder} {options}", "start")  # fmt: skip
        self._names = itertools.count()

    def _run(self, program: str, *args: str) -> None:
        command = [str(self.binaries / program), *args]
        if self.root:
            command = ["runuser", "-u", SERVER_USER, "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, cwd=self.folder, check=False,  # a folder it may enter
                              timeout=SERVER_WAIT_SECONDS * 2)
        if done.returncode != 0:
            log = self.folder / "server.log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"{program} failed ({done.returncode}): {done.stderr.strip()}\n{tail}")

    def url(self, database: str = "postgres") -> str:
        """The connection URL of ``database`` on this server."""
        return f"postgresql://{SERVER_USER}@127.0.0.1:{self.port}/{database}"

    def create_database(self) -> str:
        """A new empty database; returns its name."""
        import psycopg

        name = f"iton_test_{next(self._names)}"
        with psycopg.connect(self.url(), autocommit=True) as admin:
            admin.execute(f"CREATE DATABASE {name}")
        return name

    def drop_database(self, name: str) -> None:
        """Drop ``name``, closing whatever connections a test left open."""
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def stop(self) -> None:
        """Stop the server and remove its folder."""
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)


def missing_part() -> str | None:
    """Why a throwaway server cannot be started here, or None when it can."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg is not installed (pip install -e '.[test]')"
    if server_binaries() is None:
        return "the PostgreSQL server is not installed (Debian's postgresql package; scripts/test.sh installs it)"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam(SERVER_USER)
        except KeyError:
            return f"running as root without a {SERVER_USER!r} user to run the server as"
        if shutil.which("runuser") is None:
            return "running as root without runuser to start the server as another user"
    return None


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[Server]:
    """The session's throwaway PostgreSQL server (skips, saying what is missing, where there is none)."""
    reason = missing_part()
    if reason:
        pytest.skip(reason)
    server = Server(server_binaries())
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def postgres_url(postgres_server: Server) -> Iterator[str]:
    """The URL of a fresh empty database, dropped after the test."""
    name = postgres_server.create_database()
    try:
        yield postgres_server.url(name)
    finally:
        postgres_server.drop_database(name)

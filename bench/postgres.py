"""A throwaway PostgreSQL server for the benchmark, started the way the test suite starts its own.

pytest-postgresql's executor runs pg_ctl (through tests/support/pg_ctl_unprivileged, which runs it
as the postgres user when we are root) on a free port of 127.0.0.1, with fsync off (-F), as for
the tests. Everything it wrote is removed when the benchmark is done with it.
"""

from __future__ import annotations

import glob
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PG_CTL_WRAPPER = ROOT / "tests" / "support" / "pg_ctl_unprivileged"
START_TIMEOUT_S = 120


def find_pg_ctl() -> str | None:
    """$LOTLINE_PG_CTL, pg_ctl on PATH, or the newest Debian server (/usr/lib/postgresql/N/bin), as conftest.py."""
    if configured := os.environ.get("LOTLINE_PG_CTL"):
        return configured
    if found := shutil.which("pg_ctl"):
        return found

    def version(path: str) -> int:
        return int(Path(path).parts[-3].split(".")[0]) if Path(path).parts[-3][0].isdigit() else 0

    return max(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=version, default=None)


@dataclass(frozen=True)
class Server:
    host: str
    port: int
    user: str
    version: str

    def url(self, dbname: str) -> str:
        return f"postgresql://{self.user}@{self.host}:{self.port}/{dbname}"

    def _admin(self):  # psycopg is imported only when PostgreSQL is measured
        import psycopg

        return psycopg.connect(host=self.host, port=self.port, user=self.user, dbname="postgres", autocommit=True,
                               connect_timeout=30)

    def create(self, dbname: str) -> None:
        with self._admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{dbname}"')
            conn.execute(f'CREATE DATABASE "{dbname}"')

    def drop(self, dbname: str) -> None:
        with self._admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')

    def size(self, dbname: str) -> int:
        with self._admin() as conn:
            return int(conn.execute("SELECT pg_database_size(%s)", [dbname]).fetchone()[0])


def problem() -> str:
    """Why no server can be started here, or ""."""
    pg_ctl = find_pg_ctl()
    if not pg_ctl or not os.access(pg_ctl, os.X_OK):
        return "PostgreSQL is not installed (no pg_ctl on PATH or in /usr/lib/postgresql/*/bin)"
    if os.geteuid() == 0:
        import pwd

        try:
            pwd.getpwnam(os.environ.get("LOTLINE_PG_USER", "postgres"))
        except KeyError:
            return "running as root, and there is no 'postgres' user to run the server as"
    return ""


@contextmanager
def throwaway_server() -> Iterator[Server]:
    """A fresh server for the length of the block; stopped and removed afterwards, whatever happens."""
    from port_for import get_port
    from pytest_postgresql.executors import PostgreSQLExecutor

    os.environ["LOTLINE_PG_CTL"] = find_pg_ctl() or ""  # for the wrapper
    base = Path(tempfile.mkdtemp(prefix="lotline-bench-pg-"))
    base.chmod(0o711)  # as root the server runs as postgres, which must pass through (not list) this
    home = base / "pytest-postgresql-bench"  # the one directory the wrapper hands to the postgres user
    home.mkdir()
    port = get_port(None)
    executor = PostgreSQLExecutor(
        executable=str(PG_CTL_WRAPPER), host="127.0.0.1", port=port, datadir=str(home / f"data-{port}"),
        unixsocketdir=str(home), logfile=str(home / "postgresql.log"), startparams="-w", dbname="lotline",
        user="postgres", timeout=START_TIMEOUT_S,
    )
    try:
        executor.start()
        executor.wait_for_postgres()
        yield Server("127.0.0.1", port, "postgres", str(executor.version))
    finally:
        try:
            if executor.running():
                executor.stop()
        finally:
            shutil.rmtree(base, ignore_errors=True)

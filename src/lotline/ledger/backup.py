"""Backups: the whole database in one file, checked once written; and restoring one into an empty database.

SQLite is copied with its online backup (sqlite3.Connection.backup: a consistent copy while people
keep recording), PostgreSQL with pg_dump (custom format). Either way the file written is read back:
its chain is walked and its head must be the one the database had, so a backup that could not be
restored is known at once, not on the day it is needed. Its head is then signed (made_for
"backup"). A restore walks the backup's chain again, checks it against this Lotline's checkpoints
(a backup of another ledger, or a forged one, is refused), copies it in, brings its schema up to
date and signs a "restore" checkpoint: checkpoints logged before it above the restored head name
events lost with the newer database (checkpoints.witnessed).
"""

from __future__ import annotations

import datetime as dt
import glob
import os
import re
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.db import connection

from lotline.datafolder import make_private, write_private
from lotline.errors import ErrorCode, LotlineError

from .checkpoints import RESTORE, Head, Seal, current_head, logged, remember_verify, seal, sign, witnessed
from .checkpoints import _keep as keep_checkpoint
from .log import GENESIS_HASH, VerifyResult, digest, walk

EVENT_FIELDS = ("seq", "kind", "recorded_at", "actor", "site", "subject", "payload", "prev_hash", "hash")


@dataclass
class BackupCheck:
    """What reading a backup file back found: its chain and its head."""

    chain: VerifyResult
    head: Head
    hashes: dict[int, str] = field(default_factory=dict)  # at the seqs asked for


@dataclass(frozen=True)
class Backup:
    file: str
    size: int
    events: int
    head: Head
    sealed: Seal

    def as_dict(self) -> dict[str, Any]:
        return {"file": self.file, "bytes": self.size, "events": self.events, "head": self.sealed.as_dict()}


def backup(path: str | Path) -> Backup:
    """Write the whole database to a new file `path` (0600), read it back and check it, sign its head."""
    target = Path(path)
    if target.exists():
        raise LotlineError(ErrorCode.BACKUP_EXISTS, f"{target} is already there: name a new file (backups are never "
                           "overwritten)", field="file")
    if not target.parent.is_dir():
        raise LotlineError(ErrorCode.MISSING, f"there is no folder {target.parent}", field="file")
    write_private(target, b"")
    try:
        if connection.vendor == "sqlite":
            _sqlite_backup(target)
        else:
            _pg_dump(target)
        check = read_backup(target)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    if not check.chain.ok:
        raise LotlineError(ErrorCode.BACKUP_BROKEN, f"the backup written to {target} does not verify: event "
                           f"#{check.chain.first_bad_seq}: {check.chain.reason} (it is kept, for a look; run lotline "
                           "verify on the database)", field="file")
    return Backup(str(target), target.stat().st_size, check.chain.events_checked, check.head,
                  seal("backup", check.head))


def _sqlite_backup(target: Path) -> None:
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)  # page by page, a consistent snapshot
    finally:
        copy.close()
    make_private(target)


# --- reading a backup back ------------------------------------------------------------------------


def read_backup(path: Path, *, hashes_at: frozenset[int] | set[int] = frozenset()) -> BackupCheck:
    """Walk the chain of a backup file (SQLite database or pg_dump archive, told apart by its first bytes)."""
    with path.open("rb") as f:
        magic = f.read(16)
    if magic.startswith(b"SQLite format 3"):
        rows, head = _sqlite_rows(path)
    elif magic.startswith(b"PGDMP"):
        rows, head = _pg_rows(path)
    else:
        raise LotlineError(ErrorCode.BACKUP_BROKEN, f"{path} is neither a SQLite database nor a pg_dump archive",
                           field="file")
    digests = sorted(digest(*row) for row in rows)  # a dump holds rows in the order they lie on disk
    found = {seq: stored for seq, _prev, stored, _ok in digests if seq in hashes_at}
    return BackupCheck(walk(digests, (head.seq, head.hash)), head, found | ({0: GENESIS_HASH} if 0 in hashes_at
                                                                             else {}))


def _utc(text: str) -> dt.datetime:
    at = dt.datetime.fromisoformat(text)
    return at if at.tzinfo else at.replace(tzinfo=dt.UTC)  # Django keeps UTC without an offset in SQLite


def _sqlite_rows(path: Path) -> tuple[Iterator[tuple], Head]:
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        head = db.execute("SELECT seq, hash FROM ledger_head WHERE id = 1").fetchone() or (0, GENESIS_HASH)
        cursor = db.execute(f"SELECT {', '.join(EVENT_FIELDS)} FROM ledger_event ORDER BY seq")
    except sqlite3.DatabaseError as exc:
        raise LotlineError(ErrorCode.BACKUP_BROKEN, f"{path} cannot be read as a Lotline database ({exc})",
                           field="file") from None

    def rows() -> Iterator[tuple]:
        try:
            for seq, kind, at, *rest in cursor:
                yield seq, kind, _utc(at), *rest
        finally:
            db.close()

    return rows(), Head(*head)


# --- PostgreSQL: pg_dump and pg_restore of the server's version ------------------------------------


def pg_tool(name: str) -> str:
    """pg_dump or pg_restore of the server's major version (Debian keeps each under
    /usr/lib/postgresql/N/bin), a newer one, or the one on PATH; $LOTLINE_PG_BIN names the folder."""
    connection.ensure_connection()
    server = connection.get_database_version()[0]
    if folder := os.environ.get("LOTLINE_PG_BIN"):
        return str(Path(folder) / name)
    candidates = {}
    for found in glob.glob(f"/usr/lib/postgresql/*/bin/{name}"):
        if (major := Path(found).parts[-3]).isdigit() and int(major) >= server:
            candidates[int(major)] = found
    if candidates:
        return candidates[min(candidates)]
    if on_path := shutil.which(name):
        return on_path
    raise LotlineError(ErrorCode.NO_PG_TOOL, f"{name} is not installed (PostgreSQL {server} or newer); on Debian: "
                       f"apt-get install postgresql-client-{server}, or set LOTLINE_PG_BIN", field="file")


def _pg_args() -> tuple[list[str], dict[str, str]]:
    db = connection.settings_dict
    args = [f"--dbname={db['NAME']}"]
    args += [f"--host={db['HOST']}"] if db.get("HOST") else []
    args += [f"--port={db['PORT']}"] if db.get("PORT") else []
    args += [f"--username={db['USER']}"] if db.get("USER") else []
    env = {**os.environ, "PGPASSWORD": db.get("PASSWORD") or os.environ.get("PGPASSWORD", "")}
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise LotlineError(ErrorCode.BACKUP_BROKEN, f"{Path(command[0]).name} failed: {done.stderr.strip()[-500:]}",
                           field="file")


def _pg_dump(target: Path) -> None:
    args, env = _pg_args()
    _run([pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", f"--file={target}", *args], env)
    make_private(target)


COPY_START = re.compile(r"^COPY (?:\w+\.)?(\w+) \(([^)]*)\) FROM stdin;$")
COPY_ESCAPE = re.compile(r"\\(.)")
COPY_CHARS = {"b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v"}


def _copy_field(text: str) -> str | None:
    """One field of COPY's text format: \\N is NULL, a backslash escapes the next character."""
    if text == "\\N":
        return None
    return COPY_ESCAPE.sub(lambda m: COPY_CHARS.get(m[1], m[1]), text)


def _copy_tables(path: Path) -> Iterator[tuple[str, dict[str, str | None]]]:
    """(table, row) for the event log and chain head in a pg_dump archive, streamed by pg_restore."""
    args = [pg_tool("pg_restore"), "--data-only", "--table=ledger_event", "--table=ledger_head", "--file=-",
            str(path)]
    with subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          encoding="utf-8") as proc:
        assert proc.stdout is not None
        table = ""
        columns: list[str] = []
        for line in proc.stdout:
            line = line.rstrip("\n")
            if table and line == "\\.":
                table = ""
            elif table:
                yield table, dict(zip(columns, map(_copy_field, line.split("\t")), strict=True))
            elif start := COPY_START.match(line):
                table, columns = start[1], [c.strip().strip('"') for c in start[2].split(",")]
        error = proc.stderr.read() if proc.stderr else ""
    if proc.returncode != 0:
        raise LotlineError(ErrorCode.BACKUP_BROKEN, f"pg_restore cannot read {path}: {error.strip()[-500:]}",
                           field="file")


def _given(row: dict[str, str | None], column: str) -> str:
    """A column the event log never leaves empty (NOT NULL): a backup without it is broken."""
    value = row[column]
    if value is None:
        raise LotlineError(ErrorCode.BACKUP_BROKEN, f"an event in the backup has no {column}", field="file")
    return value


def _pg_rows(path: Path) -> tuple[Iterator[tuple], Head]:
    events, head = [], Head(0, GENESIS_HASH)
    for table, row in _copy_tables(path):
        if table == "ledger_head":
            head = Head(int(row["seq"] or 0), row["hash"] or GENESIS_HASH)
        else:
            events.append((int(_given(row, "seq")), row["kind"], _utc(_given(row, "recorded_at")),
                           *(row[f] or "" for f in EVENT_FIELDS[3:])))
    return iter(events), head


# --- restore ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Restored:
    file: str
    events: int
    head: Head
    lost: list[str]  # checkpoints of events the backup does not have
    ok: bool  # the restored database verifies in full

    def as_dict(self) -> dict[str, Any]:
        return {"file": self.file, "events": self.events, "head": str(self.head), "lost": self.lost, "ok": self.ok}


def is_empty() -> bool:
    """No events and no people: nothing a restore could overwrite."""
    tables = connection.introspection.table_names()
    with connection.cursor() as cur:
        for table in ("ledger_event", "auth_user"):
            if table in tables:
                cur.execute(f"SELECT 1 FROM {table} LIMIT 1")
                if cur.fetchone():
                    return False
    return True


def restore(path: str | Path) -> Restored:
    """Put a backup into this empty database; refused when the backup does not verify or is not the
    ledger this Lotline's checkpoints witnessed."""
    source = Path(path)
    if not source.is_file():
        raise LotlineError(ErrorCode.BACKUP_BROKEN, f"there is no file {source}", field="file")
    if not is_empty():
        raise LotlineError(ErrorCode.DATABASE_NOT_EMPTY, "this database already holds events or people: restore into "
                           "a new, empty database (see README, Backups)", field="file")
    witnessed_here = witnessed(logged())
    check = read_backup(source, hashes_at={cp.seq for cp in witnessed_here})
    if not check.chain.ok:
        raise LotlineError(ErrorCode.BACKUP_BROKEN, f"{source} does not verify: event #{check.chain.first_bad_seq}: "
                           f"{check.chain.reason}", field="file")
    lost = []
    for cp in witnessed_here:
        if cp.seq > check.head.seq:
            lost.append(f"#{cp.seq} ({cp.made_for}, {cp.signed_at[:19]})")
        elif check.hashes.get(cp.seq) != cp.hash:
            raise LotlineError(ErrorCode.NOT_THIS_LEDGER, f"event #{cp.seq} of {source} is not the one the checkpoint "
                               f"of {cp.signed_at[:19]} ({cp.made_for}) saw: this backup is of another ledger, or was "
                               "changed. A different business's backup needs its own data folder (LOTLINE_DATA_DIR)",
                               field="file")
    _copy_in(source)
    call_command("migrate", verbosity=0, interactive=False)  # a backup made by an older Lotline
    head = current_head()
    keep_checkpoint(sign(head, RESTORE))
    remember_verify(True, head)  # a verify failed before the restore is of the database it replaced
    from .verification import verify_ledger

    verified = verify_ledger(made_for=RESTORE)
    return Restored(str(source), check.chain.events_checked, head, lost, verified.ok)


def _copy_in(source: Path) -> None:
    if connection.vendor == "sqlite":
        connection.close()
        target = sqlite3.connect(connection.settings_dict["NAME"])
        backup_db = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            backup_db.backup(target)
        finally:
            backup_db.close()
            target.close()
        return
    args, env = _pg_args()
    connection.close()
    _run([pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
          *args, str(source)], env)

"""The data folder is its owner's alone: the folder 0700, every file in it 0600.

It holds the SQLite database (live records), the secret key that signs sign-in cookies, the key
that signs checkpoints of the event log, and backups: none of them is for another account on the
machine to read. Settings imports this module, so it needs nothing from Django.
"""

from __future__ import annotations

import os
from pathlib import Path

FOLDER_MODE = 0o700
FILE_MODE = 0o600


def _owned(path: Path) -> bool:
    """Only the owner may change a path's mode; another account (a web server's) leaves it as it is."""
    return path.stat().st_uid == os.geteuid()


def private_folder(path: Path) -> Path:
    """Create `path` (and its parents) if needed and make it 0700."""
    path.mkdir(parents=True, exist_ok=True, mode=FOLDER_MODE)
    if _owned(path) and path.stat().st_mode & 0o777 != FOLDER_MODE:
        path.chmod(FOLDER_MODE)
    return path


def make_private(path: Path) -> None:
    """Make an existing file 0600 (no-op when it does not exist)."""
    try:
        if _owned(path) and path.stat().st_mode & 0o777 != FILE_MODE:
            path.chmod(FILE_MODE)
    except FileNotFoundError:
        pass


def write_private(path: Path, data: bytes) -> bool:
    """Create `path` as 0600 with `data`, from the first byte (never readable by others, not even briefly).

    False when it already exists: two processes starting at once keep the first one's file.
    """
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except FileExistsError:
        return False
    with os.fdopen(fd, "wb") as out:
        out.write(data)
    return True


def append_private(path: Path, line: str) -> None:
    """Append one line to a 0600 file (created if needed), in one write so lines never interleave."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, FILE_MODE)
    try:
        os.write(fd, line.encode())
        os.fsync(fd)
    finally:
        os.close(fd)


def sqlite_files(database: Path) -> list[Path]:
    """The database file and the two SQLite keeps beside it in WAL mode."""
    return [database, Path(f"{database}-wal"), Path(f"{database}-shm")]


def keep_sqlite_private(database: Path) -> None:
    """Create the database file 0600 before SQLite does, and make it and its -wal and -shm 0600.

    SQLite gives the -wal and -shm files the mode of the database file, so a database created 0600
    keeps its journal private too; the chmod covers files made before this rule existed.
    """
    if str(database) in ("", ":memory:") or str(database).startswith("file:"):
        return
    if database.parent.is_dir():
        write_private(database, b"")  # an empty file is a new, empty SQLite database
    for path in sqlite_files(database):
        make_private(path)

"""The data folder is its owner's alone: the folder 0700; the database, its -wal and -shm, the secret
key, the checkpoint key and log 0600."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from lotline.datafolder import keep_sqlite_private, private_folder, write_private


def mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def test_a_first_start_makes_the_data_folder_and_every_file_in_it_private(tmp_path: Path):
    data = tmp_path / "var"
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "LOTLINE_CHECKPOINT_KEY",
                                                            "LOTLINE_SECRET_KEY")}
    env |= {"LOTLINE_DATA_DIR": str(data), "DJANGO_SETTINGS_MODULE": "lotline.settings"}
    for command in (["migrate", "--verbosity", "0"], ["checkpoint"]):
        done = subprocess.run([sys.executable, "-m", "lotline.cli", *command], env=env, capture_output=True,
                              text=True, check=False, umask=0o022)
        assert done.returncode == 0, done.stderr
    assert mode(data) == 0o700
    files = {p.name: mode(p) for p in data.iterdir()}
    assert files == {"lotline.sqlite3": 0o600, "secret_key": 0o600, "checkpoint_key.pem": 0o600,
                     "checkpoints.log": 0o600}


def test_the_sqlite_journal_files_take_the_private_mode_of_the_database(tmp_path: Path):
    database = tmp_path / "lotline.sqlite3"
    old = os.umask(0o022)
    try:
        keep_sqlite_private(database)
        db = sqlite3.connect(database)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("CREATE TABLE t (x)")
        db.execute("INSERT INTO t VALUES (1)")
        db.commit()
        assert {p.name: mode(p) for p in tmp_path.iterdir()} == {
            "lotline.sqlite3": 0o600, "lotline.sqlite3-wal": 0o600, "lotline.sqlite3-shm": 0o600}
        db.close()
    finally:
        os.umask(old)


def test_files_made_before_this_rule_are_made_private(tmp_path: Path):
    folder = tmp_path / "var"
    folder.mkdir(mode=0o755)
    for name in ("lotline.sqlite3", "lotline.sqlite3-wal", "lotline.sqlite3-shm"):
        (folder / name).write_bytes(b"")
        (folder / name).chmod(0o644)
    private_folder(folder)
    keep_sqlite_private(folder / "lotline.sqlite3")
    assert mode(folder) == 0o700
    assert {mode(p) for p in folder.iterdir()} == {0o600}


def test_a_private_file_is_never_overwritten(tmp_path: Path):
    assert write_private(tmp_path / "key", b"first")
    assert not write_private(tmp_path / "key", b"second")
    assert (tmp_path / "key").read_bytes() == b"first"

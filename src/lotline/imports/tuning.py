"""SQLite settings for the length of one large import (PostgreSQL needs none).

Both are fixed sizes, so memory stays flat however many rows a file has.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import DatabaseError, connection

# The projections find every foreign key by its code (lot, item, customer): a bigger page cache
# keeps those indexes in memory while millions of rows go in.
IMPORT_CACHE_KIB = 256 * 1024


def _pragma(name: str, value: object | None = None) -> object:
    with connection.cursor() as cur:
        if value is None:
            cur.execute(f"PRAGMA {name}")
            return cur.fetchone()[0]
        cur.execute(f"PRAGMA {name} = {value}")
        return value


@contextmanager
def tuned_for_import() -> Iterator[None]:
    """Enter before ledger.writing(): the staging tables can only move to disk outside a transaction."""
    if connection.vendor != "sqlite":
        yield
        return
    cache, temp_cache = _pragma("cache_size"), _pragma("temp.cache_size")
    _pragma("cache_size", -IMPORT_CACHE_KIB)
    _pragma("temp.cache_size", -IMPORT_CACHE_KIB)
    # The settings keep temporary tables in memory (quick for a form's few rows); an import's
    # staging tables hold every row of every file, so they go to a temporary file instead.
    store = _temp_store(1)
    try:
        yield
    finally:
        _pragma("cache_size", cache)
        _pragma("temp.cache_size", temp_cache)
        if store is not None:
            _temp_store(store)


def _temp_store(value: int) -> int | None:
    """Set temp_store; SQLite refuses inside a transaction that has temporary tables (then leave it)."""
    if connection.in_atomic_block:
        return None
    before = _pragma("temp_store")
    try:
        _pragma("temp_store", value)
    except DatabaseError:
        return None
    return int(before)  # type: ignore[call-overload]

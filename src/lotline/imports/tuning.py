"""SQLite settings for the length of one large import (PostgreSQL needs none): bigger page caches,
staging tables on disk rather than in memory, and no per-row foreign-key check. Every size is
fixed, so memory stays flat however many rows the files have.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import DatabaseError, connection

# The projections find every foreign key by its code (lot, item, customer), and validation joins the
# staging tables: a bigger page cache (for the ledger, and again for the staging tables) keeps their
# indexes in memory. Measured on the 1M-batch dataset: 64 MiB 279 s, 128-256 MiB ~271 s, 768 MiB no
# better; the cost is that much memory, fixed, whatever the size of the files.
IMPORT_CACHE_KIB = 128 * 1024


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
        # Every foreign key an import writes is a subselect by code in the same transaction, of a
        # code the staging rules have just checked, so SQLite's own check of each one is redundant
        # (Django's loaddata turns it off the same way). Outside a transaction only; tests keep it.
        with connection.constraint_checks_disabled():
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

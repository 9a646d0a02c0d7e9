"""SQLite settings for the length of one large import (PostgreSQL needs none): bigger page caches,
staging tables on disk rather than in memory, no per-row foreign-key check, and the read tables'
secondary indexes built once at the end. Every size is fixed, so memory stays flat however many
rows the files have.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from django.db import DatabaseError, connection

# The projections find every foreign key by its code (lot, item, customer), and validation joins the
# staging tables: a bigger page cache (for the ledger, and again for the staging tables) keeps their
# indexes in memory. Measured on the 1M-batch dataset: 64 MiB 279 s, 128-256 MiB ~271 s, 768 MiB no
# better; the cost is that much memory, fixed, whatever the size of the files.
IMPORT_CACHE_KIB = 128 * 1024
# SQLite sorts (GROUP BY, CREATE INDEX) in as much memory as the page cache, beyond it. The checks
# and the index building sort millions of rows: in runs of 16 MiB, which suit the processor's
# caches, they are faster (1M batches: the balance check 5.8 s rather than 7.8 s, an index 5.2 s
# rather than 6.4 s) and add 16 MiB to the import's memory rather than 128.
SORT_CACHE_KIB = 16 * 1024
# PostgreSQL: an import adding this many rows to a table refreshes its planner statistics
ANALYZE_AFTER_ROWS = 1000


def _pragma(name: str, value: int | None = None) -> int:
    """Read or set one of SQLite's numeric settings (cache sizes, temp_store)."""
    with connection.cursor() as cur:
        if value is None:
            cur.execute(f"PRAGMA {name}")
            return int(cur.fetchone()[0])
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


@contextmanager
def sorting() -> Iterator[None]:
    """SQLite: a small main page cache for a part of the import that sorts more than it looks up."""
    if connection.vendor != "sqlite":
        yield
        return
    cache = _pragma("cache_size")
    _pragma("cache_size", -SORT_CACHE_KIB)
    try:
        yield
    finally:
        _pragma("cache_size", cache)


@contextmanager
def sorts_on_disk() -> Iterator[None]:
    """SQLite: sorts of millions of rows (an export in date order) in runs of SORT_CACHE_KIB spilled to a
    temporary file, rather than in memory as the settings keep small ones: memory stays flat."""
    if connection.vendor != "sqlite":
        yield
        return
    temp_cache, store = _pragma("temp.cache_size"), _temp_store(1)
    _pragma("temp.cache_size", -SORT_CACHE_KIB)
    try:
        yield
    finally:
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
    return before


@contextmanager
def indexes_built_after(rows_added: Mapping[str, int]) -> Iterator[None]:
    """SQLite: build the secondary indexes of a read table after the rows, when an import (at least)
    doubles the table; `rows_added` says how many rows each table is about to get.

    Kept up to date row by row, an index of millions of rows is updated in random order, far from
    its pages in the cache (1M-batch dataset: 21 s more). Built once from the finished table, it
    is one sort. The indexes of unique columns stay (SQLite's own, with no SQL: the projections find
    lots, items and customers by code through them); lot_code_any_case is built again like the
    others, and checks again as it is built that no two codes differ only in case. Inside the
    import's transaction: other connections keep reading through the indexes committed before,
    and if the import fails the indexes simply come back with the rollback. Not on PostgreSQL,
    where dropping an index locks its table against readers until the import commits.
    """
    rebuild: list[str] = []
    if connection.vendor == "sqlite":
        with connection.cursor() as cur:
            for table, added in rows_added.items():
                cur.execute(f"SELECT COALESCE(MAX(rowid), 0) FROM {table}")  # our table names
                if added < max(cur.fetchone()[0], 1):
                    continue
                cur.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s "
                            "AND sql IS NOT NULL", [table])
                for name, sql in cur.fetchall():
                    cur.execute(f'DROP INDEX "{name}"')
                    rebuild.append(sql)
    yield
    with sorting(), connection.cursor() as cur:
        for sql in rebuild:
            cur.execute(sql)


def refresh_statistics(rows_added: Mapping[str, int]) -> None:
    """PostgreSQL: ANALYZE the read tables a large import grew, once it has committed.

    The planner chooses trace plans from these statistics. Left to autovacuum, a fresh import of
    100k batches was traced with sequential scans (230-500 ms rather than 0.3 ms) until it came by.
    Not on SQLite: its planner does well without them, and with them chose slower trace plans.
    """
    if connection.vendor != "postgresql":
        return
    grown = [table for table, added in rows_added.items() if added >= ANALYZE_AFTER_ROWS]
    with connection.cursor() as cur:
        for table in grown:
            cur.execute(f"ANALYZE {table}")  # our table names

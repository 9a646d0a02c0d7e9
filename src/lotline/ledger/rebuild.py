"""Rebuilding the read tables from the event log, and saying what differed.

Each app registers its read tables with a snapshot query that shows rows by their codes rather
than their ids, so a table rebuilt with new ids compares equal when it holds the same facts.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from django.db import connection
from django.db.backends.utils import CursorWrapper

from .log import project, writing
from .models import Event


@dataclass(frozen=True)
class ReadTable:
    name: str
    level: int  # tables of a higher level refer to lower ones, so they are emptied first
    snapshot_sql: str


_tables: dict[str, ReadTable] = {}


def read_table(name: str, level: int, snapshot_sql: str) -> None:
    _tables[name] = ReadTable(name, level, snapshot_sql)


@dataclass
class TableDiff:
    rows_before: int
    rows_after: int
    missing: int = 0  # rows the events do not explain (they were in the table, not in the rebuild)
    extra: int = 0  # rows the events produce that the table lacked
    examples: list[str] = field(default_factory=list)


@dataclass
class RebuildReport:
    events_replayed: int
    tables: dict[str, TableDiff]

    @property
    def differences(self) -> int:
        return sum(t.missing + t.extra for t in self.tables.values())


def _count(cur: CursorWrapper, sql: str) -> int:
    cur.execute(f"SELECT COUNT(*) FROM ({sql}) q")
    return cur.fetchone()[0]


def _replay() -> int:
    last = replayed = 0
    while True:
        batch = list(Event.objects.filter(seq__gt=last).order_by("seq").values_list("seq", "kind", "payload")[:500])
        if not batch:
            return replayed
        for seq, kind, payload in batch:
            project(kind, json.loads(payload), seq)
        last, replayed = batch[-1][0], replayed + len(batch)


def rebuild(*, examples: int = 5) -> RebuildReport:
    """Empty every read table, replay every event, and compare with what was there before."""
    tables = sorted(_tables.values(), key=lambda t: t.level)
    report = RebuildReport(0, {})
    with writing(), connection.cursor() as cur:
        for t in tables:
            cur.execute(f"DROP TABLE IF EXISTS snap_{t.name}")
            cur.execute(f"CREATE TEMP TABLE snap_{t.name} AS {t.snapshot_sql}")
        for t in reversed(tables):
            cur.execute(f"DELETE FROM {t.name}")
        report.events_replayed = _replay()
        for t in tables:
            diff = TableDiff(_count(cur, f"SELECT * FROM snap_{t.name}"), _count(cur, t.snapshot_sql))
            missing = f"SELECT * FROM snap_{t.name} EXCEPT {t.snapshot_sql}"
            extra = f"{t.snapshot_sql} EXCEPT SELECT * FROM snap_{t.name}"
            diff.missing, diff.extra = _count(cur, missing), _count(cur, extra)
            for label, sql in (("not explained by the events", missing), ("missing from the table", extra)):
                cur.execute(f"{sql} LIMIT {examples}")
                diff.examples += [f"{label}: {row}" for row in cur.fetchall()]
            cur.execute(f"DROP TABLE snap_{t.name}")
            report.tables[t.name] = diff
    return report

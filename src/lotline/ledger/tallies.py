"""Cheap invariants of the read tables: what the events say against what the tables hold.

A read table edited directly (a shipment deleted to hide a customer from a recall, a lot's
quantity changed) breaks no hash: only `verify --rebuild` used to see it, by replaying every event.
Each app registers tallies instead: one row per key (a lot, a customer) of counts and sums, once
computed from the event payloads and once from the read tables, both set-based SQL. `verify` runs
them on every call and names the keys whose rows differ.

The payloads are read in SQL, never in Python (SQLite's json_each, PostgreSQL's jsonb): `Sql`
gives each database's spelling of the few fragments that differ, as lots/projections.py does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection

from lotline.quantities import exact


class Sql:
    """The fragments of a tally's SQL that differ between SQLite and PostgreSQL."""

    def __init__(self, vendor: str) -> None:
        self.sqlite = vendor == "sqlite"
        # an event's payload as JSON; `->>` then reads a field alike on both
        self.payload = "e.payload" if self.sqlite else "e.payload::jsonb"

    def rows(self, table: str) -> str:
        """FROM: events `e` and the rows `r` of their payload table `table` (read a cell with cell())."""
        if self.sqlite:
            return f"ledger_event e, json_each(e.payload, '$.{table}.rows') r"
        return f"ledger_event e CROSS JOIN LATERAL jsonb_array_elements(e.payload::jsonb -> '{table}' -> 'rows') " \
               "AS r(value)"

    @staticmethod
    def cell(i: int) -> str:
        return f"r.value ->> {i}"

    def amount(self, x: str) -> str:
        """A quantity as an exact number. SQLite has no decimal type: millionths, as an integer."""
        if self.sqlite:
            return f"CAST(ROUND(CAST({x} AS REAL) * 1000000) AS INTEGER)"
        return f"CAST({x} AS NUMERIC)"

    def total(self, x: str) -> str:
        """The sum of quantities, exact (on SQLite up to 9 billion units per key: a double's integers)."""
        if self.sqlite:
            return f"TOTAL({self.amount(x)})"
        return f"SUM({self.amount(x)})"


@dataclass(frozen=True)
class Tally:
    name: str
    columns: tuple[str, ...]  # the key first
    amounts: frozenset[str]  # columns holding Sql.amount() or Sql.total()
    from_events: Callable[[Sql], str]
    from_tables: Callable[[Sql], str]


_tallies: dict[str, Tally] = {}


def tally(name: str, columns: str, *, amounts: str, from_events: Callable[[Sql], str],
          from_tables: Callable[[Sql], str]) -> None:
    """Register a tally: both queries return `columns` (space-separated, the key first), one row per key;
    `amounts` names the columns that hold quantities."""
    _tallies[name] = Tally(name, tuple(columns.split()), frozenset(amounts.split()), from_events, from_tables)


@dataclass
class TallyDiff:
    name: str
    differences: int = 0  # rows of either side with no equal row on the other
    examples: list[str] = field(default_factory=list)


EVENTS, TABLES = "the events", "the tables"


def check_tallies(*, examples: int = 5) -> list[TallyDiff]:
    """Every registered tally, compared in one pass: rows are grouped with their twin from the other
    side, so a row left alone differs from (or is missing on) the other side."""
    sql = Sql(connection.vendor)
    report = []
    with connection.cursor() as cur:
        for t in _tallies.values():
            cols = ", ".join(t.columns)
            cur.execute(f"""
                SELECT MIN(side), {cols}, COUNT(*) OVER () FROM (
                    SELECT '{EVENTS}' AS side, {cols} FROM ({t.from_events(sql)}) ev
                    UNION ALL
                    SELECT '{TABLES}' AS side, {cols} FROM ({t.from_tables(sql)}) tb
                ) both_sides
                GROUP BY {cols} HAVING COUNT(*) = 1
                ORDER BY 2, 1 LIMIT {examples * 2}""")  # registered SQL, no user input
            rows = cur.fetchall()
            diff = TallyDiff(t.name, rows[0][-1] if rows else 0)
            diff.examples = _explain(t, [(side, _readable(t, values, sql)) for side, *values, _n in rows])[:examples]
            report.append(diff)
    return report


def _readable(t: Tally, values: list, sql: Sql) -> dict[str, str]:
    def shown(column: str, value: object) -> str:
        if value is None:
            return "none"
        if column in t.amounts:
            number = Decimal(str(value)) / (1000000 if sql.sqlite else 1)
            return exact(number)
        return str(value)
    return {c: shown(c, v) for c, v in zip(t.columns, values, strict=True)}


def _explain(t: Tally, rows: list[tuple[str, dict[str, str]]]) -> list[str]:
    """One line per key: the columns where the two sides differ, or the side it is missing from."""
    key = t.columns[0]
    by_key: dict[str, dict[str, dict[str, str]]] = {}
    for side, values in rows:
        by_key.setdefault(values[key], {})[side] = values
    lines = []
    for k, sides in by_key.items():
        if len(sides) == 2:
            ev, tb = sides[EVENTS], sides[TABLES]
            changed = [f"{c} {ev[c]} in the events, {tb[c]} in the tables" for c in t.columns[1:] if ev[c] != tb[c]]
            lines.append(f"{key} {k}: " + "; ".join(changed))
        else:
            (side, values), = sides.items()
            other = TABLES if side == EVENTS else EVENTS
            said = ", ".join(f"{c} {values[c]}" for c in t.columns[1:])
            lines.append(f"{key} {k}: in {side} ({said}), not in {other}")
    return lines

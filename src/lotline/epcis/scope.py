"""Which of our records an EPCIS export holds: a date range, a site, a trace, or everything.

The parts combine (a trace's events at one site in March). A trace is everything connected to one
lot both ways, as in the FSMA 204 request (compliance/selection.py): the same recursive CTE over
the link table, so its cost grows with the answer. Each source of events gets one condition on
its lot (alias l) and one on its own date column.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from lotline.catalog.queries import find_site
from lotline.compliance.selection import our_lots
from lotline.errors import ErrorCode, LotlineError


@dataclass(frozen=True)
class Scope:
    """What to export; all parts empty: everything."""

    first: dt.date | None = None
    last: dt.date | None = None
    trace: str = ""
    site: str = ""
    lots: tuple[str, ...] = ()  # exactly these lots (our codes), nothing connected to them
    items: tuple[str, ...] = ()  # every lot of these items (our codes); with `lots`: either
    used: bool = False  # `lots` and `items` name what went into batches: those batches' events
    sites: tuple[str, ...] = ()  # any of these sites (our codes), beside `site`


@dataclass(frozen=True)
class Chosen:
    """A scope as SQL: a WITH clause (or ""), its parameters, and a condition on lot l."""

    scope: Scope
    with_sql: str = ""
    params: list[Any] = field(default_factory=list)
    lots: str = "1 = 1"
    lot_params: list[Any] = field(default_factory=list)
    made: str = ""  # a trace: the condition of the events that make a lot (receipts, batches), when wider

    def on(self, day_column: str, *, making: bool = False) -> tuple[str, list[Any]]:
        """The condition of one source of events whose date is `day_column` (`making`: receipts and
        batches), and its parameters."""
        where, params = [self.made if making and self.made else self.lots], list(self.lot_params)
        if self.scope.first:
            where.append(f"{day_column} >= %s")
            params.append(self.scope.first)
        if self.scope.last:
            where.append(f"{day_column} <= %s")
            params.append(self.scope.last)
        return " AND ".join(where), params


def _marks(values: tuple[str, ...]) -> str:
    return ", ".join(["%s"] * len(values))


def _named(scope: Scope, lot: str, item: str) -> tuple[str, list[Any]]:
    """The condition "one of the lots, or a lot of one of the items" on lot alias `lot`."""
    parts, params = [], []
    if scope.lots:
        parts.append(f"{lot}.code IN ({_marks(scope.lots)})")
        params += list(scope.lots)
    if scope.items:
        parts.append(f"{item}.code IN ({_marks(scope.items)})")
        params += list(scope.items)
    return f"({' OR '.join(parts)})", params


def choose(scope: Scope) -> Chosen:
    """The scope checked (an unknown site or lot, a range ending before it starts are refused naming
    the field) and written as SQL."""
    if scope.first and scope.last and scope.last < scope.first:
        raise LotlineError(ErrorCode.IMPOSSIBLE_DATE, f"the range ends ({scope.last}) before it starts "
                           f"({scope.first})", field="to")
    lots, lot_params = ["1 = 1"], list[Any]()
    if scope.site:
        lots.append("l.site_id = %s")
        lot_params.append(find_site(scope.site).pk)
    if scope.sites:
        lots.append(f"t.code IN ({_marks(scope.sites)})")
        lot_params += list(scope.sites)
    if scope.lots or scope.items:
        named, named_params = _named(scope, "l", "i")
        if scope.used:
            named = f"""l.id IN (SELECT li.batch_id FROM lot_input li JOIN lot x ON x.id = li.input_lot_id
                JOIN item xi ON xi.id = x.item_id WHERE {_named(scope, "x", "xi")[0]})"""
        lots.append(named)
        lot_params += named_params
    if not scope.trace:
        return Chosen(scope, lots=" AND ".join(lots), lot_params=lot_params)
    ids = our_lots([scope.trace], "trace")
    marks = ", ".join(["%s"] * len(ids))
    seed = f"SELECT id FROM lot WHERE id IN ({marks})"
    with_sql = f"""WITH RECURSIVE
        back(id) AS ({seed} UNION SELECT li.input_lot_id FROM lot_input li JOIN back w ON li.batch_id = w.id),
        fwd(id) AS ({seed} UNION SELECT li.batch_id FROM lot_input li JOIN fwd w ON li.input_lot_id = w.id),
        chosen(id) AS (SELECT id FROM back UNION SELECT id FROM fwd),
        made(id) AS (SELECT id FROM chosen UNION SELECT li.input_lot_id FROM lot_input li JOIN made m
            ON li.batch_id = m.id)"""
    # A trace's batches also name their other inputs (the flour in the jam's tarts): how those were made
    # is in the document too (their receipts and batches, not their other movements), so it can be
    # taken in on its own, into an empty database.
    made = " AND ".join([*lots, "l.id IN (SELECT id FROM made)"])
    lots.append("l.id IN (SELECT id FROM chosen)")
    return Chosen(scope, with_sql, [*ids, *ids], " AND ".join(lots), lot_params, made)

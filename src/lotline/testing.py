"""The demo cast for tests: the jam seller's catalog, built through the same verbs users call.

Tests build their data with these helpers and the lot verbs, never with `.objects.create()`. A
larger cast (the demo business) is recorded once per test run and copied into each test that reads
it (`take_snapshot`, `restore`).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, NoReturn, TypeVar

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, transaction

from lotline.catalog import services as catalog
from lotline.errors import ErrorCode
from lotline.lots.services import InputLine, ShipmentLine, receive_lot, record_batch, ship_units

ACTOR = "alice"
# Every warning a verb may ask to confirm, confirmed: for tests about something else (numbering,
# traces) that record batches with nothing going in, or the same batch twice in a row.
ANYWAY = frozenset({ErrorCode.EXPIRED_INPUT, ErrorCode.NEAR_TWIN, ErrorCode.NO_INPUTS})


def add_jam_seller_catalog(*, actor: str = ACTOR) -> None:
    """One kitchen, three suppliers, three customers, the jam seller's ingredients and products."""
    catalog.add_records("site", [{"code": "K1", "name": "Home kitchen", "address": "12 Orchard Lane"}],
                        actor=actor)
    catalog.add_records("supplier", [
        {"ref": "VALLEY", "name": "Valley Farm", "contact": "555-0101", "address": "Route 9, Valley"},
        {"ref": "HILL", "name": "Hillside Orchard", "contact": "555-0102"},
        {"ref": "COSTCO", "name": "Costco Main St", "contact": "555-0103"},
    ], actor=actor)
    catalog.add_records("customer", [
        {"ref": "SATMKT", "name": "Saturday farmers market", "kind": "market", "contact": "555-0201"},
        {"ref": "GOODEARTH", "name": "Good Earth Co-op", "kind": "store", "contact": "buyer@goodearth.example"},
        {"ref": "ORDER1847", "name": "Online order #1847", "kind": "online", "contact": "pat@example.com"},
    ], actor=actor)
    catalog.add_records("item", [
        {"code": "STRAW", "name": "Strawberries", "kind": "ingredient", "unit": "kg"},
        {"code": "SUGAR", "name": "Cane sugar", "kind": "ingredient", "unit": "kg"},
        {"code": "PECTN", "name": "Pectin", "kind": "ingredient", "unit": "kg"},
        {"code": "FLOUR", "name": "Wheat flour", "kind": "ingredient", "unit": "kg", "allergens": "wheat"},
        {"code": "SJ", "name": "Strawberry jam", "kind": "product", "unit": "unit"},
        {"code": "JT", "name": "Jam tarts", "kind": "product", "unit": "unit", "allergens": "wheat"},
    ], actor=actor)


@dataclass(frozen=True)
class JamStory:
    """The codes of the small story most tests tell: two strawberry lots, jam, tarts, shipments."""

    valley_strawberries: str
    hillside_strawberries: str
    sugar: str
    jam: str
    other_jam: str
    tarts: str


def tell_jam_story(*, actor: str = ACTOR) -> JamStory:
    """Valley Farm berries (3/2) go into jam SJ (3/4), jam into tarts (3/6); Hillside berries into
    another jam (3/10); jam and tarts go to the market and the co-op."""
    add_jam_seller_catalog(actor=actor)
    d = dt.date

    def receive(item: str, supplier: str, qty: str, on: dt.date, supplier_lot: str) -> str:
        return receive_lot(item=item, supplier=supplier, quantity=Decimal(qty), unit="kg", received_on=on,
                           supplier_lot=supplier_lot, reference_doc_type="invoice", reference_doc=f"INV-{on:%m%d}",
                           actor=actor).code

    valley = receive("STRAW", "VALLEY", "20", d(2026, 3, 2), "VF-0302")
    hill = receive("STRAW", "HILL", "20", d(2026, 3, 8), "HO-77")
    sugar = receive("SUGAR", "COSTCO", "25", d(2026, 2, 15), "C-SUG-1")
    flour = receive("FLOUR", "COSTCO", "25", d(2026, 2, 15), "C-FL-1")

    def batch(product: str, qty: int, on: dt.date, inputs: list[InputLine]) -> str:
        return record_batch(product=product, quantity_produced=Decimal(qty), produced_on=on, inputs=inputs,
                            made_by="alice", actor=actor).code

    jam = batch("SJ", 40, d(2026, 3, 4), [InputLine(valley, Decimal(8)), InputLine(sugar, Decimal(4))])
    other = batch("SJ", 40, d(2026, 3, 10), [InputLine(hill, Decimal(8)), InputLine(sugar, Decimal(4))])
    tarts = batch("JT", 60, d(2026, 3, 6), [InputLine(jam, Decimal(6)), InputLine(flour, Decimal(4))])
    ship_units([
        ShipmentLine(jam, "SATMKT", Decimal(24), d(2026, 3, 7), reference_doc="market day"),
        ShipmentLine(jam, "GOODEARTH", Decimal(10), d(2026, 3, 8), reference_doc="PO-55"),
        ShipmentLine(tarts, "GOODEARTH", Decimal(30), d(2026, 3, 8), reference_doc="PO-55"),
        ShipmentLine(other, "ORDER1847", Decimal(6), d(2026, 3, 11), reference_doc="order #1847"),
    ], actor=actor)
    return JamStory(valley, hill, sugar, jam, other, tarts)


# --- a recording made once, copied into each test ----------------------------------------------

T = TypeVar("T")
Row = tuple[Any, ...]


@dataclass(frozen=True)
class TableChange:
    """What a recording did to one table: rows added and rows changed (by primary key, first column
    of each row), as they were left."""

    columns: tuple[str, ...]
    key: str
    added: list[Row]
    changed: list[Row]


@dataclass(frozen=True)
class Snapshot:
    """What a recording did to each table it touched: done again in milliseconds, where recording
    the demo business again takes seconds (on a busy machine and PostgreSQL, half a minute)."""

    tables: dict[str, TableChange]


def _model_tables() -> dict[str, Any]:
    return {m._meta.db_table: m for m in apps.get_models(include_auto_created=True)
            if m._meta.managed and not m._meta.proxy}


def _rows_by_key(tables: dict[str, Any]) -> dict[str, tuple[tuple[str, ...], dict[Any, Row]]]:
    """Each table's columns and rows by primary key, the key's column first."""
    quote, found = connection.ops.quote_name, {}
    with connection.cursor() as cur:
        for table, model in tables.items():
            key = model._meta.pk.column
            others = [f.column for f in model._meta.concrete_fields if f.column != key]
            cur.execute(f"SELECT {', '.join(map(quote, [key, *others]))} FROM {quote(table)}")
            found[table] = ((key, *others), {row[0]: row for row in cur.fetchall()})
    return found


def take_snapshot(record: Callable[[], T]) -> tuple[T, Snapshot]:
    """Run `record` in a transaction that is then rolled back, keeping what it added to each table
    and what it changed (the ledger's head, which the migrations create)."""
    tables = _model_tables()
    with transaction.atomic():
        before = _rows_by_key(tables)
        result = record()
        after = _rows_by_key(tables)
        transaction.set_rollback(True)
    changes = {}
    for table, (columns, rows) in after.items():
        old = before[table][1]
        if gone := old.keys() - rows.keys():
            raise ValueError(f"{table}: the recording removed rows {sorted(gone)[:5]}; a snapshot only adds "
                             "and changes rows")
        added = [row for key, row in rows.items() if key not in old]
        changed = [row for key, row in rows.items() if key in old and old[key] != row]
        if added or changed:
            changes[table] = TableChange(columns, columns[0], added, changed)
    return result, Snapshot(changes)


def restore(snapshot: Snapshot) -> None:
    """Do again what the snapshot's recording did, to a database as it was before it (a test's), and
    move the id sequences past the rows added (PostgreSQL; SQLite's follow the rows)."""
    quote = connection.ops.quote_name
    # One transaction: foreign keys are checked at its end, whatever order the tables come in.
    with transaction.atomic(), connection.cursor() as cur:
        for table, change in snapshot.tables.items():
            names = ", ".join(map(quote, change.columns))
            marks = ", ".join(["%s"] * len(change.columns))
            cur.executemany(f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})", change.added)
            sets = ", ".join(f"{quote(column)} = %s" for column in change.columns[1:])
            for row in change.changed:  # a row the migrations made, which a flush may have removed since
                cur.execute(f"UPDATE {quote(table)} SET {sets} WHERE {quote(change.key)} = %s",
                            [*row[1:], row[0]])
                if cur.rowcount == 0:
                    cur.execute(f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})", row)
        models = [_model_tables()[table] for table in snapshot.tables]
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cur.execute(sql)


# --- tools a test needs ---------------------------------------------------------------------------


def in_ci() -> bool:
    """CI=true: every tool the tests need must be there, so a missing one fails the run."""
    return os.environ.get("CI", "").lower() not in ("", "0", "false", "no")


def missing(problem: str) -> NoReturn:
    """A test cannot run here for want of a tool: skipped, saying why; in CI, failed."""
    import pytest

    if in_ci():
        pytest.fail(f"{problem}. In CI a missing tool fails the run.", pytrace=False)
    pytest.skip(problem)


class TokenApi:
    """A script calling the JSON API with a personal token of `user` (the API tests' way in)."""

    def __init__(self, user: Any) -> None:
        import json

        from django.test import Client

        from lotline.accounts.services import create_token

        self._json = json
        self.client = Client(headers={"Authorization": f"Bearer {create_token(user, 'script').token}"})

    def post(self, url: str, body: dict[str, Any]) -> Any:
        return self.client.post(url, self._json.dumps(body), content_type="application/json")

    def get(self, url: str, **params: str) -> Any:
        return self.client.get(url, params)

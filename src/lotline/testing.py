"""The demo cast for tests: the jam seller's catalog, built through the same verbs users call.

Tests build their data with these helpers and the lot verbs, never with `.objects.create()`.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from decimal import Decimal
from typing import NoReturn

from lotline.catalog import services as catalog
from lotline.lots.services import InputLine, ShipmentLine, receive_lot, record_batch, ship_units

ACTOR = "alice"


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


def in_ci() -> bool:
    """CI=true: every tool the tests need must be there, so a missing one fails the run."""
    return os.environ.get("CI", "").lower() not in ("", "0", "false", "no")


def missing(problem: str) -> NoReturn:
    """A test cannot run here for want of a tool: skipped, saying why; in CI, failed."""
    import pytest

    if in_ci():
        pytest.fail(f"{problem}. In CI a missing tool fails the run.", pytrace=False)
    pytest.skip(problem)

"""A small network for the yields tests: three sites making jam in 8 oz jars from strawberries (kg),
sugar (bought in lb) and pectin (in g); tarts with no weight of their own; lemon juice in litres."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from lotline.catalog import services as catalog
from lotline.lots.services import InputLine, receive_lot, record_batch
from lotline.testing import ACTOR, ANYWAY

D = Decimal
JAR_KG = D("0.226796185")  # 8 oz
LB_KG = D("0.45359237")


def add_network() -> None:
    catalog.add_records("site", [{"code": c, "name": f"Kitchen {c}"} for c in ("K1", "K2", "K3")], actor=ACTOR)
    catalog.add_records("supplier", [{"ref": "VALLEY", "name": "Valley Farm"}, {"ref": "HILL", "name": "Hillside"},
                                     {"ref": "COSTCO", "name": "Costco"}], actor=ACTOR)
    catalog.add_records("customer", [{"ref": "SHOP", "name": "Corner shop", "kind": "store"}], actor=ACTOR)
    catalog.add_records("item", [
        {"code": "STRAW", "name": "Strawberries", "kind": "ingredient", "unit": "kg"},
        {"code": "SUGAR", "name": "Cane sugar", "kind": "ingredient", "unit": "kg"},
        {"code": "PECTN", "name": "Pectin", "kind": "ingredient", "unit": "g"},
        {"code": "LEMON", "name": "Lemon juice", "kind": "ingredient", "unit": "l"},
        {"code": "SJ", "name": "Strawberry jam", "kind": "product", "unit": "unit", "pack_size": "8 oz"},
        {"code": "JT", "name": "Jam tarts", "kind": "product", "unit": "unit", "pack_size": "6 tarts"},
    ], actor=ACTOR)


def receive(item: str, supplier: str, quantity: str, unit: str, site: str = "K1",
            on: dt.date = dt.date(2026, 1, 5)) -> str:
    return receive_lot(item=item, supplier=supplier, quantity=D(quantity), unit=unit, received_on=on, site=site,
                       actor=ACTOR).code


def jam(site: str, on: dt.date, jars: str, inputs: list[InputLine], **more: object) -> str:
    return record_batch(product="SJ", quantity_produced=D(jars), produced_on=on, inputs=inputs, site=site,
                        confirmed=ANYWAY, actor=ACTOR, **more).code  # type: ignore[arg-type]

"""An export always imports again, on either database: every text recorded at its longest (the
limits the doors check, catalog.specs and lots.lengths) comes back through the files unchanged.

Both halves run on the database the tests run on; with `--db=postgres` the import meets
PostgreSQL's column lengths, which SQLite ignores: an export made on SQLite, whose texts passed the
same limits, imports there too.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import transaction

from lotline.catalog.allergens import BIG_9
from lotline.catalog.recipes import RecipeLineIn, set_recipe
from lotline.catalog.services import add_records
from lotline.catalog.specs import SPECS
from lotline.errors import LotlineError
from lotline.imports.export import export_dir
from lotline.imports.services import import_dir
from lotline.ledger.checkpoints import HEAD_FILE
from lotline.ledger.models import Event
from lotline.lots.lengths import LENGTHS
from lotline.lots.models import Lot
from lotline.lots.services import (
    InputLine,
    ShipmentLine,
    discard_units,
    place_hold,
    receive_lot,
    record_batch,
    release_hold,
    ship_units,
)

pytestmark = pytest.mark.django_db
ACTOR = "alice"


def longest(limit: int, start: str, fill: str = "é-ü ") -> str:
    """A text of exactly `limit` characters: `start`, then `fill` (letters of two bytes in UTF-8)
    over and over; it ends in a letter (a file's values are trimmed)."""
    return (start + fill * limit)[:limit - 1] + "x"


def code(limit: int, start: str) -> str:
    return longest(limit, start, "0123456789")


def catalog_row(entity: str, key: str, **chosen: str | bool) -> dict[str, str | bool]:
    """A record with every typed text at its longest."""
    spec = SPECS[entity]
    row = {f.name: longest(f.length, f"{entity} {f.name} ") for f in spec.fields if f.checks_length}
    return row | {spec.key: key} | chosen


def record_everything_at_its_longest() -> None:
    site = code(SPECS["site"].field("code").length, "K")
    add_records("site", [catalog_row("site", site)], actor=ACTOR)
    supplier = code(SPECS["supplier"].field("ref").length, "VALLEY")
    add_records("supplier", [catalog_row("supplier", supplier)], actor=ACTOR)
    customer = code(SPECS["customer"].field("ref").length, "GOODEARTH")
    add_records("customer", [catalog_row("customer", customer, kind="store")], actor=ACTOR)
    item_code = SPECS["item"].field("code").length
    straw, jam = code(item_code, "STRAW"), code(item_code, "SJ")
    add_records("item", [catalog_row("item", straw, kind="ingredient", unit="kg", allergens=";".join(BIG_9)),
                         catalog_row("item", jam, kind="product", unit="unit", number_format="hybrid",
                                     on_traceability_list=True)], actor=ACTOR)
    add_records("equipment", [catalog_row("equipment", code(SPECS["equipment"].field("code").length, "KETTLE"),
                                          site=site)], actor=ACTOR)
    set_recipe(jam, [RecipeLineIn(straw, Decimal("0.000001"), "kg")], batch_quantity=Decimal(40), actor=ACTOR)
    text = {field: longest(limit, f"{field} ") for field, limit in LENGTHS.items()}
    lot = receive_lot(item=straw, supplier=supplier, quantity=Decimal(20), unit="kg",
                      received_on=dt.date(2026, 3, 2), site=site, supplier_lot=text["supplier_lot"],
                      reference_doc_type=text["reference_doc_type"], reference_doc=text["reference_doc"],
                      code=code(LENGTHS["code"], "R"), actor=ACTOR).code
    batch = record_batch(product=jam, quantity_produced=Decimal(40), produced_on=dt.date(2026, 3, 4), site=site,
                         inputs=[InputLine(lot, Decimal(8))], made_by=text["made_by"], equipment=text["equipment"],
                         reference_doc_type=text["reference_doc_type"], reference_doc=text["reference_doc"],
                         code=code(LENGTHS["code"], "SJ-"), actor=ACTOR).code
    ship_units([ShipmentLine(batch, customer, Decimal(24), dt.date(2026, 3, 7), "",
                             text["reference_doc_type"], text["reference_doc"], code(LENGTHS["ref"], "SH"))],
               actor=ACTOR)
    discard_units(lot, Decimal(1), reason=text["reason"], on=dt.date(2026, 3, 8), actor=ACTOR)
    place_hold(batch, reason=text["reason"], on=dt.date(2026, 3, 9), actor=ACTOR)
    release_hold(batch, reason=longest(LENGTHS["reason"], "released "), on=dt.date(2026, 3, 10), actor=ACTOR)


def read(folder: Path) -> dict[str, str]:
    """The exported records (not the signed head, which says when they were exported)."""
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.iterdir()) if p.name != HEAD_FILE}


def test_an_export_with_every_text_at_its_longest_imports_again_unchanged(tmp_path: Path) -> None:
    recorded = transaction.savepoint()
    record_everything_at_its_longest()
    export_dir(tmp_path / "first")
    transaction.savepoint_rollback(recorded)  # back to an empty ledger, on the same database
    assert not Event.objects.exists()
    report = import_dir(tmp_path / "first", actor=ACTOR)
    assert report.added == sum(len(text.splitlines()) - 1 for text in read(tmp_path / "first").values())
    export_dir(tmp_path / "again")
    first, again = read(tmp_path / "first"), read(tmp_path / "again")
    for name in first:
        assert again[name].splitlines() == first[name].splitlines(), name
    assert max(len(lot.supplier_lot_key) for lot in Lot.objects.all()) == LENGTHS["supplier_lot"]


def test_a_supplier_lot_that_grows_too_long_in_capitals_is_refused_not_stored(jam_catalog: None) -> None:
    grows = "ß" * LENGTHS["supplier_lot"]  # ß is SS in capitals: its lookup copy would not fit
    with pytest.raises(LotlineError) as caught:
        receive_lot(item="STRAW", supplier="VALLEY", quantity=Decimal(1), unit="kg", received_on=dt.date(2026, 3, 2),
                    supplier_lot=grows, actor=ACTOR)
    assert (caught.value.code, caught.value.field) == ("too_long", "supplier_lot")

"""Equipment, recipes, later discards and holds in an import: recorded through the ledger's verbs,
refused at their file and line, skipped when already recorded, all or nothing with the lots."""

from __future__ import annotations

from decimal import Decimal

import pytest

from lotline.catalog.models import Equipment
from lotline.catalog.recipes import recipe_for
from lotline.imports.services import import_dir
from lotline.ledger.models import Event
from lotline.lots.models import Discard, Hold, Lot, LotStatus
from lotline.lots.queries import on_hand

from .csvs import ALL, nothing_written, refusal, write

pytestmark = pytest.mark.django_db

LATER = {
    "equipment.csv": """
        equipment_code,name,site_code
        KETTLE2,Kettle 2,K1
        OVEN,Deck oven,
    """,
    "recipes.csv": """
        product_code,batch_quantity,ingredient_code,quantity,unit
        SJ,40,STRAW,8,kg
        SJ,40,SUGAR,4000,g
    """,
    "discards.csv": """
        lot_code,discarded_on,quantity,unit,reason
        R1,2026-03-09,2,kg,mould on the top layer
        JT-20260306-A,2026-03-10,1,,tray dropped
    """,
    "holds.csv": """
        lot_code,placed_on,reason,released_on,release_reason
        R2,2026-03-05,bag torn,2026-03-06,resealed and checked
        JT-20260306-A,2026-03-11,customer complaint,,
    """,
}


def test_it_records_equipment_recipes_discards_and_holds_after_the_lots(tmp_path):
    report = import_dir(write(tmp_path, ALL | LATER), actor="alice")
    counts = {f.file: (f.rows, f.added) for f in report.files}
    assert counts["equipment.csv"] == counts["recipes.csv"] == counts["discards.csv"] == (2, 2)
    assert counts["holds.csv"] == (2, 2)
    assert list(Equipment.objects.values_list("code", "site")) == [("KETTLE2", "K1"), ("OVEN", "")]
    recipe = recipe_for("SJ")
    assert recipe.batch_quantity == 40
    assert [(line.ingredient, line.quantity, line.unit) for line in recipe.lines] == [
        ("STRAW", Decimal(8), "kg"), ("SUGAR", Decimal(4000), "g")]
    assert on_hand(["R1"])["R1"] == Decimal(10)  # 20 received, 8 used, 2 discarded
    assert Discard.objects.get(lot__code="JT-20260306-A").reason == "tray dropped"
    assert Lot.objects.get(code="JT-20260306-A").status == LotStatus.ON_HOLD
    released = Hold.objects.get(lot__code="R2")
    assert str(released.released_on) == "2026-03-06"
    assert Lot.objects.get(code="R2").status == LotStatus.ACTIVE
    release = Event.objects.get(seq=released.released_seq)
    assert release.kind == "lot.released" and "resealed and checked" in release.payload and release.actor == "alice"


def test_importing_them_twice_adds_nothing(tmp_path):
    folder = write(tmp_path, ALL | LATER)
    import_dir(folder, actor="alice")
    events = Event.objects.count()
    report = import_dir(folder, actor="alice")
    assert report.added == 0 and Event.objects.count() == events
    assert {f.file: f.unchanged for f in report.files}["holds.csv"] == 2


def test_a_hold_released_in_a_later_file_is_released_and_two_identical_discards_are_two(tmp_path):
    folder = write(tmp_path, ALL | LATER | {"holds.csv": """
        lot_code,placed_on,reason
        R2,2026-03-05,bag torn
    """})
    import_dir(folder, actor="alice")
    assert Lot.objects.get(code="R2").status == LotStatus.ON_HOLD
    write(folder, {"holds.csv": LATER["holds.csv"], "discards.csv": LATER["discards.csv"] + """
        R1,2026-03-09,2,kg,mould on the top layer
    """})
    report = import_dir(folder, actor="alice")
    assert {f.file: (f.added, f.unchanged) for f in report.files}["discards.csv"] == (1, 2)
    assert {f.file: (f.added, f.unchanged) for f in report.files}["holds.csv"] == (2, 0)
    assert Lot.objects.get(code="R2").status == LotStatus.ACTIVE
    assert on_hand(["R1"])["R1"] == Decimal(8)


BAD = {
    "discards.csv": """
        lot_code,discarded_on,quantity,unit,reason
        R1,2026-03-09,50,kg,flood
        NOPE,2026-03-09,1,kg,lost
        R1,09/03/2026,1,kg,late
        R1,2026-03-09,1,l,wrong unit
        R2,2026-03-09,1,kg,
    """,
    "holds.csv": """
        lot_code,placed_on,reason,released_on,release_reason
        R2,2026-03-05,bag torn,2026-03-01,too early
        R2,2026-03-05,bag torn,2026-03-06,
        JT-20260306-A,2026-03-11,,,
    """,
    "recipes.csv": """
        product_code,batch_quantity,ingredient_code,quantity,unit
        SJ,40,STRAW,8,kg
        SJ,40,PECTIN,1,kg
        JT,60,SJ,6,unit
        JT,50,FLOUR,3,kg
    """,
}


def test_each_bad_row_is_named_by_file_line_and_column_and_nothing_is_written(tmp_path):
    problems, refused = refusal(write(tmp_path, ALL | BAD))
    assert problems == [
        ("recipes.csv", 3, "ingredient_code", "unknown_item"),
        ("recipes.csv", 5, "batch_quantity", "differs"),
        ("discards.csv", 2, "quantity", "more_than_on_hand"),
        ("discards.csv", 3, "lot_code", "unknown_lot"),
        ("discards.csv", 4, "discarded_on", "not_a_date"),
        ("discards.csv", 5, "unit", "unit_mismatch"),
        ("discards.csv", 6, "reason", "missing"),
        ("holds.csv", 2, "released_on", "impossible_date"),
        ("holds.csv", 3, "release_reason", "missing"),
        ("holds.csv", 4, "reason", "missing"),
    ]
    assert refused.total == 10
    assert nothing_written()


def test_a_dry_run_checks_the_later_rows_against_the_lots_of_the_same_import_and_writes_nothing(tmp_path):
    report = import_dir(write(tmp_path, ALL | LATER), actor="alice", dry_run=True)
    assert {f.file: f.added for f in report.files}["holds.csv"] == 2
    assert nothing_written()
    problems, _ = refusal(write(tmp_path / "bad", ALL | {"discards.csv": BAD["discards.csv"]}), dry_run=True)
    assert problems[0] == ("discards.csv", 2, "quantity", "more_than_on_hand")
    assert nothing_written()

"""The code rule in the import: codes that break it are refused by file, line and column, and codes
are the same whatever their case, in the files and against the ledger."""

from __future__ import annotations

import pytest

from lotline.imports.services import import_dir
from lotline.ledger.models import Event
from lotline.lots.models import Lot, LotInput, Shipment

from .csvs import ALL, CATALOG, changed, nothing_written, refusal, write

pytestmark = pytest.mark.django_db
R1 = "R1,STRAW,VALLEY,VF-0302,K1,2026-03-02,20,kg"
SUGAR_LOT = """
    lot_code,item_code,supplier_id,supplier_lot,site_code,received_on,quantity,unit
    sj-20260304-a,SUGAR,COSTCO,C-SUG-9,K1,2026-03-04,25,kg
"""


@pytest.mark.parametrize(("file", "old", "new", "column"), [
    ("receipts.csv", R1, "R1/A,STRAW,VALLEY,VF-0302,K1,2026-03-02,20,kg", "lot_code"),
    ("batches.csv", "SJ-20260304-A,SJ,K1", "SJ 20260304 A,SJ,K1", "batch_code"),
    ("shipments.csv", "SH1,", "SH#1,", "shipment_id"),
    ("suppliers.csv", "VALLEY,Valley Farm", "VALLEY/2,Valley Farm", "supplier_id"),
])
def test_it_refuses_a_code_that_breaks_the_code_rule_by_file_line_and_column(tmp_path, file, old, new, column):
    lines, _ = refusal(write(tmp_path, changed(file, old, new)))
    assert (file, 2, column, "bad_code") in lines
    assert nothing_written()


def test_it_refuses_a_supplier_lot_code_with_a_control_character(tmp_path):
    lines, _ = refusal(write(tmp_path, changed("receipts.csv", "VF-0302", "VF\t0302")))
    assert lines == [("receipts.csv", 2, "supplier_lot", "bad_code")]


def test_it_refuses_a_lot_code_recorded_before_in_another_case(tmp_path):
    import_dir(write(tmp_path / "week", ALL), actor="alice")
    before = Event.objects.count()
    lines, refused = refusal(write(tmp_path / "sugar", {"receipts.csv": SUGAR_LOT}))
    assert lines == [("receipts.csv", 2, "lot_code", "duplicate_code")]
    assert "already recorded, as SJ-20260304-A" in refused.rows[0].reason
    assert nothing_written(before) and not Lot.objects.filter(code="sj-20260304-a").exists()


def test_it_refuses_two_rows_whose_codes_differ_only_in_case(tmp_path):
    files = changed("receipts.csv", R1, f"{R1}\nr1,STRAW,VALLEY,VF-0303,K1,2026-03-03,20,kg")
    lines, refused = refusal(write(tmp_path, files))
    assert lines == [("receipts.csv", 3, "lot_code", "duplicate_code")]
    assert "first at receipts.csv line 2, as R1" in refused.rows[0].reason


def test_rows_may_name_a_lot_in_another_case_and_the_ledger_keeps_its_own_code(tmp_path):
    files = changed("batch_inputs.csv", "SJ-20260304-A,R1,8,kg", "sj-20260304-a,r1,8,kg")
    files = changed("shipments.csv", "SH1,SJ-20260304-A,", "SH1,Sj-20260304-a,", files)
    import_dir(write(tmp_path, files), actor="alice")
    assert LotInput.objects.filter(batch__code="SJ-20260304-A", input_lot__code="R1").exists()
    assert Shipment.objects.get(ref="SH1").lot.code == "SJ-20260304-A"
    again, _ = refusal(write(tmp_path / "again", CATALOG | {"receipts.csv": SUGAR_LOT}))
    assert again == [("receipts.csv", 2, "lot_code", "duplicate_code")]

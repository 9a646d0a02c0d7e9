"""Importing folders of CSV files that are right: all of them, some of them, twice."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from lotline.catalog.models import Customer, Item, Site, Supplier
from lotline.imports.services import import_dir
from lotline.ledger.log import verify
from lotline.ledger.models import Event
from lotline.lots.models import Lot, LotInput, Shipment

from .csvs import ALL, CATALOG, LOTS, changed, refusal, write

pytestmark = pytest.mark.django_db


def counts(report) -> dict[str, tuple[int, int, int]]:
    return {f.file: (f.rows, f.added, f.unchanged) for f in report.files}


def test_it_imports_every_file_of_a_folder(tmp_path):
    report = import_dir(write(tmp_path, ALL), actor="alice")
    assert counts(report) == {
        "sites.csv": (1, 1, 0), "suppliers.csv": (2, 2, 0), "customers.csv": (2, 2, 0), "items.csv": (4, 4, 0),
        "receipts.csv": (2, 2, 0), "batches.csv": (2, 2, 0), "batch_inputs.csv": (3, 3, 0),
        "shipments.csv": (3, 3, 0),
    }
    jam = Lot.objects.get(code="SJ-20260304-A")
    assert (jam.kind, jam.item.code, jam.site.code, str(jam.lot_date), jam.quantity) == (
        "batch", "SJ", "K1", "2026-03-04", Decimal(40))
    straw = Lot.objects.get(code="R1")
    assert (straw.supplier.ref, straw.supplier_lot, straw.unit) == ("VALLEY", "VF-0302", "kg")
    assert sorted(LotInput.objects.values_list("batch__code", "input_lot__code")) == [
        ("JT-20260306-A", "SJ-20260304-A"), ("SJ-20260304-A", "R1"), ("SJ-20260304-A", "R2")]
    assert sorted(Shipment.objects.values_list("ref", "customer__ref", "quantity")) == [
        ("SH1", "SATMKT", Decimal(24)), ("SH2", "GOODEARTH", Decimal(10)), ("SH3", "GOODEARTH", Decimal(30))]
    assert report.events == Event.objects.count() == 8  # 4 catalog files, receipts, batches, inputs, shipments
    assert verify().ok


def test_each_event_names_the_file_and_lines_it_came_from(tmp_path):
    import_dir(write(tmp_path, ALL), actor="alice")
    event = Event.objects.get(kind="inputs.recorded")
    assert (event.actor, event.subject) == ("alice", "batch_inputs.csv")
    assert json.loads(event.payload)["source"] == {"file": "batch_inputs.csv", "lines": [2, 4]}


def test_importing_the_same_files_twice_adds_nothing(tmp_path):
    folder = write(tmp_path, ALL)
    import_dir(folder, actor="alice")
    events = Event.objects.count()
    again = import_dir(folder, actor="alice")
    assert all(added == 0 and unchanged == rows for rows, added, unchanged in counts(again).values())
    assert again.unchanged == 19
    assert again.events == 0
    assert Event.objects.count() == events
    assert (Lot.objects.count(), LotInput.objects.count(), Shipment.objects.count()) == (4, 3, 3)


def test_a_second_import_adds_only_the_new_rows(tmp_path):
    import_dir(write(tmp_path / "week1", ALL), actor="alice")
    more = changed("shipments.csv", "SH3,JT-20260306-A,GOODEARTH,2026-03-08,30",
                   "SH3,JT-20260306-A,GOODEARTH,2026-03-08,30\nSH4,JT-20260306-A,SATMKT,2026-03-14,20")
    report = import_dir(write(tmp_path / "week2", more), actor="alice")
    assert counts(report)["shipments.csv"] == (4, 1, 3)
    assert report.added == 1
    assert Shipment.objects.get(ref="SH4").quantity == Decimal(20)


def test_it_imports_any_subset_of_the_files(tmp_path):
    catalog = import_dir(write(tmp_path / "catalog", CATALOG), actor="alice")
    assert [f.file for f in catalog.files] == ["sites.csv", "suppliers.csv", "customers.csv", "items.csv"]
    assert (Site.objects.count(), Supplier.objects.count(), Customer.objects.count(), Item.objects.count()) == (
        1, 2, 2, 4)
    receipts = import_dir(write(tmp_path / "receipts", {"receipts.csv": LOTS["receipts.csv"]}), actor="alice")
    assert counts(receipts) == {"receipts.csv": (2, 2, 0)}
    rest = {name: LOTS[name] for name in ("batches.csv", "batch_inputs.csv", "shipments.csv")}
    import_dir(write(tmp_path / "rest", rest), actor="alice")
    assert (Lot.objects.count(), LotInput.objects.count(), Shipment.objects.count()) == (4, 3, 3)


def test_a_dry_run_checks_every_row_and_writes_nothing(tmp_path):
    report = import_dir(write(tmp_path, ALL), actor="alice", dry_run=True)
    assert report.dry_run and report.added == 19 and report.events == 0
    assert Event.objects.count() == 0
    assert not Item.objects.exists()


def test_it_reads_the_optional_columns(tmp_path):
    files = ALL | {
        "sites.csv": "site_code,name,address\nK1,Home kitchen,12 Orchard Lane\n",
        "items.csv": "item_code,name,kind,unit,number_format,on_traceability_list\n"
                     "STRAW,Strawberries,ingredient,kg,,yes\nSUGAR,Cane sugar,ingredient,kg,,\n"
                     "SJ,Strawberry jam,product,unit,sequential,no\nJT,Jam tarts,product,unit,,\n",
        "receipts.csv": "lot_code,item_code,supplier_id,site_code,received_on,quantity,unit,best_by,"
                        "reference_doc_type,reference_doc\n"
                        "R1,STRAW,VALLEY,K1,2026-03-02,20,kg,2026-03-09,invoice,INV-302\n"
                        "R2,SUGAR,COSTCO,K1,2026-02-15,55,lb,,,\n",
        "batches.csv": "batch_code,product_code,site_code,produced_on,quantity_produced,unit,made_by,equipment,"
                       "status\nSJ-20260304-A,SJ,K1,2026-03-04,40,unit,alice,big pot,\n"
                       "JT-20260306-A,JT,K1,2026-03-06,60,unit,bob,oven 2,failed\n",
        "shipments.csv": "shipment_id,batch_code,customer_id,shipped_on,quantity,unit,reference_doc_type,"
                         "reference_doc\nSH1,SJ-20260304-A,SATMKT,2026-03-07,2,dozen,order,#1847\n",
    }
    files["batch_inputs.csv"] = "batch_code,input_lot_code,quantity\nSJ-20260304-A,R1,8\nSJ-20260304-A,R2,4\n"
    import_dir(write(tmp_path, files), actor="alice")
    assert Site.objects.get(code="K1").address == "12 Orchard Lane"
    assert Item.objects.get(code="STRAW").on_traceability_list
    assert Item.objects.get(code="SJ").number_format == "sequential"
    straw = Lot.objects.get(code="R1")
    assert (str(straw.best_by), straw.reference_doc_type, straw.reference_doc) == ("2026-03-09", "invoice",
                                                                                   "INV-302")
    assert Lot.objects.get(code="R2").unit == "lb"
    assert LotInput.objects.get(input_lot__code="R2").unit == "lb"  # no unit column: the lot's own unit
    tarts = Lot.objects.get(code="JT-20260306-A")
    assert (tarts.made_by, tarts.equipment, tarts.status) == ("bob", "oven 2", "failed")
    shipped = Shipment.objects.get(ref="SH1")
    assert (shipped.quantity, shipped.reference_doc) == (Decimal(24), "#1847")  # 2 dozen, in units


def test_it_reads_excel_csv_with_a_byte_order_mark_spaces_and_blank_lines(tmp_path):
    write(tmp_path, CATALOG)
    (tmp_path / "receipts.csv").write_bytes(
        "\ufefflot_code, item_code ,supplier_id,supplier_lot,site_code,received_on,quantity,unit\r\n"
        " R1 ,STRAW,VALLEY,VF-0302,K1,2026-03-02, 20 ,kg\r\n\r\n,,,,,,,\r\n".encode())
    report = import_dir(tmp_path, actor="alice")
    assert counts(report)["receipts.csv"] == (1, 1, 0)
    assert Lot.objects.get(code="R1").quantity == Decimal(20)


def test_it_ignores_the_generators_answer_key_and_manifest(tmp_path):
    folder = write(tmp_path, CATALOG | {"queries.csv": "query_id,kind\nQ1,backward\n", "manifest.json": "{}"})
    assert len(import_dir(folder, actor="alice").files) == 4


def _generate(generator: Path, folder: Path, batches: int) -> dict:
    subprocess.run([sys.executable, str(generator), "--batches", str(batches), "--out", str(folder)],
                   check=True, capture_output=True)
    return json.loads((folder / "manifest.json").read_text())["rows"]


def test_it_imports_the_generated_1k_dataset_with_its_overdrawn_lots_allowed(tmp_path, dataset_generator):
    rows = _generate(dataset_generator, tmp_path, 1000)
    stems = ["sites", "suppliers", "customers", "items", "receipts", "batches", "batch_inputs", "shipments"]
    lines, _ = refusal(tmp_path)  # the generator's tier-2 products use jam that was already shipped
    assert {code for *_, code in lines} == {"more_than_on_hand"}
    report = import_dir(tmp_path, actor="bench", allow_overdraw=True)
    assert counts(report) == {f"{s}.csv": (rows[s], rows[s], 0) for s in stems}
    assert report.overdrawn_lots > 0
    assert report.warnings and {w.code for w in report.warnings} == {"more_than_on_hand"}
    assert (Lot.objects.count(), LotInput.objects.count(), Shipment.objects.count()) == (
        rows["receipts"] + rows["batches"], rows["batch_inputs"], rows["shipments"])
    again = import_dir(tmp_path, actor="bench", allow_overdraw=True)
    assert again.added == 0 and again.unchanged == sum(rows[s] for s in stems)
    assert verify().ok


def test_on_postgresql_a_large_import_refreshes_the_planner_statistics(tmp_path, monkeypatch):
    from django.db import connection

    from lotline.imports import tuning

    if connection.vendor != "postgresql":
        pytest.skip("SQLite traces are faster without statistics")
    monkeypatch.setattr(tuning, "ANALYZE_AFTER_ROWS", 3)  # the tiny folder's 3 inputs and 3 shipments
    import_dir(write(tmp_path, ALL), actor="alice")
    with connection.cursor() as cur:
        cur.execute("SELECT relname, reltuples FROM pg_class WHERE relname IN ('lot', 'lot_input', 'shipment')")
        assert dict(cur.fetchall()) == {"lot": 4, "lot_input": 3, "shipment": 3}


def test_on_postgresql_the_checks_plan_with_the_staging_tables_statistics(tmp_path, monkeypatch):
    """Unanalysed temporary tables made PostgreSQL run the no-inputs check as a nested loop over
    every batch by every input batch code (296 s of a 100k-batch import): staged rows are analysed."""
    from django.db import connection

    from lotline.lots.stage import rules

    if connection.vendor != "postgresql":
        pytest.skip("SQLite's planner reads no statistics of its own")
    monkeypatch.setattr(rules, "STAGED_ROWS_ANALYSED", 3)
    import_dir(write(tmp_path, ALL), actor="alice")
    with connection.cursor() as cur:  # the staging tables are this session's temporary tables
        cur.execute("SELECT relname, reltuples FROM pg_class WHERE relpersistence = 't' "
                    "AND relname IN ('stage_lot', 'stage_input', 'stage_shipment')")
        assert dict(cur.fetchall()) == {"stage_lot": 4, "stage_input": 3, "stage_shipment": 3}


def test_a_lot_used_up_in_another_unit_balances_as_the_ledger_rounds_it(tmp_path):
    """0.1 kg is 0.220462262 lb, stored as 0.220462: three of them use up a 0.661386 lb lot exactly."""
    from lotline.lots.queries import on_hand

    files = changed("receipts.csv", "R2,SUGAR,COSTCO,C-SUG-1,K1,2026-02-15,25,kg",
                    "R2,SUGAR,COSTCO,C-SUG-1,K1,2026-02-15,0.661386,lb")
    files = changed("batch_inputs.csv", "SJ-20260304-A,R2,4,kg",
                    "SJ-20260304-A,R2,0.1,kg\nSJ-20260304-A,R2,0.1,kg\nJT-20260306-A,R2,0.1,kg", files)
    import_dir(write(tmp_path, files), actor="alice")
    assert on_hand(["R2"]) == {"R2": 0}

"""Traceability lot codes (21 CFR 1.1320): a received lot keeps its supplier's code and, where someone
else assigned it, the TLC source reference recorded on receipt, on every way in; a lot with no
supplier code has ours, sourced at our site; events recorded before the field project it empty."""

from __future__ import annotations

import csv
import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.test import Client

from lotline.accounts.services import create_token
from lotline.compliance.services import Request, export_records
from lotline.imports.services import import_dir
from lotline.ledger.kinds import EventKind
from lotline.ledger.log import record, writing
from lotline.ledger.rebuild import rebuild
from lotline.lots.models import Lot
from lotline.lots.services import receive_lot
from lotline.testing import ACTOR, JamStory

pytestmark = pytest.mark.django_db
PACKER = "urn:gln:0614141000005"


def receiving_rows(tmp_path: Path, *codes: str) -> dict[str, dict[str, str]]:
    export_records(Request(lots=codes), csv_dir=tmp_path, actor=ACTOR)
    with (tmp_path / "receiving.csv").open(newline="") as f:
        return {r["Lotline Lot Code"]: r for r in csv.DictReader(f)}


def test_a_tlc_source_given_on_receipt_is_the_rows_reference_and_the_supplier_is_not_named_its_source(
        story: JamStory, tmp_path: Path) -> None:
    packed = receive_lot(item="SUGAR", supplier="COSTCO", quantity=Decimal(10), received_on=dt.date(2026, 3, 3),
                         supplier_lot="PK-881", tlc_source=PACKER, actor=ACTOR).code
    rows = receiving_rows(tmp_path, packed, story.valley_strawberries)
    assert rows[packed]["Traceability Lot Code (TLC)"] == "PK-881"
    assert rows[packed]["TLC Source Reference"] == PACKER and rows[packed]["TLC Source - Business Name"] == ""
    berries = rows[story.valley_strawberries]
    assert (berries["TLC Source Reference"], berries["TLC Source - Business Name"]) == ("", "Valley Farm")


def test_a_lot_without_a_supplier_code_has_our_code_as_its_tlc_sourced_at_our_site(story, tmp_path):
    ours = receive_lot(item="SUGAR", supplier="COSTCO", quantity=Decimal(10), received_on=dt.date(2026, 3, 3),
                       actor=ACTOR).code
    row = receiving_rows(tmp_path, ours)[ours]
    assert row["Traceability Lot Code (TLC)"] == ours
    assert row["TLC Source - Business Name"] == row["Receiving Location - Business Name"]


def test_the_api_and_the_import_take_a_tlc_source_and_the_page_shows_it(story, owner, tmp_path):
    api = Client(headers={"Authorization": f"Bearer {create_token(owner, 'script').token}"})
    answer = api.post("/api/receipts", json.dumps({"item": "SUGAR", "supplier": "COSTCO", "quantity": "5",
                                                   "supplier_lot": "PK-9", "tlc_source": PACKER}),
                      content_type="application/json")
    assert answer.status_code == 201, answer.content
    code = answer.json()["code"]
    assert Lot.objects.get(code=code).tlc_source == PACKER
    too_long = api.post("/api/receipts", json.dumps({"item": "SUGAR", "supplier": "COSTCO", "quantity": "5",
                                                     "tlc_source": "x" * 201}), content_type="application/json")
    assert too_long.status_code == 400 and too_long.json()["problems"][0]["field"] == "tlc_source"
    folder = tmp_path / "files"
    folder.mkdir()
    (folder / "receipts.csv").write_text(
        "lot_code,item_code,supplier_id,site_code,received_on,quantity,unit,supplier_lot,tlc_source\n"
        "R-TLC-1,SUGAR,COSTCO,K1,2026-03-03,5,kg,PK-10,https://packer.example/tlc\n")
    import_dir(folder, actor=ACTOR)
    assert Lot.objects.get(code="R-TLC-1").tlc_source == "https://packer.example/tlc"
    client = Client()
    client.force_login(owner)
    assert PACKER in client.get(f"/lots/{code}/").content.decode()


def test_a_receipt_recorded_before_the_field_projects_an_empty_source_and_rebuilds_alike(story: JamStory) -> None:
    old_columns = ["code", "item", "supplier", "supplier_lot", "site", "received_on", "quantity", "unit", "best_by",
                   "reference_doc_type", "reference_doc"]
    with writing():
        record(EventKind.LOT_RECEIVED, {"lots": {"columns": old_columns, "rows": [
            ["OLD-1", "SUGAR", "COSTCO", "C-9", "K1", "2026-03-01", "5", "kg", None, "", ""]]}}, actor=ACTOR)
    assert Lot.objects.get(code="OLD-1").tlc_source == ""
    assert rebuild().differences == 0

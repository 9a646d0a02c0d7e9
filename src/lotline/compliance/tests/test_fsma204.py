"""`lotline fsma204`: the seed's jam story cell by cell, the date filter's edges, the request log, the
check of what is missing, and the file as a person opens it."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from lotline.catalog.services import update_record
from lotline.compliance.columns import RECEIVING, SHIPPING, TRANSFORMATION
from lotline.compliance.models import RecordsRequest
from lotline.compliance.services import Request, check, export_records
from lotline.errors import Forbidden, LotlineError
from lotline.ledger.models import Event
from lotline.testing import ACTOR

pytestmark = pytest.mark.django_db
JAM = "SJ-20260304-A"


def run_json(*args: str) -> Any:
    out = io.StringIO()
    call_command(*args, "--json", stdout=out)
    return json.loads(out.getvalue())


def sheet(book_path: Path, title: str) -> list[dict[str, Any]]:
    """A sheet's rows as dicts keyed by the header, as a person reads them."""
    rows = list(load_workbook(book_path, read_only=True)[title].iter_rows(values_only=True))
    header = [str(title) for title in rows[0]]
    return [dict(zip(header, row, strict=True)) for row in rows[1:]]


def test_the_jam_story_cell_by_cell(demo_db, tmp_path):
    book = tmp_path / "jam.xlsx"
    answer = run_json("fsma204", "--trace", JAM, "--xlsx", str(book), "--csv", str(tmp_path / "csv"),
                      "--requested-by", "FDA investigator", "--as", ACTOR)
    assert answer["request"] == "F-1"
    received = {r["Product Name"]: r for r in sheet(book, "Receiving")}
    assert set(received) == {"Strawberries", "Cane sugar", "Pectin", "Lemon juice"}
    berries = received["Strawberries"]
    assert berries["Traceability Lot Code (TLC)"] == "VF-0302"
    assert berries["Immediate Previous Source - Business Name"] == "Valley Farm"
    assert (berries["Immediate Previous Source - City"], berries["Immediate Previous Source - State"]) == ("Valley",
                                                                                                         "NY")
    assert berries["Date Received"].date() == dt.date(2026, 3, 2)
    assert berries["Receiving Location - Street Address or Coordinates"] == "12 Orchard Lane"
    assert berries["TLC Source - Business Name"] == "Valley Farm"
    assert received["Pectin"]["Traceability Lot Code (TLC)"] == "PKT-99281"

    made = [r for r in sheet(book, "Transformation") if r["New Traceability Lot Code"] == JAM]
    assert len(made) == 4
    assert {r["Input Product Name"] for r in made} == {"Strawberries", "Cane sugar", "Pectin", "Lemon juice"}
    assert {r["Input Traceability Lot Code"] for r in made} >= {"VF-0302", "PKT-99281"}
    assert all(r["Transformation Location - Business Name"] == "Home kitchen" for r in made)
    assert all(r["Date Transformation Completed"].date() == dt.date(2026, 3, 4) for r in made)
    assert all(r["New Product Name"] == "Strawberry jam" and r["New Unit of Measure"] == "unit" for r in made)

    shipped = {(r["Immediate Subsequent Recipient - Business Name"], r["Quantity"])
               for r in sheet(book, "Shipping") if r["Traceability Lot Code (TLC)"] == JAM}
    assert shipped == {("Saturday farmers market", 24), ("Good Earth Co-op", 12)}
    market = next(r for r in sheet(book, "Shipping") if r["Quantity"] == 24)
    assert market["Ship-From Location - City"] == "Millbrook" and market["TLC Source - Business Name"] == "Home kitchen"
    assert market["Immediate Subsequent Recipient - Street Address or Coordinates"] == "Town square"

    files = sorted(p.name for p in (tmp_path / "csv").iterdir())
    assert files == ["explanation.csv", "receiving.csv", "shipping.csv", "transformation.csv"]
    with (tmp_path / "csv" / "transformation.csv").open(newline="") as f:
        assert sum(1 for r in csv.DictReader(f) if r["New Traceability Lot Code"] == JAM) == 4


def test_the_sheets_are_named_and_headed_as_the_contract_says_and_sort_as_a_person_expects(demo_db, tmp_path):
    book_path = tmp_path / "f.xlsx"
    export_records(Request(trace=JAM), xlsx=book_path, actor=ACTOR)
    book = load_workbook(book_path)
    assert book.sheetnames == ["Receiving", "Transformation", "Shipping", "Explanation"]
    assert "Traceability Lot Code" in RECEIVING[0] and "Traceability Lot Code" in SHIPPING[0]
    assert "New Traceability Lot Code" in TRANSFORMATION and "Input Traceability Lot Code" in TRANSFORMATION
    for title, header in (("Receiving", RECEIVING), ("Transformation", TRANSFORMATION), ("Shipping", SHIPPING)):
        ws = book[title]
        assert [c.value for c in ws[1]] == header
        assert ws.freeze_panes == "A2" and ws.auto_filter.ref.startswith("A1:")
        assert not ws.merged_cells.ranges
    dates = [c for c in book["Shipping"]["X"][1:]]
    assert all(isinstance(c.value, dt.datetime) and c.number_format == "yyyy-mm-dd" for c in dates)
    assert [c.value for c in dates] == sorted(c.value for c in dates)


def test_the_date_range_takes_the_listed_foods_and_its_edges_are_included(demo_db, tmp_path):
    one_day = run_json("fsma204", "--from", "2026-03-02", "--to", "2026-03-02", "--item", "STRAW",
                       "--csv", str(tmp_path / "a"), "--as", ACTOR)
    assert one_day["rows"]["Receiving"] == 1  # the Valley Farm berries of 3/2, the first and last day
    day_before = run_json("fsma204", "--from", "2026-03-01", "--to", "2026-03-01", "--item", "STRAW",
                          "--csv", str(tmp_path / "b"), "--as", ACTOR)
    assert day_before["rows"]["Receiving"] == 0
    listed = run_json("fsma204", "--from", "2025-01-01", "--to", "2026-12-31", "--csv", str(tmp_path / "c"),
                      "--as", ACTOR)
    assert {"EGGS", "CHILI"} <= set(listed["items"]) and "STRAW" not in listed["items"]
    # products containing a listed food, not yet confirmed, are taken too
    assert {"JT", "HS", "GH"} <= set(listed["items"])
    with (tmp_path / "c" / "receiving.csv").open(newline="") as f:
        assert {r["Item Code"] for r in csv.DictReader(f)} == {"EGGS", "CHILI"}


def test_a_product_confirmed_as_not_covered_leaves_the_listed_foods(demo_db):
    update_record("item", "JT", {"ftl_confirmed": True}, actor=ACTOR)
    gaps = check()
    assert [g.key for g in gaps if g.what == "coverage"] == ["GH", "HS"]
    from lotline.compliance.coverage import listed_items

    assert "JT" not in {i.code for i in listed_items()}


def test_every_request_is_logged_with_who_asked_when_and_when_produced(demo_db, tmp_path):
    asked_at = dt.datetime(2026, 11, 27, 16, 30, tzinfo=dt.UTC)
    produced = export_records(Request(lots=("VF-0302",)), xlsx=tmp_path / "f.xlsx", requested_by="Good Earth Co-op",
                              requested_at=asked_at, actor=ACTOR)
    logged = RecordsRequest.objects.get(number=1)
    assert (logged.requested_by, logged.requested_at, logged.asked) == ("Good Earth Co-op", asked_at,
                                                                         "traceability lot codes VF-0302")
    assert logged.produced_at is not None and logged.rows == produced.rows
    assert produced.rows["Receiving"] == 1 and produced.rows["Transformation"] >= 1
    kinds = list(Event.objects.order_by("-seq").values_list("kind", flat=True)[:2])
    assert kinds == ["fsma204.produced", "fsma204.requested"]
    listed = run_json("fsma204", "--list")
    assert listed[0]["request"] == "F-1" and listed[0]["requested_by"] == "Good Earth Co-op"


def test_a_bad_request_names_its_field_and_logs_nothing(demo_db, tmp_path):
    for args, option in ((["--lot", "NOPE-1"], "--lot"), (["--from", "2026-03-05", "--to", "2026-03-01"], "--to"),
                         (["--from", "2026-03-01"], "--to"), (["--from", "2026-03-01", "--to", "2026-03-02",
                                                               "--item", "NOPE"], "--item")):
        with pytest.raises(CommandError) as refused:
            call_command("fsma204", *args, "--xlsx", str(tmp_path / "x.xlsx"), "--as", ACTOR)
        assert str(refused.value).startswith(option), (args, str(refused.value))
    with pytest.raises(CommandError, match="--xlsx FILE"):
        call_command("fsma204", "--trace", JAM, "--as", ACTOR)
    with pytest.raises(CommandError, match=r"^--xlsx: cannot write"):
        call_command("fsma204", "--trace", JAM, "--xlsx", str(tmp_path / "no" / "such" / "f.xlsx"), "--as", ACTOR)
    (tmp_path / "a-file").write_text("x")
    with pytest.raises(CommandError, match=r"^--csv: cannot make the folder"):
        call_command("fsma204", "--trace", JAM, "--csv", str(tmp_path / "a-file"), "--as", ACTOR)
    assert not RecordsRequest.objects.exists()


def test_the_check_lists_what_is_missing_with_the_page_that_fixes_it_and_exits_0(demo_db, story_gaps):
    answer = run_json("fsma204", "--check", "--from", "2026-02-01", "--to", "2026-03-31")
    said = {g["what"]: g for g in answer["missing"]}
    assert said["supplier"]["key"] == "BLUECREEK" and said["supplier"]["missing"] == ["city", "ZIP code"]
    assert said["supplier"]["page"] == "/catalog/suppliers/BLUECREEK/"
    assert said["item"]["key"] == "EGGS" and said["item"]["missing"] == ["packaging style"]
    assert said["receipts"]["count"] >= 1 and said["receipts"]["page"].startswith("/lots/")
    assert answer["count"] == len(answer["missing"])


@pytest.fixture
def story_gaps(demo_db) -> None:
    """A business with gaps: a dairy without city or ZIP, eggs without their packaging style, a receipt of
    eggs without its document."""
    update_record("supplier", "BLUECREEK", {"city": "", "zip_code": ""}, actor=ACTOR)
    update_record("item", "EGGS", {"pack_style": ""}, actor=ACTOR)
    from lotline.lots.services import receive_lot

    receive_lot(item="EGGS", supplier="BLUECREEK", quantity=Decimal(1), unit="dozen", received_on=dt.date(2026, 3, 20),
                actor=ACTOR)


def test_the_explanation_sheet_says_who_when_what_and_what_is_missing(demo_db, story_gaps, tmp_path):
    export_records(Request(first=dt.date(2026, 3, 1), last=dt.date(2026, 3, 31)), xlsx=tmp_path / "f.xlsx",
                   requested_by="FDA", actor=ACTOR)
    topics: dict[str, list[str]] = {}
    for topic, text in load_workbook(tmp_path / "f.xlsx")["Explanation"].iter_rows(min_row=2, values_only=True):
        topics.setdefault(str(topic), []).append(str(text))
    assert topics["Requested by"] == ["FDA"] and topics["Produced by"] == [f"{ACTOR}, with Lotline"]
    assert "due within 24 hours" in topics["Requested at"][0]
    assert "2022-11-21" in topics["Food Traceability List"][0]
    assert any("BLUECREEK" in m for m in topics["Missing"])
    assert topics["Unit dozen"] == ["twelve units"]


def test_staff_and_auditors_may_produce_but_a_person_without_a_role_may_not(demo_db, auditor, tmp_path):
    export_records(Request(trace=JAM), csv_dir=tmp_path, actor=auditor.username)
    from django.contrib.auth import get_user_model

    nobody = get_user_model().objects.create_user("nobody", password="x" * 20)
    with pytest.raises(Forbidden):
        export_records(Request(trace=JAM), csv_dir=tmp_path, actor=nobody.username)


def test_a_request_cannot_be_dated_in_the_future(demo_db, tmp_path):
    with pytest.raises(LotlineError) as refused:
        export_records(Request(trace=JAM), csv_dir=tmp_path, actor=ACTOR,
                       requested_at=dt.datetime.now(dt.UTC) + dt.timedelta(days=1))
    assert refused.value.field == "requested_at"


@pytest.mark.parametrize("key", ["BLUECREEK", "A/B", "SJ-20260304-A", "caf\u00e9 1", "~x?#", "..", "50%"])
def test_the_pages_a_gap_links_to_are_the_apps_own(key):
    from django.urls import reverse

    from lotline.compliance.completeness import lot_page, record_page

    assert record_page("suppliers", key) == reverse("catalog_record", args=["suppliers", key])
    assert lot_page(key) == reverse("lot", args=[key])


def test_the_first_file_stops_the_24_hour_clock_and_a_later_download_does_not_move_it(demo_db, tmp_path):
    from lotline.compliance.services import produce

    first = export_records(Request(trace=JAM), csv_dir=tmp_path / "a", actor=ACTOR)
    produce(first.request, csv_dir=tmp_path / "b", actor=ACTOR)
    logged = RecordsRequest.objects.get(number=1)
    assert logged.produced_at.isoformat() == first.produced_at
    from lotline.ledger.rebuild import rebuild

    assert rebuild().differences == 0


def test_once_the_plan_names_the_business_our_sites_are_its_locations(demo_db, tmp_path):
    from lotline.plans.services import set_plan

    set_plan(business="Maria's Kitchen", actor=ACTOR)
    export_records(Request(trace=JAM), xlsx=tmp_path / "f.xlsx", actor=ACTOR)
    made = sheet(tmp_path / "f.xlsx", "Transformation")
    assert {r["Transformation Location - Business Name"] for r in made} == {"Maria's Kitchen, Home kitchen"}
    berries = next(r for r in sheet(tmp_path / "f.xlsx", "Receiving") if r["Product Name"] == "Strawberries")
    assert berries["Receiving Location - Business Name"] == "Maria's Kitchen, Home kitchen"
    assert berries["Immediate Previous Source - Business Name"] == "Valley Farm"

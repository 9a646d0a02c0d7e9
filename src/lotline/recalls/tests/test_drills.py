"""Drills (mock recalls): timed from opening to report, accounted for from the mass balance, changing
no stock, holding nothing and notifying nobody; on the command line, the API and the demo data."""

import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from lotline.errors import ErrorCode, LotlineError
from lotline.ledger.models import Event
from lotline.lots.models import Lot
from lotline.lots.queries import on_hand
from lotline.recalls.queries import case_details
from lotline.recalls.services import (
    count_lot,
    hold_case,
    notify_customer,
    open_case,
    report_drill,
    start_drill,
    units_destroyed,
    units_returned,
)
from lotline.testing import ACTOR

pytestmark = pytest.mark.django_db


def drill_json(*args: str) -> dict:
    out = io.StringIO()
    call_command("drill", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


def test_a_drill_on_the_demo_data_accounts_for_every_unit(demo_db, tmp_path):
    pdf = tmp_path / "drill.pdf"
    data = drill_json("--lot", "SJ-20260304-A", "--pdf", str(pdf))
    assert data["id"] == "D-1" and Decimal(data["accounted_percent"]) == 100 and data["met"] is True
    assert data["seconds"] >= 0 and data["status"] == "closed"
    assert {"lots", "batches", "customers"} <= data.keys() and data["customers"]
    assert "SJ-20260304-A" in {b["code"] for b in data["batches"]}
    assert pdf.read_bytes().startswith(b"%PDF")


def test_a_short_count_leaves_the_drill_short_of_100_percent(demo_db):
    drill = start_drill(lot="SJ-20260304-A", actor=ACTOR)
    lot = next(b for b in drill["on_hand"])
    short = lot["on_hand"] - 1
    count_lot(drill["id"], lot=lot["code"], quantity=short, actor=ACTOR)
    report = report_drill(drill["id"], actor=ACTOR)
    assert report["accounted_percent"] < 100 and report["met"] is False
    again = drill_json("--lot", "SJ-20260304-A", "--count", f"{lot['code']}={short}")
    assert Decimal(again["accounted_percent"]) == report["accounted_percent"]
    balance = next(b for b in again["mass_balance"] if b["code"] == lot["code"])
    assert Decimal(balance["missing"]) == 1


def test_the_clock_runs_from_the_opening_event_to_the_report_event(story):
    drill = start_drill(lot=story.jam, actor=ACTOR)
    report = report_drill(drill["id"], actor=ACTOR)
    opened, reported = (Event.objects.get(kind=kind, subject=drill["id"]) for kind in ("case.opened",
                                                                                      "drill.reported"))
    taken = (reported.recorded_at - opened.recorded_at).total_seconds()
    assert 0 <= report["seconds"] <= taken + 0.001
    assert json.loads(reported.payload)["seconds"] == report["seconds"]
    assert case_details(drill["id"])["actions"][-1]["action"] == "reported"


def test_a_drill_changes_no_stock_holds_nothing_and_notifies_nobody(story):
    codes = list(Lot.objects.values_list("code", flat=True))
    before = on_hand(codes)
    drill = start_drill(lot=story.valley_strawberries, actor=ACTOR)
    customer = drill["customers"][0]
    for attempt in (lambda: hold_case(drill["id"], actor=ACTOR),
                    lambda: notify_customer(drill["id"], customer=customer["id"], how="phone", actor=ACTOR),
                    lambda: units_returned(drill["id"], lot=customer["shipments"][0]["lot"], quantity=Decimal(1),
                                           customer=customer["id"], actor=ACTOR),
                    lambda: units_destroyed(drill["id"], lot=story.jam, quantity=Decimal(1), actor=ACTOR)):
        with pytest.raises(LotlineError) as refused:
            attempt()
        assert refused.value.code == ErrorCode.NOT_FOR_A_DRILL
    report_drill(drill["id"], actor=ACTOR)
    assert on_hand(codes) == before
    assert not Lot.objects.filter(status="on_hold").exists()


def test_a_reported_drill_is_closed_and_a_recall_case_has_no_drill_report(story):
    drill = start_drill(lot=story.jam, actor=ACTOR)
    report_drill(drill["id"], actor=ACTOR)
    with pytest.raises(LotlineError) as closed:
        report_drill(drill["id"], actor=ACTOR)
    assert closed.value.code == ErrorCode.CASE_CLOSED
    case = open_case(lots=[story.jam], actor=ACTOR)
    with pytest.raises(LotlineError) as not_a_drill:
        report_drill(case["id"], actor=ACTOR)
    assert not_a_drill.value.code == ErrorCode.NOT_A_DRILL


def test_a_random_drill_starts_on_a_lot_that_was_shipped(story):
    data = drill_json("--random")
    shipped = {c for c in Lot.objects.filter(shipments__isnull=False).values_list("code", flat=True)}
    assert data["trigger"]["lots"][0] in shipped


def test_the_command_names_what_is_wrong(story):
    with pytest.raises(CommandError, match="--lot CODE"):
        call_command("drill", stdout=io.StringIO())
    with pytest.raises(CommandError, match="CODE=QUANTITY"):
        call_command("drill", "--lot", story.jam, "--count", "oops", stdout=io.StringIO())
    with pytest.raises(CommandError, match=r"^--lot: .*\[unknown_lot\]"):
        call_command("drill", "--lot", "NOPE-1", stdout=io.StringIO())
    out = io.StringIO()
    call_command("drill", "--list", stdout=out)
    assert "Drills" in out.getvalue()


def test_an_auditor_reads_drills_and_may_not_start_one(story, auditor):
    with pytest.raises(LotlineError):
        start_drill(lot=story.jam, actor=auditor.username)


def test_the_api_starts_counts_and_reports_a_drill(story, owner_client, auditor_client):
    started = owner_client.post("/api/drills", {"lot": story.jam}, content_type="application/json")
    assert started.status_code == 201
    drill = started.json()["id"]
    lot = started.json()["on_hand"][0]
    counted = owner_client.post(f"/api/drills/{drill}/counts",
                                {"counts": [{"lot": lot["code"], "quantity": "0"}]}, content_type="application/json")
    assert counted.status_code == 200
    assert owner_client.post(f"/api/cases/{drill}/hold", {}, content_type="application/json").status_code == 409
    report = owner_client.post(f"/api/drills/{drill}/report").json()
    assert report["met"] is False and Decimal(report["accounted_percent"]) < 100
    listed = auditor_client.get("/api/drills").json()
    assert listed[0]["id"] == drill and listed[0]["met"] is False
    assert auditor_client.post("/api/drills", {"lot": story.jam}, content_type="application/json").status_code == 403


def test_verify_agrees_with_the_tables_after_a_drill_is_reported(story):
    drill = start_drill(lot=story.jam, actor=ACTOR)
    count_lot(drill["id"], lot=drill["on_hand"][0]["code"], quantity=Decimal(0), actor=ACTOR)
    report_drill(drill["id"], actor=ACTOR)
    out = io.StringIO()
    call_command("verify", "--json", stdout=out)
    answer = json.loads(out.getvalue())
    assert answer["ok"], answer

"""`lotline case ...`: the command-line contract of issue 11, each action a thin shell over one verb."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from lotline.ledger.models import Event
from lotline.testing import ACTOR

pytestmark = pytest.mark.django_db

NOTICE = ["--supplier", "Valley Farm", "--item", "STRAW", "--from", "2026-03-01", "--to", "2026-03-05"]
BALANCE_KEYS = {"code", "in", "shipped", "consumed", "discarded", "on_hand", "counted", "accounted_percent"}


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def run_json(*args: str) -> Any:
    return json.loads(run(*args, "--json"))


def case(*args: str) -> Any:
    return run_json("case", *args, "--as", ACTOR)


def test_case_open_on_a_supplier_notice_answers_lots_batches_and_customers_as_the_recall_does(story):
    opened = case("open", *NOTICE)
    recalled = run_json("recall", *NOTICE)
    assert opened["id"] == "R-1"
    for key in ("lots", "batches", "customers"):
        assert opened[key] == recalled[key], key


def test_case_open_on_lot_codes_and_case_show_add_actions_and_the_mass_balance(story):
    opened = case("open", "--lot", story.jam, "--lot", story.sugar.lower(), "--title", "Jam check")
    assert (opened["id"], opened["title"]) == ("R-1", "Jam check")
    shown = run_json("case", "show", "r-1")
    assert {"id", "lots", "batches", "customers", "actions", "mass_balance", "accounted_percent"} <= set(shown)
    assert [a["action"] for a in shown["actions"]] == ["opened"]
    assert all(set(lot) >= BALANCE_KEYS for lot in shown["mass_balance"])
    assert {lot["code"] for lot in shown["mass_balance"]} == {story.jam, story.sugar, story.tarts, story.other_jam}


def test_a_recall_from_notice_to_closed_case_on_the_command_line(story, tmp_path: Path):
    case("open", *NOTICE)
    held = case("hold", "R-1")
    assert sorted(h["code"] for h in held["held"]) == sorted([story.tarts, story.valley_strawberries])
    case("notify", "R-1", "--customer", "Good Earth Co-op", "--how", "email", "--note", "pull the jars")
    case("returned", "R-1", "--lot", story.jam, "--quantity", "4", "--customer", "GOODEARTH")
    case("destroyed", "R-1", "--lot", story.tarts, "--quantity", "20")
    counted = case("count", "R-1", "--lot", story.tarts, "--quantity", "8")  # the book says 10
    assert counted["action"]["said"] == f"counted 8 units of {story.tarts}"
    case("count", "R-1", "--lot", story.valley_strawberries, "--quantity", "12", "--unit", "kg")
    case("confirm", "R-1", "--site", "K1")
    case("note", "R-1", "--text", "supplier called back")
    closed = case("close", "R-1", "--reason", "all units accounted for")
    assert closed["status"] == "closed"
    shown = run_json("case", "show", "R-1")
    assert [a["action"] for a in shown["actions"]] == [
        "opened", "holds_placed", "customer_notified", "units_returned", "units_destroyed", "counted", "counted",
        "site_confirmed", "note_added", "closed"]
    tarts = {b["code"]: b for b in shown["mass_balance"]}[story.tarts]
    assert (tarts["discarded"], tarts["on_hand"], tarts["counted"], tarts["accounted_percent"]) == (
        "20", "10", "8", "96.7")
    report = tmp_path / "R-1.xlsx"
    assert case("report", "R-1", "--xlsx", str(report)) == {"id": "R-1", "xlsx": str(report)}
    from openpyxl import load_workbook

    book = load_workbook(report, read_only=True)
    assert book.sheetnames == ["case", "scope", "mass balance", "notification list", "timeline", "not affected"]
    notified = [row for row in book["notification list"].iter_rows(values_only=True)]
    assert notified[0][:4] == ("customer", "name", "kind", "contact")
    assert ("GOODEARTH", "Good Earth Co-op", "store", "buyer@goodearth.example", None, story.jam) == notified[2][:6]
    assert notified[2][10:12] == ("yes", "email")


def test_a_closed_case_refuses_on_the_command_line_naming_the_code(story):
    case("open", "--lot", story.jam)
    case("close", "R-1", "--reason", "done")
    before = Event.objects.count()
    with pytest.raises(CommandError, match=r"R-1 is closed.*\[case_closed\]"):
        run("case", "note", "R-1", "--text", "late")
    assert Event.objects.count() == before
    assert case("reopen", "R-1", "--reason", "again")["status"] == "open"


def test_errors_name_the_option_at_fault(story):
    with pytest.raises(CommandError, match=r"^--lot: unknown lot 'NOPE'.*\[unknown_lot\]"):
        run("case", "open", "--lot", "NOPE")
    with pytest.raises(CommandError, match=r"^--to: .*\[missing\]"):
        run("case", "open", "--supplier", "VALLEY", "--from", "2026-03-01")
    case("open", "--lot", story.jam)
    with pytest.raises(CommandError, match=r"^--text: .*\[missing\]"):
        run("case", "note", "R-1", "--text", " ")
    with pytest.raises(CommandError, match=r"^ID: no recall case or drill 'R-7'.*\[unknown_case\]"):
        run("case", "show", "R-7")
    with pytest.raises(CommandError, match=r"^--quantity: .*\[more_than_received\]"):
        run("case", "returned", "R-1", "--lot", story.jam, "--quantity", "11", "--customer", "GOODEARTH")


def test_case_report_writes_the_pdf_and_an_unknown_case_writes_nothing(story, tmp_path: Path):
    case("open", "--lot", story.jam)
    pdf, xlsx = tmp_path / "R-1.pdf", tmp_path / "R-1.xlsx"
    out = json.loads(run("case", "report", "r-1", "--pdf", str(pdf), "--xlsx", str(xlsx), "--json"))
    assert out == {"id": "R-1", "pdf": str(pdf), "xlsx": str(xlsx)}
    assert pdf.read_bytes().startswith(b"%PDF") and xlsx.stat().st_size
    missing = tmp_path / "R-2.pdf"
    with pytest.raises(CommandError, match=r"^ID: no recall case or drill 'R-2'"):
        run("case", "report", "R-2", "--pdf", str(missing))
    assert not missing.exists()


def test_case_list_and_recompute_print_tables(story):
    case("open", *NOTICE)
    out = run("case", "list")
    assert "R-1" in out and "Recall: Valley Farm" in out
    assert "nothing changed since" in run("case", "recompute", "R-1")
    shown = run("case", "show", "R-1")
    assert "Mass balance" in shown and "Customers to notify" in shown and "NOT affected" in shown


def test_case_open_on_a_complaint_opens_on_its_lot(story, monkeypatch):
    complaints = pytest.importorskip("lotline.complaints.queries")
    monkeypatch.setattr(complaints, "complaint", lambda ref: {"id": "C-1", "lot": story.jam, "customer": "SATMKT",
                                                              "said": "fizzy", "date": "2026-03-08",
                                                              "status": "open"})
    opened = case("open", "--complaint", "c-1")
    assert opened["trigger"] == {"by": "complaint", "complaint": "C-1", "lots": [story.jam]}
    monkeypatch.setattr(complaints, "complaint", lambda ref: {"id": "C-2", "lot": None, "customer": "SATMKT",
                                                              "said": "fizzy", "date": "2026-03-08",
                                                              "status": "open"})
    with pytest.raises(CommandError, match=r"^--complaint: .*\[complaint_has_no_lot\]"):
        run("case", "open", "--complaint", "C-2")

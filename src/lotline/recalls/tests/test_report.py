"""The recall report PDF, read back as text: every section an auditor looks for, the case named on
every page, DRILL on every page of a drill's, and the signed ledger head it was made at."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from pypdf import PdfReader

from lotline.errors import Forbidden
from lotline.ledger.checkpoints import current_head, logged
from lotline.recalls.queries import case_details
from lotline.recalls.report import case_report_pdf
from lotline.recalls.services import close_case, count_lot, hold_case, notify_customer, open_case
from lotline.testing import ACTOR

pytestmark = pytest.mark.django_db


def pages(pdf: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def valley_case() -> str:
    return open_case(supplier="VALLEY", first=dt.date(2026, 3, 1), last=dt.date(2026, 3, 5), actor=ACTOR)["id"]


def test_the_report_holds_every_section_with_the_cases_figures(story):
    case = valley_case()
    hold_case(case, actor=ACTOR)
    details = case_details(case)
    told = details["customers"][0]
    notify_customer(case, customer=told["id"], how="phone", note="spoke to the buyer", actor=ACTOR)
    close_case(case, reason="all customers told", actor=ACTOR)
    text = pages(case_report_pdf(case, actor=ACTOR))
    whole = " ".join(text)
    for heading in ("Timeline of actions", "Lineage", "Affected lots and batches", "Customers who received units",
                    "Mass balance", "Checklist per site", "Batches NOT affected"):
        assert heading in whole
    assert "notice from Valley Farm" in whole and "closed" in whole and "all customers told" in whole
    for lot in details["lots"] + details["batches"]:
        assert lot["code"] in whole
    for customer in details["customers"]:
        assert customer["name"] in whole
    assert "yes: phone" in whole and "spoke to the buyer" in whole
    assert "NOT notified" in whole  # the other customer
    assert story.other_jam in whole.split("Batches NOT affected")[1]  # same product, Hillside's berries
    assert all(f"Recall case {case}" in page for page in text)
    assert all(f"page {i} of {len(text)}" in page for i, page in enumerate(text, 1))
    assert str(current_head()) in whole and logged()[-1].made_for == "recall report"
    assert "DRILL" not in whole


def test_a_count_below_the_book_shows_as_missing_and_lowers_the_share(story):
    case = valley_case()
    lot = next(b for b in case_details(case)["mass_balance"] if b["on_hand"] >= 1)
    count_lot(case, lot=lot["code"], quantity=lot["on_hand"] - Decimal(1), actor=ACTOR)
    details = case_details(case)
    whole = " ".join(pages(case_report_pdf(case, actor=ACTOR)))
    assert "(1 missing)" in whole
    assert f"{details['accounted_percent'].normalize():f}%" in whole and details["accounted_percent"] < 100


def test_every_page_of_a_drills_report_says_drill(story):
    drill = open_case(lots=[story.jam], kind="drill", actor=ACTOR)["id"]
    text = pages(case_report_pdf(drill, actor=ACTOR))
    assert len(text) >= 3
    assert all("DRILL" in page and drill in page for page in text)
    assert "No stock changed, nothing held, nobody notified" in text[0]


def test_an_auditor_downloads_the_report_and_a_person_without_a_role_may_not(story, auditor, django_user_model):
    case = valley_case()
    assert case_report_pdf(case, actor=auditor.username).startswith(b"%PDF")
    django_user_model.objects.create_user("nobody", password="x" * 12)
    with pytest.raises(Forbidden):
        case_report_pdf(case, actor="nobody")


def test_the_command_writes_the_pdf_and_the_workbook(story, tmp_path):
    from django.core.management import call_command
    from openpyxl import load_workbook

    case = valley_case()
    out = io.StringIO()
    pdf, xlsx = tmp_path / "r.pdf", tmp_path / "r.xlsx"
    call_command("case", "report", case.lower(), "--pdf", str(pdf), "--xlsx", str(xlsx), "--json", stdout=out)
    assert out.getvalue().count(str(pdf)) == 1
    assert f"Recall case {case}" in pages(pdf.read_bytes())[0]
    assert {"mass balance", "notification list"} <= set(load_workbook(xlsx).sheetnames)


def test_the_api_hands_the_report_to_an_auditor(story, auditor_client):
    case = valley_case()
    response = auditor_client.get(f"/api/cases/{case.lower()}/report.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert f'filename="{case}-report.pdf"' in response["Content-Disposition"]
    assert f"Recall case {case}" in pages(response.content)[0]
    missing = auditor_client.get("/api/cases/R-99/report.pdf")
    assert missing.status_code == 404 and missing.json()["code"] == "unknown_case"


def test_a_drill_from_a_finished_batch_lists_what_went_into_it(story):
    drill = open_case(lots=[story.tarts], kind="drill", actor=ACTOR)["id"]
    whole = " ".join(pages(case_report_pdf(drill, actor=ACTOR)))
    assert f"What went into {story.tarts} (traced back)" in whole
    assert story.valley_strawberries in whole and "Valley Farm" in whole  # the berries in the jam in the tarts

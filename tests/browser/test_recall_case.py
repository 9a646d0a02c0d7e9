"""Valley Farm recalls its strawberries on a Monday: on a phone, the owner finds what is affected, opens
a recall case from the notice, holds every affected lot on hand, records that each customer was told,
counts the shelf, closes the case and downloads the report an auditor will read."""

from __future__ import annotations

import re

import pytest
from browser_steps import checked, sign_in
from pypdf import PdfReader

from lotline.lots.models import Lot, LotStatus
from lotline.recalls.queries import case_details


def act(page, summary: str, button: str, fields: dict[str, str] | None = None) -> None:
    """Open an action's box on the case page, fill in its fields (by name) and send it."""
    box = page.locator("details.action", has=page.locator("summary", has_text=summary))
    if box.get_attribute("open") is None:
        box.locator("summary").click()
    for name, value in (fields or {}).items():
        field = box.locator(f"[name={name}]")
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)
    with page.expect_navigation():
        box.get_by_role("button", name=button).click()


@pytest.mark.postgres_too
def test_a_supplier_recall_from_the_notice_to_a_closed_case_and_its_report(phone_390, owner, story, screenshot):
    page = phone_390
    sign_in(page, "olivia", "olivia-password")
    page.goto("/recall/?supplier=VALLEY&item=STRAW&from=2026-03-01&to=2026-03-05")
    page.get_by_role("link", name="Open a recall case on it").click()
    page.wait_for_url(re.compile(r"/cases/new\?"))
    checked(page, screenshot, "open-from-the-notice")
    page.get_by_role("button", name="Open the case").click()
    page.wait_for_url(re.compile(r"/cases/R-1$"))
    checked(page, screenshot, "case-opened")

    act(page, "Hold every affected lot on hand", "Hold them all", {"reason": "Valley Farm recall notice"})
    page.get_by_text("Held.").wait_for()
    details = case_details("R-1")
    assert details["on_hand"] and all(Lot.objects.get(code=lot["code"]).status == LotStatus.ON_HOLD
                                      for lot in details["on_hand"])
    for customer in details["notifications"]:
        act(page, "A customer was told", "Record it", {"customer": customer["customer"], "how": "phone",
                                                       "note": "asked to pull the jars"})
        page.get_by_text("Customer told.").wait_for()
    lot = details["on_hand"][0]
    act(page, "Count a lot on the shelf", "Record the count", {"lot": lot["code"],
                                                              "quantity": str(lot["on_hand"])})
    page.get_by_text("Count recorded.").wait_for()
    checked(page, screenshot, "case-acted-on")
    act(page, "Close the case", "Close it", {"reason": "every customer told, every jar held"})
    page.get_by_text("Closed: read-only").wait_for()
    checked(page, screenshot, "case-closed")
    closed = case_details("R-1")
    assert closed["status"] == "closed" and all(n["notified"] for n in closed["notifications"])
    assert closed["accounted_percent"] == 100

    with page.expect_download() as download:
        page.get_by_role("link", name="Report (PDF)").click()
    pdf = PdfReader(download.value.path())
    text = " ".join(p.extract_text() for p in pdf.pages)
    assert "Recall case R-1" in text and "closed" in text and "NOT notified" not in text
    assert story.jam in text and story.other_jam in text.split("Batches NOT affected")[1]

"""An FDA investigator asks for the records of the jam: on a phone, the owner sees on the home page that
key data elements are missing, opens FSMA 204 from the menu, logs the request for everything
connected to the jam, downloads the spreadsheet and finds the jam in it."""

from __future__ import annotations

import io
import re

from browser_steps import checked, sign_in
from openpyxl import load_workbook

from lotline.catalog.services import update_record
from lotline.compliance.models import RecordsRequest
from lotline.testing import ACTOR


def test_the_owner_logs_an_fda_request_for_the_jam_and_downloads_its_spreadsheet(phone_390, owner, story,
                                                                                  screenshot):
    update_record("item", "STRAW", {"on_traceability_list": True}, actor=ACTOR)  # strawberries are on the list
    page = phone_390
    sign_in(page, "olivia", "olivia-password")
    page.get_by_role("link", name=re.compile(r"key data elements missing for FSMA 204")).wait_for()
    page.locator("nav.menu").get_by_role("link", name="FSMA 204").click()
    page.wait_for_url(re.compile(r"/fsma204/$"))
    page.get_by_role("link", name=re.compile(r"^supplier VALLEY Valley Farm: no phone")).wait_for()
    checked(page, screenshot, "fsma204")

    page.get_by_label("Who asked").fill("FDA investigator")
    page.get_by_label("Lot to trace").fill("SJ-20260304-Z")  # a typo: refused, named, nothing logged
    page.get_by_role("button", name="Log the request").click()
    page.get_by_role("alert").get_by_text("SJ-20260304-Z").wait_for()
    checked(page, screenshot, "unknown-lot-refused")
    assert not RecordsRequest.objects.exists()
    page.get_by_label("Lot to trace").fill(story.jam)
    page.get_by_role("button", name="Log the request").click()
    page.wait_for_url(re.compile(r"/fsma204/F-1/$"))
    page.get_by_text("due in 23 h").or_(page.get_by_text("due in 24 h")).first.wait_for()
    checked(page, screenshot, "request-logged")

    with page.expect_download() as download:
        page.get_by_role("link", name="Spreadsheet (XLSX)").click()
    assert download.value.suggested_filename == "F-1-fsma204.xlsx"
    book = load_workbook(io.BytesIO(download.value.path().read_bytes()), read_only=True)
    assert book.sheetnames == ["Receiving", "Transformation", "Shipping", "Explanation"]
    made = [row for row in book["Transformation"].iter_rows(values_only=True) if story.jam in row]
    assert made and RecordsRequest.objects.get().produced_at is not None
    page.reload()
    page.get_by_text("produced after").first.wait_for()
    page.goto("/fsma204/")
    page.get_by_role("link", name="F-1").wait_for()
    checked(page, screenshot, "request-produced")

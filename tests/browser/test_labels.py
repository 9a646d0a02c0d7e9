"""Labels on a phone: the owner prints the jam's labels from its lot page and gets the PDF with its
serials; a customer who scans a jar's QR code (the Digital Link path) sees the short public page, with
the recall notice once a recall case is open on the jam."""

from __future__ import annotations

import io
import re

from browser_steps import checked, sign_in
from pypdf import PdfReader

from lotline.catalog.services import update_record
from lotline.recalls.services import open_case
from lotline.testing import ACTOR

GTIN = "00614141000012"


def test_the_owner_prints_the_jams_labels_and_a_scanned_jar_shows_its_recall(phone_390, phone, owner, story,
                                                                             screenshot):
    update_record("item", "SJ", {"gtin": GTIN, "serialised": True, "shelf_life_days": "365"}, actor=ACTOR)
    page = phone_390
    sign_in(page, "olivia", "olivia-password")
    page.goto(f"/lots/{story.jam}/")
    page.get_by_role("link", name=re.compile("Print labels")).click()
    page.wait_for_url(re.compile(r"/labels/$"))
    page.get_by_label("How many labels").fill("3")
    checked(page, screenshot, "print-form")
    with page.expect_download() as download:
        page.get_by_role("button", name=re.compile("Download the labels")).click()
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(download.value.path().read_bytes())).pages)
    assert f"{story.jam}-001" in text and f"{story.jam}-003" in text and "Best by 2027-03-04" in text

    open_case(lots=[story.jam], title="Jam recall", actor=ACTOR)
    stranger = phone  # not signed in: a customer with a jar in hand
    stranger.goto(f"/01/{GTIN}/10/{story.jam}/21/002")
    stranger.get_by_text("Strawberry jam").first.wait_for()
    stranger.get_by_text(re.compile("recall", re.IGNORECASE)).first.wait_for()
    checked(stranger, screenshot, "public-page")
    page.goto(f"/01/{GTIN}/10/{story.jam}/21/002")  # signed in: the lot page itself
    page.wait_for_url(re.compile(rf"/lots/{story.jam}/$"))

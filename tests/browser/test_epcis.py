"""A partner's EPCIS document, on a phone: the owner tries Valley Farm's shipping notice (a dry run),
takes it in (the strawberries become a receipt with Valley's lot code; the pallet they came on is
kept as received and shown on the lot), downloads the jam's trace as an EPCIS document, and sees a
broken file refused with its reason."""

from __future__ import annotations

import json
import re
from pathlib import Path

from browser_steps import checked, sign_in
from django.urls import reverse

from lotline.epcis.tests.documents import document, give_gs1_keys, pallet_of_berries, valley_ships_berries
from lotline.lots.models import Lot


def test_a_suppliers_shipping_notice_is_taken_in_and_our_trace_goes_out(phone_390, owner, story, screenshot,
                                                                        tmp_path: Path):
    give_gs1_keys()
    notice = tmp_path / "valley-asn.jsonld"
    notice.write_text(json.dumps(document(pallet_of_berries(), valley_ships_berries())))
    page = phone_390
    sign_in(page, "olivia", "olivia-password")
    page.goto(reverse("epcis_page"))
    page.get_by_role("heading", name="EPCIS exchange").wait_for()
    checked(page, screenshot, "epcis-page")

    page.get_by_label("EPCIS document").set_input_files(str(notice))
    page.get_by_label("Dry run").check()
    page.get_by_role("button", name="Take it in").click()
    page.get_by_role("heading", name="Dry run: nothing was recorded").wait_for()
    assert not Lot.objects.filter(supplier_lot="VF-0312").exists()
    checked(page, screenshot, "dry-run")

    page.get_by_label("EPCIS document").set_input_files(str(notice))
    page.get_by_role("button", name="Take it in").click()
    page.get_by_role("heading", name="Document taken in").wait_for()
    lot = Lot.objects.get(supplier_lot="VF-0312")
    page.locator("#result").get_by_text(f"receipt {lot.code}").wait_for()
    page.locator("#kept").get_by_role("link", name=lot.code).wait_for()
    checked(page, screenshot, "taken-in")

    page.locator("#kept").get_by_role("link", name=lot.code).click()
    page.wait_for_url(re.compile(rf"/lots/{lot.code}/$"))
    kept = page.locator("#epcis-kept")
    kept.locator("summary").first.click()
    kept.get_by_text('"AggregationEvent"').wait_for()
    checked(page, screenshot, "lot-page")

    page.goto(reverse("epcis_page"))
    page.get_by_label("Lot to trace").fill(story.jam)
    with page.expect_download() as downloading:
        page.get_by_role("button", name="Download the EPCIS document").click()
    sent = json.loads(Path(downloading.value.path()).read_text())
    assert sent["type"] == "EPCISDocument" and len(sent["epcisBody"]["eventList"]) > 5

    broken = tmp_path / "broken.jsonld"
    broken.write_text('{"type": "EPCISDocument", "epcisBody": ')
    page.get_by_label("EPCIS document").set_input_files(str(broken))
    page.get_by_role("button", name="Take it in").click()
    page.get_by_role("heading", name="Nothing was recorded").wait_for()
    page.get_by_text("line 1").first.wait_for()
    checked(page, screenshot, "refused")

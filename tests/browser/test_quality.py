"""On a phone: the lab's certificate comes back with Listeria detected in the Valley Farm strawberries.
The owner enters the result with the PDF; the berries and the tarts made from them still on hand are
held, a recall case is proposed for what was shipped; she signs the release off after a clean retest,
cannot complete it herself, and a second person (staff) releases it: both names are on the lot page."""

from __future__ import annotations

import re

from browser_steps import checked, sign_in
from django.urls import reverse

from lotline.lots.models import Lot
from lotline.quality.services import SpecLine, set_specs

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"


def test_an_out_of_spec_result_holds_the_lot_and_two_people_release_it(phone_390, owner, staff, story, screenshot):
    set_specs("STRAW", [SpecLine("Listeria monocytogenes", "expected", expected="not detected", per="25 g")],
              actor="olivia")
    page, berries = phone_390, story.valley_strawberries
    sign_in(page, "olivia", "olivia-password")
    page.get_by_role("link", name="Quality").click()
    page.get_by_role("link", name="Enter lab results").click()
    page.locator("#id_lot").fill(berries)
    page.locator("#id_lab").fill("Valley Labs")
    page.get_by_label("Certificate of analysis (PDF)").set_input_files(
        {"name": "VL-2231.pdf", "mimeType": "application/pdf", "buffer": PDF})
    test = page.locator("fieldset").first
    test.get_by_label("Analyte").fill("Listeria monocytogenes")
    test.get_by_label("Result").fill("detected")
    test.get_by_label("Unit").fill("/25 g")
    checked(page, screenshot, "results-form")
    page.get_by_role("button", name="Record the results").click()
    page.wait_for_url(re.compile(rf"/lots/{berries}/#quality$"))
    page.locator(".messages").get_by_text("Out of spec: Listeria monocytogenes detected").wait_for()
    assert Lot.objects.get(code=story.tarts).status == "on_hold"
    checked(page, screenshot, "lot-held")

    page.get_by_label("Why may it be released?").fill("retest VL-2240: not detected")
    page.get_by_role("button", name="Sign off the release").click()
    page.get_by_text("signed off by olivia", exact=False).first.wait_for()
    page.get_by_label("Why release it?").fill("retest VL-2240: not detected")
    page.get_by_role("button", name=f"Release {berries}").click()
    page.get_by_text("a second person completes it").first.wait_for()
    assert Lot.objects.get(code=berries).status == "on_hold"
    screenshot(page, "same-person-refused")

    page.goto(reverse("quality"))
    page.get_by_role("button", name="Open the recall case").wait_for()
    screenshot(page, "quality-page")

    page.get_by_role("button", name="Sign out olivia").click()
    sign_in(page, "sam", "sam-password")
    page.goto(reverse("lot", args=[berries]))
    page.get_by_label("Why release it?").fill("retest VL-2240: not detected")
    page.get_by_role("button", name=f"Release {berries}").click()
    page.get_by_text(f"{berries} is released.").wait_for()
    section = page.locator("#quality")
    section.get_by_text("released by sam").wait_for()
    assert "signed off by olivia" in section.inner_text()
    screenshot(page, "released-by-two")

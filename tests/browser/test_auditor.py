"""An auditor reads and exports, and can write nothing: no button for it, and a 403 for a POST
sent anyway with the auditor's own session."""

from __future__ import annotations

import pytest
from browser_steps import post_from_the_browser, sign_in
from django.urls import reverse

RECORDING_PAGES = ["receive", "batch_new", "ship", "import"]


@pytest.fixture
def signed_in_auditor(desktop, auditor, story):
    sign_in(desktop, "ada", "ada-password")
    return desktop


def test_an_auditor_sees_no_button_to_record_anything(signed_in_auditor, story, screenshot):
    page = signed_in_auditor
    menu = page.locator("nav.menu")
    for label in ("Receive", "Batch", "Ship", "Import", "People"):
        assert menu.get_by_role("link", name=label, exact=True).count() == 0, label
    assert menu.get_by_role("link", name="Trace", exact=True).count() == 1
    screenshot(page, "auditor-home")

    page.goto(reverse("lot", args=[story.jam]))
    assert page.get_by_text(story.jam).first.is_visible()
    assert page.get_by_role("button", name="Hold").count() == 0
    screenshot(page, "auditor-lot")


@pytest.mark.parametrize("url_name", RECORDING_PAGES)
def test_an_auditor_opening_a_recording_page_gets_not_allowed(signed_in_auditor, url_name: str):
    response = signed_in_auditor.goto(reverse(url_name))
    assert response.status == 403
    assert signed_in_auditor.get_by_role("heading", name="Not allowed").is_visible()


@pytest.mark.parametrize("url_name", [*RECORDING_PAGES, "people"])
def test_an_auditor_posting_a_form_anyway_gets_403(signed_in_auditor, story, url_name: str):
    response = post_from_the_browser(signed_in_auditor, reverse(url_name), {
        "item": "STRAW", "supplier": "VALLEY", "quantity": "5", "unit": "kg", "product": "SJ",
        "customer": "SATMKT", "lot": story.jam, "username": "mallory", "role": "owner",
    })
    assert response.status == 403
    assert "Not allowed" in response.text()


def test_an_auditor_cannot_hold_a_lot_through_a_crafted_post(signed_in_auditor, story):
    response = post_from_the_browser(signed_in_auditor, reverse("lot_hold", args=[story.jam]),
                                     {"reason": "not mine to hold"})
    assert response.status == 403
    signed_in_auditor.goto(reverse("lot", args=[story.jam]))
    assert signed_in_auditor.get_by_text("on hold").count() == 0

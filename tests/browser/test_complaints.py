"""Saturday morning, on a phone: a customer says a jar of jam fizzed but has no code. The owner records
the complaint, picks the jar's batch from the lots shipped there, sees a second complaint about the
tarts made with that jam point the same way on the home page, traces forward from the likely cause
in one tap, and answers and closes the first complaint."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest
from browser_steps import axe_violations, fits_the_screen, sign_in
from django.urls import reverse

from lotline.complaints.models import Complaint
from lotline.complaints.services import record_complaint

PHONE_390 = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}


@pytest.fixture
def phone_390(browser, live_server) -> Iterator:
    """A page on a 390 x 844 phone (an iPhone 12 to 15)."""
    context = browser.new_context(base_url=live_server.url, locale="en-US", timezone_id="UTC", **PHONE_390)
    context.set_default_timeout(10_000)
    try:
        yield context.new_page()
    finally:
        context.close()


def checked(page, screenshot, step: str) -> None:
    screenshot(page, step)
    assert fits_the_screen(page), step
    assert axe_violations(page) == [], step


def test_a_complaint_without_a_code_is_picked_shows_its_pattern_and_is_answered(phone_390, owner, story, screenshot):
    page = phone_390
    sign_in(page, "olivia", "olivia-password")
    page.get_by_role("link", name="Complaints").click()
    page.get_by_role("link", name="New complaint").click()
    page.get_by_label("Customer").first.fill("GOODEARTH")
    page.get_by_label("Date").fill("2026-03-14")
    page.get_by_label("What they said").fill("The jar fizzed when opened; the lid was domed.")
    page.get_by_label("Product").select_option("SJ")
    page.get_by_label("Bought on").fill("2026-03-10")
    checked(page, screenshot, "new-complaint")
    page.get_by_role("button", name="Record the complaint").click()
    page.wait_for_url(re.compile(r"/complaints/C-1$"))
    page.get_by_role("heading", name="Which lot was it?").wait_for()
    checked(page, screenshot, "candidates")

    page.get_by_role("button", name=f"It was {story.jam}").click()
    page.get_by_text(f"C-1 is about {story.jam}.").wait_for()
    assert Complaint.objects.get(number=1).lot.code == story.jam
    checked(page, screenshot, "picked")

    # a second complaint, from the market, about the tarts made with that jam
    record_complaint(customer="SATMKT", code=f"{story.tarts}-4", said="the tarts taste sour", on=dt.date(2026, 3, 15),
                     actor="olivia")
    page.goto(reverse("home"))
    pattern = page.locator("section.pattern")
    pattern.get_by_text("Likely cause").wait_for()
    checked(page, screenshot, "home-pattern")
    pattern.get_by_role("link", name=f"Trace forward from {story.jam}").click()
    page.wait_for_url(re.compile(rf"/trace/forward/{story.jam}/$"))
    page.locator("table").get_by_text("Good Earth Co-op").first.wait_for()
    screenshot(page, "trace-forward-from-the-cause")

    page.goto(reverse("lot", args=[story.jam]))
    page.locator("#complaints").wait_for()
    checked(page, screenshot, "lot-page")

    page.goto(reverse("complaint", args=["C-1"]))
    page.get_by_label("Reply").fill("Refund sent; we collected the jar to test it.")
    page.get_by_label("Status").select_option("closed")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("C-1 is closed.").wait_for()
    assert Complaint.objects.get(number=1).status == "closed"
    checked(page, screenshot, "closed")

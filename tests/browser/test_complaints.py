"""Saturday morning, on a phone: a customer says a jar of jam fizzed but has no code. The owner records
the complaint, picks the jar's batch from the lots shipped there, sees a second complaint about the
tarts made with that jam point the same way on the home page, traces forward from the likely cause
in one tap, and answers and closes the first complaint."""

from __future__ import annotations

import datetime as dt
import re

from browser_steps import checked, sign_in
from django.urls import reverse

from lotline.complaints.models import Complaint
from lotline.complaints.services import record_complaint


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

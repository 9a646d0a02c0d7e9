"""The comparison on a 390 px phone: from a failed batch's page, "Against the best by yield", then two
batches picked by hand; the supplier that made the difference ranks first, A and B side by side."""

from __future__ import annotations

from browser_steps import axe_violations, fits_the_screen, sign_in
from django.urls import reverse


def test_a_failed_batch_against_the_best_then_two_batches_picked(phone_390, owner, crafted, screenshot):
    page = phone_390
    sign_in(page, "olivia", "olivia-password")
    page.goto(reverse("lot", args=[crafted.failed]))
    page.get_by_role("link", name="Against the best by yield").click()
    page.wait_for_url("**/compare/**")
    first = page.locator("ol.differences li").first
    assert "supplier of Strawberries" in first.inner_text() and "5 of 5 poor" in first.inner_text()
    assert "the best by yield" in page.locator(".sides").inner_text()
    assert fits_the_screen(page) and axe_violations(page) == []
    screenshot(page, "failed-against-the-best")

    page.goto(reverse("compare"))
    page.locator("#id_a").fill(crafted.good)
    page.locator("#id_b").fill(crafted.failed)
    page.get_by_role("button", name="Compare").click()
    page.wait_for_url("**/compare/?*")
    sides = page.locator(".sides .card")
    a, b = sides.nth(0).bounding_box(), sides.nth(1).bounding_box()
    assert a and b and a["y"] == b["y"] and a["x"] + a["width"] <= b["x"]  # side by side on the phone
    assert "Differences with no pattern in the history" in page.content()
    assert fits_the_screen(page) and axe_violations(page) == []
    screenshot(page, "two-batches-picked")

"""A 10,000-character value, typed or pasted on a phone, never makes a page wider than the screen,
and a search that long gets Lotline's own page."""

from __future__ import annotations

import pytest
from browser_steps import fits_the_screen, sign_in
from django.urls import reverse

LONG = "X" * 10_000


def no_wider_than_the_window(page) -> bool:
    return page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth")


@pytest.fixture
def signed_in_phone(phone, owner, story):
    sign_in(phone, "olivia", "olivia-password")
    return phone


def test_the_error_page_for_a_long_value_fits_the_phone(signed_in_phone, screenshot):
    page = signed_in_phone
    page.goto(reverse("market_day"))
    page.get_by_label("Sales, one a line").fill(f"24 jars {LONG} to Saturday market")
    page.get_by_role("button", name="Record every sale").click()
    page.locator(".errorlist").first.wait_for()
    assert LONG[:200] in page.content()  # the value is shown, wrapped
    assert no_wider_than_the_window(page) and fits_the_screen(page)
    screenshot(page, "market-day-long-value")


def test_a_long_unknown_code_in_a_link_fits_the_phone(signed_in_phone, screenshot):
    page = signed_in_phone
    page.goto(reverse("trace_result", args=["back", "Z" * 3000]))
    assert "Z" * 200 in page.content()
    assert no_wider_than_the_window(page) and fits_the_screen(page)
    screenshot(page, "trace-long-code")


def test_a_long_search_gets_lotlines_own_page_that_fits_the_phone(signed_in_phone, screenshot):
    page = signed_in_phone
    search = page.get_by_role("searchbox")
    search.fill(LONG)
    assert len(search.input_value()) == 100  # the box takes no more than a code can be
    response = page.goto("/?q=" + LONG)  # a pasted link
    assert response.status == 414
    assert page.get_by_role("heading", name="This address is too long").is_visible()
    assert no_wider_than_the_window(page) and fits_the_screen(page)
    screenshot(page, "search-too-long")
    page.goto("/?q=" + "Y" * 3000)  # under the limit: the search says it found nothing, wrapped
    assert page.get_by_role("heading", name="Nothing found").is_visible()
    assert no_wider_than_the_window(page) and fits_the_screen(page)
    screenshot(page, "search-long-nothing-found")

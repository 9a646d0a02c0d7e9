"""At the stove, on a phone: the batch form fills in the strawberries still good, not the lot past
its best-by date; using that lot anyway, and then a batch with nothing in it, are each asked about
on the page, and recorded only with "Record anyway", which the batch page then says."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from browser_steps import fits_the_screen, sign_in
from django.urls import reverse

from lotline.catalog.recipes import RecipeLineIn, set_recipe
from lotline.days import today
from lotline.lots.services import receive_lot


@pytest.fixture
def kitchen(jam_catalog) -> dict[str, str]:
    """A jam recipe, strawberries past their best-by date two days ago, fresh ones, and sugar."""
    set_recipe("SJ", [RecipeLineIn("STRAW", Decimal(8), "kg"), RecipeLineIn("SUGAR", Decimal(4), "kg")],
               batch_quantity=Decimal(40), actor="olivia")
    day = today()

    def receive(item: str, qty: int, best_by: dt.date | None) -> str:
        return receive_lot(item=item, supplier="VALLEY", quantity=Decimal(qty), unit="kg",
                           received_on=day - dt.timedelta(days=6), best_by=best_by, actor="sam").code

    return {"past": receive("STRAW", 10, day - dt.timedelta(days=2)),
            "fresh": receive("STRAW", 20, day + dt.timedelta(days=5)), "sugar": receive("SUGAR", 25, None)}


def test_an_expired_lot_and_a_batch_with_nothing_in_are_asked_about_before_recording(phone, owner, kitchen,
                                                                                    screenshot):
    sign_in(phone, "olivia", "olivia-password")
    phone.goto(reverse("batch_new"))
    phone.locator("[name=product]").select_option("SJ")
    first_lot = phone.locator("input[name=line_lot]").first
    phone.locator(f"input[name=line_lot][value='{kitchen['fresh']}']").wait_for()
    assert phone.get_by_text("Past best-by (not filled in").count() == 0  # the fresh lot covers the need
    screenshot(phone, "batch-form-fresh-lot-suggested")

    # The person takes the old strawberries instead: the page asks first, and records nothing yet.
    first_lot.fill(kitchen["past"])
    with phone.expect_navigation() as asked:
        phone.get_by_role("button", name="Record the batch").click()
    assert asked.value.status == 409
    warning = phone.locator("#confirm")
    assert warning.get_by_text(re.compile(f"Lot {kitchen['past']} was past its best-by date")).is_visible()
    assert phone.get_by_role("link", name="check 1 warning").is_visible()
    assert fits_the_screen(phone)
    warning.scroll_into_view_if_needed()
    screenshot(phone, "batch-form-asks-about-the-expired-lot")
    phone.get_by_role("button", name="Record anyway").click()
    phone.wait_for_url(re.compile(r"/batch/made/"))
    assert phone.get_by_text("recorded anyway").is_visible()
    assert phone.get_by_text(re.compile(f"Lot {kitchen['past']} was past its best-by date")).is_visible()
    screenshot(phone, "batch-recorded-anyway")

    # A batch with no line filled in: "nothing traceable went in" is asked about too.
    phone.goto(reverse("batch_new"))
    phone.locator("[name=product]").select_option("JT")
    phone.get_by_text("JT has no recipe").wait_for()  # the form, refilled for the product (htmx)
    phone.locator("[name=quantity_produced]").fill("12")
    with phone.expect_navigation() as asked:
        phone.get_by_role("button", name="Record the batch").click()
    assert asked.value.status == 409
    assert phone.locator("#confirm").get_by_text(re.compile("nothing traceable")).is_visible()
    screenshot(phone, "batch-form-asks-about-nothing-in")

"""The jam seller's day, in a browser on a phone: receive strawberries, sugar and pectin, make jam,
ship it to two customers, then Valley Farm calls about its strawberries: run the recall, see the
right batches and customers, hold them, and see the hold refuse a further shipment.

The story as a user lives it; screenshots of each key page are saved (see conftest.py) to look at.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from browser_steps import fits_the_screen, sign_in
from django.urls import reverse
from django.utils import timezone

from lotline.catalog.recipes import RecipeLineIn, set_recipe
from lotline.lots.services import InputLine, receive_lot, record_batch

BATCH_NUMBER = re.compile(r"SJ-\d{8}-[A-Z]+")


@pytest.fixture
def jam_recipe(jam_catalog) -> None:
    """What the owner set up in the catalog before the season: 40 jars of jam from 8 kg of berries."""
    set_recipe("SJ", [RecipeLineIn("STRAW", Decimal(8), "kg"), RecipeLineIn("SUGAR", Decimal(4), "kg"),
                      RecipeLineIn("PECTN", Decimal("0.2"), "kg")], batch_quantity=Decimal(40), actor="olivia")


def receive(page, screenshot, step: str, **fields: str) -> str:
    """Receive one lot on the receive page (item, supplier, supplier_lot, quantity); its new lot code."""
    page.goto(reverse("receive"))
    page.locator("[name=item]").select_option(fields["item"])
    page.locator("[name=supplier]").select_option(fields["supplier"])
    page.locator("[name=supplier_lot]").fill(fields["supplier_lot"])
    page.locator("[name=quantity]").fill(fields["quantity"])
    screenshot(page, f"{step}-form")
    page.get_by_role("button", name="Receive", exact=True).click()
    page.wait_for_url(re.compile(r"/lots/"))
    assert page.get_by_text(fields["supplier_lot"]).first.is_visible()
    screenshot(page, f"{step}-lot")
    return page.locator("h1.big-code").inner_text().strip()


def table_under(page, heading: str):
    """The table that follows the section heading `heading` (its words, without the count)."""
    return page.locator(f"h2:has-text('{heading}') ~ div.scroll").first


@pytest.mark.postgres_too  # the one end-to-end walk that also runs on PostgreSQL
def test_the_jam_seller_records_a_day_on_a_phone_and_runs_a_supplier_recall(phone, owner, jam_recipe,
                                                                            screenshot):
    today = timezone.localdate()
    sign_in(phone, "olivia", "olivia-password")

    # Ingredients in: the strawberries from Valley Farm, sugar and pectin from Costco.
    berries = receive(phone, screenshot, "receive-strawberries", item="STRAW", supplier="VALLEY",
                      supplier_lot="VF-0302", quantity="20")
    receive(phone, screenshot, "receive-sugar", item="SUGAR", supplier="COSTCO", supplier_lot="C-SUG-1", quantity="25")
    receive(phone, screenshot, "receive-pectin", item="PECTN", supplier="COSTCO", supplier_lot="C-PEC-9", quantity="1")

    # A batch of jam: choosing the product fills in its recipe, with the oldest open lot of each ingredient.
    phone.goto(reverse("batch_new"))
    phone.locator("[name=product]").select_option("SJ")
    suggested = phone.locator(f"input[name=line_lot][value='{berries}']")
    suggested.wait_for()
    assert phone.locator("[name=quantity_produced]").input_value() == "40"
    assert fits_the_screen(phone)
    screenshot(phone, "batch-form")
    phone.get_by_role("button", name="Record the batch").click()
    phone.wait_for_url(re.compile(r"/batch/made/"))
    jam = phone.locator(".big-code").inner_text().strip()
    assert BATCH_NUMBER.fullmatch(jam), jam
    assert phone.get_by_text(berries).first.is_visible()  # "Used: 8 kg of STRAW-..."
    assert fits_the_screen(phone)
    screenshot(phone, "batch-number")

    # Meanwhile a colleague made jam from Hillside Orchard's berries: not part of the recall.
    hillside = receive_lot(item="STRAW", supplier="HILL", quantity=Decimal(20), unit="kg", received_on=today,
                           supplier_lot="HO-77", actor="sam").code
    more_sugar = receive_lot(item="SUGAR", supplier="COSTCO", quantity=Decimal(5), unit="kg", received_on=today,
                             actor="sam").code
    safe_jam = record_batch(product="SJ", quantity_produced=Decimal(40), produced_on=today,
                            inputs=[InputLine(hillside, Decimal(8)), InputLine(more_sugar, Decimal(4))],
                            actor="sam").code

    # Market day: 24 jars to the Saturday market, 10 to the Good Earth co-op, typed as two lines.
    phone.goto(reverse("market_day"))
    phone.locator("[name=lines]").fill(f"24 jars {jam} to SATMKT\n10 {jam} to GOODEARTH")
    screenshot(phone, "market-day")
    phone.get_by_role("button", name="Record every sale").click()
    phone.wait_for_url(re.compile(r"/ship/done/"))
    sold = phone.locator("table")
    assert sold.get_by_text("Saturday farmers market").is_visible()
    assert sold.get_by_text("Good Earth Co-op").is_visible()
    screenshot(phone, "shipped")

    # Valley Farm calls: their strawberries of this week may be contaminated.
    phone.goto(reverse("recall"))
    phone.locator("[name=supplier]").fill("VALLEY")
    phone.locator("[name=item]").fill("STRAW")
    phone.locator("[name=from]").fill((today - dt.timedelta(days=7)).isoformat())
    phone.locator("[name=to]").fill(today.isoformat())
    phone.get_by_role("button", name="Find what is affected").click()
    phone.wait_for_url(re.compile(r"supplier=VALLEY"))
    affected = table_under(phone, "Batches affected")
    assert affected.get_by_role("link", name=jam).is_visible()
    assert affected.get_by_role("link", name=safe_jam).count() == 0
    assert table_under(phone, "NOT affected").get_by_role("link", name=safe_jam).is_visible()
    customers = table_under(phone, "Customers to contact")
    assert customers.get_by_text("Saturday farmers market").is_visible()
    assert customers.get_by_text("Good Earth Co-op").is_visible()
    assert customers.get_by_text("Online order #1847").count() == 0
    assert fits_the_screen(phone)
    screenshot(phone, "recall")
    picture = phone.locator(".lineage-wrap svg")
    assert picture.bounding_box()["width"] > 360  # full size: it scrolls sideways
    phone.get_by_text("Fit the whole picture to the screen").click()
    assert picture.bounding_box()["width"] <= 360
    screenshot(phone, "recall-whole-picture")

    # Hold every affected lot still on hand (the berries left and the jars not sold), in one tap.
    phone.locator("#id_hold_reason").fill("Valley Farm recall of strawberries")
    phone.get_by_role("button", name="Hold 2 lots").click()
    phone.get_by_text("2 lots put on hold").wait_for()
    assert phone.get_by_text("Every affected lot on hand is on hold").is_visible()
    screenshot(phone, "recall-held")
    phone.goto(reverse("lot", args=[jam]))
    assert phone.locator(".badge.on_hold").first.is_visible()
    screenshot(phone, "jam-on-hold")

    # The hold refuses a further shipment, and says why next to the lot.
    phone.goto(reverse("ship"))
    phone.locator("[name=customer]").fill("ORDER1847")
    phone.locator("[name=lot]").fill(jam)
    phone.locator("[name=quantity]").fill("6")
    with phone.expect_navigation() as refused:
        phone.get_by_role("button", name="Ship", exact=True).click()
    assert refused.value.status == 409  # lot_unusable: the page answers with the code's status
    assert phone.locator("label:has([name=lot]) .errorlist").get_by_text("on hold").is_visible()
    screenshot(phone, "shipment-refused")
    phone.goto(reverse("lot", args=[jam]))
    shipped_to = phone.locator("h3:has-text('Shipped to customers') + div.scroll")
    assert shipped_to.get_by_text("Online order #1847").count() == 0
    assert shipped_to.get_by_text("Good Earth Co-op").is_visible()

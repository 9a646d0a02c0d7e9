"""A seller at the loading dock: a new farm's crates arrive, the farm is not in the catalog yet. The
owner adds it from the receive form without losing what was typed, then receives the lot; the same
for a new customer on the ship form."""

from __future__ import annotations

import re

from browser_steps import axe_violations, fits_the_screen, sign_in
from django.urls import reverse

from lotline.catalog.models import Customer


def test_an_owner_adds_a_new_farm_from_the_receive_form_and_receives_its_lot(phone, owner, jam_catalog,
                                                                            screenshot):
    sign_in(phone, "olivia", "olivia-password")
    phone.goto(reverse("receive"))
    phone.locator("[name=item]").select_option("STRAW")
    phone.locator("[name=supplier_lot]").fill("MF-0311")
    phone.locator("[name=quantity]").fill("12")
    phone.get_by_text("New supplier…").click()
    phone.get_by_label("Supplier id").fill("MEADOW")
    phone.get_by_label("Name", exact=True).fill("Meadow Farm")
    screenshot(phone, "new-supplier")
    with phone.expect_response(lambda r: r.request.method == "POST"):
        phone.get_by_label("Name", exact=True).press("Enter")  # adds the supplier, does not receive
    phone.get_by_role("status").get_by_text("Supplier MEADOW added").wait_for()
    assert phone.locator("[name=supplier]").input_value() == "MEADOW"
    assert phone.locator("[name=supplier_lot]").input_value() == "MF-0311"
    assert phone.locator("[name=quantity]").input_value() == "12"
    assert phone.locator("[name=item]").input_value() == "STRAW"
    assert fits_the_screen(phone)
    assert axe_violations(phone) == []
    screenshot(phone, "supplier-added")
    phone.get_by_role("button", name="Receive", exact=True).click()
    phone.wait_for_url(re.compile(r"/lots/"))
    assert phone.get_by_text("Meadow Farm (MEADOW)").is_visible()
    screenshot(phone, "received")


def test_an_owner_adds_a_new_customer_from_the_ship_form(desktop, owner, story, screenshot):
    sign_in(desktop, "olivia", "olivia-password")
    desktop.goto(reverse("ship") + f"?lot={story.other_jam}")
    desktop.locator("[name=quantity]").fill("2")
    desktop.get_by_text("New customer…").click()
    desktop.get_by_label("Customer id").fill("CAFE")
    desktop.get_by_label("Name", exact=True).fill("Corner Cafe")
    desktop.get_by_label("Kind").select_option("store")
    desktop.get_by_role("button", name="Add the customer").click()
    desktop.get_by_role("status").get_by_text("Customer CAFE added").wait_for()
    assert desktop.locator("[name=customer]").input_value() == "CAFE"
    assert desktop.locator("[name=quantity]").input_value() == "2"
    screenshot(desktop, "customer-added")
    desktop.get_by_role("button", name="Ship", exact=True).click()
    desktop.wait_for_url(re.compile(r"/ship/done/"))
    assert desktop.locator("table").get_by_text("Corner Cafe").is_visible()
    assert Customer.objects.filter(ref="CAFE").exists()


def test_staff_are_told_who_can_add_a_supplier(phone, staff, jam_catalog):
    sign_in(phone, "sam", "sam-password")
    phone.goto(reverse("receive"))
    assert phone.get_by_text("New supplier…").count() == 0
    assert phone.get_by_text("Only an owner can add one to the catalog").is_visible()

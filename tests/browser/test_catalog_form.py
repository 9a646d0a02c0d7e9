"""The catalog's add form, built from the item's spec, on a phone: the browser stops typing at a
name's length, and a longer name sent anyway is refused next to its field in the verb's words."""

from __future__ import annotations

from browser_steps import fits_the_screen, post_from_the_browser, sign_in
from django.urls import reverse

from lotline.catalog.models import Item


def test_an_owner_adds_an_item_from_the_phone(phone, owner, jam_catalog, screenshot):
    sign_in(phone, "olivia", "olivia-password")
    phone.goto(reverse("catalog_add", args=["items"]))
    form = phone.locator("form.stack")
    form.locator("#id_code").fill("LEMON")
    name = form.locator("#id_name")
    assert name.get_attribute("maxlength") == "120"
    name.fill("Lemon juice")
    form.locator("#id_kind").select_option("ingredient")
    form.locator("#id_unit").select_option("l")
    form.get_by_label("On the FDA Food Traceability List").check()
    assert fits_the_screen(phone)
    screenshot(phone, "add-item")
    form.get_by_role("button", name="Add").click()
    phone.wait_for_url(f"**{reverse('catalog_record', args=['items', 'LEMON'])}")
    assert Item.objects.get(code="LEMON").on_traceability_list

    response = post_from_the_browser(phone, reverse("catalog_add", args=["items"]),
                                     {"code": "LONG", "name": "x" * 121, "kind": "ingredient", "unit": "kg",
                                      "number_format": "date"})
    assert response.status == 400 and "at most 120 characters (this has 121)" in response.text()
    phone.set_content(response.text())
    screenshot(phone, "name-too-long")

"""Catalog pages: everyone who reads sees the catalog; only owners add and change it, through the
catalog verbs (each a ledger event); a wrong value shows next to its field and nothing is written."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from lotline.catalog.models import Customer, Item, Recipe, Supplier
from lotline.catalog.recipes import recipe_for
from lotline.ledger.models import Event

pytestmark = pytest.mark.django_db


def field(page: str, name: str) -> str:
    """The label block of one form field: its input and the errors shown next to it."""
    match = re.search(rf'<label for="id_{name}".*?</label>', page, re.S)
    assert match, f"no field {name}"
    return match.group(0)


def events() -> int:
    return Event.objects.count()


@pytest.mark.parametrize("plural", ["items", "suppliers", "customers", "sites", "equipment"])
def test_an_auditor_reads_every_list_but_sees_no_add_button(auditor_client: Client, jam_catalog: None,
                                                             plural: str) -> None:
    response = auditor_client.get(reverse("catalog_list", args=[plural]))
    assert response.status_code == 200
    assert reverse("catalog_add", args=[plural]) not in response.content.decode()


def test_the_catalog_index_counts_each_list(owner_client: Client, jam_catalog: None) -> None:
    page = owner_client.get(reverse("catalog")).content.decode()
    assert "6 recorded" in page and "3 recorded" in page  # six items, three suppliers
    assert reverse("catalog_add", args=["items"]) in page


def test_the_item_list_shows_allergens_and_finds_by_name(auditor_client: Client, jam_catalog: None) -> None:
    page = auditor_client.get(reverse("catalog_list", args=["items"]), {"q": "jam"}).content.decode()
    assert "Strawberry jam" in page and "Jam tarts" in page and "wheat" in page
    assert "Cane sugar" not in page


def test_a_long_list_comes_in_pages(owner_client: Client, db: None) -> None:
    from lotline.catalog.services import add_records

    add_records("supplier", [{"ref": f"S{n:03d}", "name": f"Farm {n}"} for n in range(60)], actor="alice")
    first = owner_client.get(reverse("catalog_list", args=["suppliers"])).content.decode()
    second = owner_client.get(reverse("catalog_list", args=["suppliers"]), {"page": 2}).content.decode()
    assert "S000" in first and "S059" not in first and "Page 1 of 2" in first
    assert "S059" in second and "S000" not in second


@pytest.mark.parametrize("who", ["auditor_client", "staff_client"])
def test_only_an_owner_opens_an_add_form_or_posts_one(who: str, request: pytest.FixtureRequest,
                                                       jam_catalog: None) -> None:
    client: Client = request.getfixturevalue(who)
    before = events()
    assert client.get(reverse("catalog_add", args=["suppliers"])).status_code == 403
    response = client.post(reverse("catalog_add", args=["suppliers"]), {"ref": "NEW", "name": "New farm"})
    assert response.status_code == 403
    response = client.post(reverse("catalog_record", args=["suppliers", "VALLEY"]), {"name": "Renamed"})
    assert response.status_code == 403
    response = client.post(reverse("catalog_recipe", args=["SJ"]), {"lines": "1", "batch_quantity": "40",
                                                                    "ingredient_1": "SUGAR", "quantity_1": "4"})
    assert response.status_code == 403
    assert events() == before and not Supplier.objects.filter(ref="NEW").exists()
    assert Supplier.objects.get(ref="VALLEY").name == "Valley Farm" and recipe_for("SJ") is None


def test_an_auditor_sees_a_record_read_only(auditor_client: Client, jam_catalog: None) -> None:
    page = auditor_client.get(reverse("catalog_record", args=["suppliers", "VALLEY"])).content.decode()
    assert "Valley Farm" in page and "disabled" in field(page, "name") and ">Save<" not in page


def test_an_owner_adds_an_item_with_its_allergens(owner_client: Client, jam_catalog: None) -> None:
    before = events()
    response = owner_client.post(reverse("catalog_add", args=["items"]), {
        "code": "SHORTB", "name": "Shortbread", "kind": "product", "unit": "unit",
        "allergens": ["wheat", "milk"], "number_format": "sequential", "on_traceability_list": "on"})
    assert response.status_code == 302
    assert response["Location"] == reverse("catalog_record", args=["items", "SHORTB"])
    item = Item.objects.get(code="SHORTB")
    assert (item.allergens, item.number_format, item.on_traceability_list) == ("milk;wheat", "sequential", True)
    assert events() == before + 1
    page = owner_client.get(response["Location"]).content.decode()
    assert re.search(r'value="milk"[^>]*checked', page) and not re.search(r'value="egg"[^>]*checked', page)


def test_a_wrong_record_shows_each_error_next_to_its_field_and_writes_nothing(owner_client: Client,
                                                                               jam_catalog: None) -> None:
    before = events()
    response = owner_client.post(reverse("catalog_add", args=["items"]), {
        "code": "HOT SAUCE", "name": "", "kind": "product", "unit": "unit", "number_format": "date"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "has a space" in field(page, "code")
    assert "a value is required" in field(page, "name")
    assert "row 1" not in page
    assert events() == before and not Item.objects.filter(name="").exists()


def test_a_code_already_recorded_is_refused_next_to_the_code(owner_client: Client, jam_catalog: None) -> None:
    response = owner_client.post(reverse("catalog_add", args=["customers"]), {
        "ref": "SATMKT", "name": "Sunday market", "kind": "market"})
    assert response.status_code == 400
    assert "already recorded" in field(response.content.decode(), "ref")
    assert Customer.objects.get(ref="SATMKT").name == "Saturday farmers market"


def test_an_owner_changes_a_supplier_but_never_its_ref(owner_client: Client, jam_catalog: None) -> None:
    url = reverse("catalog_record", args=["suppliers", "VALLEY"])
    response = owner_client.post(url, {"ref": "OTHER", "name": "Valley Farm", "contact": "555-0199",
                                       "address": "Route 9, Valley"})
    assert response.status_code == 302
    valley = Supplier.objects.get(ref="VALLEY")
    assert valley.contact == "555-0199" and not Supplier.objects.filter(ref="OTHER").exists()
    assert Event.objects.filter(kind="catalog.updated", subject="VALLEY").count() == 1


def test_a_form_submitted_twice_adds_once(owner_client: Client, jam_catalog: None) -> None:
    data = {"code": "K2", "name": "Market stall", "address": "", "once": "d" * 32}
    first = owner_client.post(reverse("catalog_add", args=["sites"]), data)
    second = owner_client.post(reverse("catalog_add", args=["sites"]), data)
    assert first.status_code == second.status_code == 302 and first["Location"] == second["Location"]
    assert Event.objects.filter(kind="site.added", subject="K2").count() == 1


def test_an_owner_writes_a_recipe(owner_client: Client, jam_catalog: None) -> None:
    url = reverse("catalog_recipe", args=["SJ"])
    form = owner_client.get(url).content.decode()
    assert 'name="ingredient_3"' in form
    response = owner_client.post(url, {"lines": "3", "batch_quantity": "40", "ingredient_1": "STRAW",
                                       "quantity_1": "8", "unit_1": "kg", "ingredient_2": "SUGAR",
                                       "quantity_2": "4000", "unit_2": "g", "ingredient_3": "", "quantity_3": ""})
    assert response.status_code == 302
    recipe = recipe_for("SJ")
    assert recipe is not None and recipe.batch_quantity == 40
    assert [(line.ingredient, line.quantity, line.unit) for line in recipe.lines] == [("STRAW", 8, "kg"),
                                                                                      ("SUGAR", 4000, "g")]
    page = owner_client.get(reverse("catalog_record", args=["items", "SJ"])).content.decode()
    assert "One batch makes 40 units" in page and "4000 g SUGAR" in page


def test_a_wrong_recipe_line_shows_on_its_line_and_nothing_is_set(owner_client: Client, jam_catalog: None) -> None:
    response = owner_client.post(reverse("catalog_recipe", args=["SJ"]), {
        "lines": "3", "batch_quantity": "40", "ingredient_1": "STRAW", "quantity_1": "8",
        "ingredient_2": "", "quantity_2": "", "ingredient_3": "SUGAR", "quantity_3": "4", "unit_3": "l"})
    page = response.content.decode()
    assert response.status_code == 400
    row = page.split('name="ingredient_3"', 1)[1].split("</tr>", 1)[0]
    assert "does not convert to kg" in row
    assert not Recipe.objects.exists()

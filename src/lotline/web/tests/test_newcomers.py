"""A supplier or customer added from the receive, ship and market-day forms: recorded through the
catalog's verb (an owner's right), and the form comes back as typed with the new one chosen."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from lotline.catalog.models import Customer, Supplier
from lotline.ledger.models import Event

pytestmark = pytest.mark.django_db

TYPED_RECEIPT = {"item": "STRAW", "supplier": "", "supplier_lot": "MF-0311", "quantity": "12", "unit": "kg",
                 "received_on": "2026-03-11", "reference_doc_type": "invoice", "reference_doc": "INV-88"}


def new_supplier(**fields: str) -> dict[str, str]:
    return {"add": "supplier", **{f"new_supplier-{name}": value for name, value in fields.items()}}


def selected(page: str, name: str) -> str:
    select = re.search(rf'<select name="{name}".*?</select>', page, re.S)[0]
    return re.search(r'<option value="([^"]*)" selected>', select)[1]


def test_an_owner_adds_a_supplier_from_the_receive_form_and_finds_it_chosen_with_the_rest_as_typed(
        jam_catalog, owner_client):
    response = owner_client.post(reverse("receive"), TYPED_RECEIPT | new_supplier(
        ref="MEADOW", name="Meadow Farm", contact="555-0199", address="Lane 4"))
    page = response.content.decode()
    assert response.status_code == 200
    meadow = Supplier.objects.get(ref="MEADOW")
    assert (meadow.name, meadow.contact, meadow.address) == ("Meadow Farm", "555-0199", "Lane 4")
    assert Event.objects.filter(kind="supplier.added", subject="MEADOW").count() == 1
    assert selected(page, "supplier") == "MEADOW"
    assert selected(page, "item") == "STRAW"
    assert 'value="MF-0311"' in page and 'value="12"' in page and 'value="INV-88"' in page
    assert "Supplier MEADOW added to the catalog and chosen." in page
    assert not Event.objects.filter(kind__startswith="lot.").exists()  # nothing received yet: the person goes on


def test_a_new_supplier_without_a_name_is_refused_next_to_its_field_and_nothing_is_added(jam_catalog, owner_client):
    before = Event.objects.count()
    response = owner_client.post(reverse("receive"), TYPED_RECEIPT | new_supplier(ref="MEADOW"))
    page = response.content.decode()
    assert response.status_code == 400
    name_field = re.search(r'<label for="id_new_supplier-name".*?</label>', page, re.S)[0]
    assert "a value is required" in name_field
    assert "<details class=\"card newcomer\" open>" in page
    assert 'value="MF-0311"' in page  # what was typed is still there
    assert Event.objects.count() == before and not Supplier.objects.filter(ref="MEADOW").exists()


def test_a_supplier_already_recorded_with_other_details_is_refused(jam_catalog, owner_client):
    response = owner_client.post(reverse("receive"), TYPED_RECEIPT | new_supplier(ref="VALLEY", name="Other farm"))
    assert response.status_code == 400
    assert "already recorded" in response.content.decode()
    assert Supplier.objects.get(ref="VALLEY").name == "Valley Farm"


def test_staff_see_who_can_add_a_supplier_and_may_not_add_one_with_a_crafted_post(jam_catalog, staff_client):
    page = staff_client.get(reverse("receive")).content.decode()
    assert "New supplier…" not in page and 'id="new-supplier"' not in page
    assert "Supplier not listed? Only an owner can add one to the catalog: ask them." in page
    response = staff_client.post(reverse("receive"), TYPED_RECEIPT | new_supplier(ref="MEADOW", name="Meadow Farm"))
    assert response.status_code == 403
    assert not Supplier.objects.filter(ref="MEADOW").exists()


def test_an_owner_adds_a_customer_from_the_ship_form_and_finds_it_filled_in(jam_catalog, owner_client):
    typed = {"customer": "", "lot": "SJ-20260304-A", "quantity": "6", "shipped_on": "2026-03-12",
             "reference_doc_type": "order", "reference_doc": "PO-9"}
    response = owner_client.post(reverse("ship"), typed | {
        "add": "customer", "new_customer-ref": "CAFE", "new_customer-name": "Corner Cafe",
        "new_customer-kind": "store", "new_customer-contact": "555-0300"})
    page = response.content.decode()
    assert response.status_code == 200
    assert Customer.objects.get(ref="CAFE").name == "Corner Cafe"
    assert re.search(r'<input type="text" name="customer" value="CAFE"', page)
    assert 'value="SJ-20260304-A"' in page and 'value="PO-9"' in page


def test_a_new_customer_needs_its_kind(jam_catalog, owner_client):
    response = owner_client.post(reverse("ship"), {"add": "customer", "new_customer-ref": "CAFE",
                                                   "new_customer-name": "Corner Cafe"})
    assert response.status_code == 400
    kind = re.search(r'<label for="id_new_customer-kind".*?</label>', response.content.decode(), re.S)[0]
    assert "a value is required" in kind
    assert not Customer.objects.filter(ref="CAFE").exists()


def test_an_owner_adds_a_customer_from_the_market_day_form_as_the_one_sold_to(jam_catalog, owner_client):
    lines = "24 jars SJ-20260304-A"
    response = owner_client.post(reverse("market_day"), {
        "shipped_on": "2026-03-14", "lines": lines, "add": "customer", "new_customer-ref": "SUNMKT",
        "new_customer-name": "Sunday market", "new_customer-kind": "market"})
    page = response.content.decode()
    assert response.status_code == 200
    assert re.search(r'name="customer" value="SUNMKT"', page)
    assert lines in page
    assert Customer.objects.filter(ref="SUNMKT").exists()

"""The catalog in the admin: adding and changing records append events, by the signed-in user."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from lotline.catalog.models import Item, Supplier
from lotline.ledger.models import Event


@pytest.fixture
def owner_client(client: Client, django_user_model: type[User]) -> Client:
    client.force_login(django_user_model.objects.create_superuser("owner", email="", password=None))
    return client


def supplier_form(**changes: str) -> dict[str, str]:
    return {"name": "Valley Farm", "contact": "555-0101", "address": "Route 9, Valley"} | changes


def test_changing_a_supplier_appends_an_event_by_the_signed_in_user(jam_catalog: None,
                                                                    owner_client: Client) -> None:
    valley = Supplier.objects.get(ref="VALLEY")
    before = Event.objects.count()
    response = owner_client.post(reverse("admin:catalog_supplier_change", args=[valley.pk]),
                                 supplier_form(contact="Ruth, 555-0199"))
    assert response.status_code == 302
    event = Event.objects.latest("seq")
    assert Event.objects.count() == before + 1
    assert (event.kind, event.actor, event.subject) == ("catalog.updated", "owner", "VALLEY")
    assert Supplier.objects.get(ref="VALLEY").contact == "Ruth, 555-0199"


def test_saving_a_supplier_unchanged_appends_nothing(jam_catalog: None, owner_client: Client) -> None:
    valley = Supplier.objects.get(ref="VALLEY")
    before = Event.objects.count()
    owner_client.post(reverse("admin:catalog_supplier_change", args=[valley.pk]), supplier_form())
    assert Event.objects.count() == before


def test_adding_an_item_appends_an_event_and_keeps_the_canonical_unit(jam_catalog: None,
                                                                     owner_client: Client) -> None:
    response = owner_client.post(reverse("admin:catalog_item_add"), {
        "code": "LEMON", "name": "Lemon juice", "kind": "ingredient", "unit": "litres", "allergens": "",
        "number_format": "date", "symbols": "qr,datamatrix"})
    assert response.status_code == 302
    assert Item.objects.get(code="LEMON").unit == "l"
    event = Event.objects.latest("seq")
    assert (event.kind, event.actor) == ("item.added", "owner")


def test_an_unknown_unit_is_refused_on_the_form_and_nothing_is_written(jam_catalog: None,
                                                                      owner_client: Client) -> None:
    before = Event.objects.count()
    response = owner_client.post(reverse("admin:catalog_item_add"), {
        "code": "LEMON", "name": "Lemon juice", "kind": "ingredient", "unit": "buckets", "allergens": "",
        "number_format": "date", "symbols": "qr,datamatrix"})
    assert response.status_code == 200
    assert "unknown unit" in response.content.decode()
    assert Event.objects.count() == before
    assert not Item.objects.filter(code="LEMON").exists()


def test_an_unknown_allergen_is_refused_on_a_change(jam_catalog: None, owner_client: Client) -> None:
    flour = Item.objects.get(code="FLOUR")
    before = Event.objects.count()
    response = owner_client.post(reverse("admin:catalog_item_change", args=[flour.pk]), {
        "name": "Wheat flour", "kind": "ingredient", "unit": "kg", "allergens": "wheat;gluten-ish",
        "number_format": "date", "symbols": "qr,datamatrix"})
    assert response.status_code == 200 and "Big 9" in response.content.decode()
    assert Event.objects.count() == before


def test_a_code_cannot_be_changed_and_a_record_cannot_be_deleted(jam_catalog: None,
                                                                  owner_client: Client) -> None:
    valley = Supplier.objects.get(ref="VALLEY")
    change = reverse("admin:catalog_supplier_change", args=[valley.pk])
    owner_client.post(change, supplier_form(ref="VALLEY2"))
    assert Supplier.objects.get(pk=valley.pk).ref == "VALLEY"
    delete = owner_client.post(reverse("admin:catalog_supplier_delete", args=[valley.pk]), {"post": "yes"})
    assert delete.status_code == 403
    assert Supplier.objects.filter(pk=valley.pk).exists()

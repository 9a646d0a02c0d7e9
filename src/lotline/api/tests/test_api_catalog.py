"""The catalog API: lists, records, adds, changes and recipes, with the roles and error codes of the pages."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from lotline.accounts.services import create_token
from lotline.catalog.models import Item, Supplier
from lotline.catalog.recipes import recipe_for
from lotline.ledger.models import Event

pytestmark = pytest.mark.django_db


class Api:
    """A script holding a personal token."""

    def __init__(self, user: Any) -> None:
        self.client = Client(headers={"Authorization": f"Bearer {create_token(user, 'test script').token}"})

    def get(self, url: str, **params: Any) -> Any:
        return self.client.get(url, params)

    def send(self, method: str, url: str, body: Any) -> Any:
        return getattr(self.client, method)(url, json.dumps(body), content_type="application/json")


@pytest.fixture
def owner_api(owner: Any) -> Api:
    return Api(owner)


@pytest.fixture
def auditor_api(auditor: Any) -> Api:
    return Api(auditor)


@pytest.mark.parametrize(("url", "key", "first"), [
    ("/api/sites", "code", "K1"), ("/api/suppliers", "ref", "COSTCO"), ("/api/customers", "ref", "GOODEARTH"),
    ("/api/items", "code", "FLOUR"), ("/api/equipment", "code", None)])
def test_an_auditor_lists_each_kind_of_record(auditor_api: Api, jam_catalog: None, url: str, key: str,
                                              first: str | None) -> None:
    response = auditor_api.get(url)
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"items", "count"}
    assert (body["items"][0][key] if body["items"] else None) == first


def test_lists_come_in_pages_and_find_by_name(auditor_api: Api, jam_catalog: None) -> None:
    page = auditor_api.get("/api/items", limit=2, offset=2).json()
    assert page["count"] == 6 and [i["code"] for i in page["items"]] == ["PECTN", "SJ"]
    found = auditor_api.get("/api/suppliers", q="valley").json()
    assert [s["ref"] for s in found["items"]] == ["VALLEY"]


def test_one_item_shows_its_allergens_as_a_list(auditor_api: Api, jam_catalog: None) -> None:
    body = auditor_api.get("/api/items/JT").json()
    assert body == {"code": "JT", "name": "Jam tarts", "kind": "product", "unit": "unit", "allergens": ["wheat"],
                    "number_format": "date", "on_traceability_list": False, "ftl_category": "",
                    "ftl_confirmed": False, "brand": "", "commodity": "", "variety": "", "pack_size": "",
                    "pack_style": "", "may_contain": [], "declared": "", "gtin": "", "serialised": False,
                    "symbols": "qr,datamatrix", "shelf_life_days": ""}


def test_an_unknown_code_is_404_with_its_field(auditor_api: Api, jam_catalog: None) -> None:
    response = auditor_api.get("/api/customers/NOBODY")
    assert response.status_code == 404
    assert response.json()["code"] == "unknown_customer" and response.json()["field"] == "ref"


def test_an_owner_adds_an_item(owner_api: Api, jam_catalog: None) -> None:
    response = owner_api.send("post", "/api/items", {"code": "SHORTB", "name": "Shortbread", "kind": "product",
                                                     "unit": "units", "allergens": ["milk", "Gluten"]})
    assert response.status_code == 201
    assert response.json()["allergens"] == ["milk", "wheat"] and response.json()["unit"] == "unit"
    assert Event.objects.filter(kind="item.added", subject="SHORTB", actor="olivia").count() == 1


def test_an_auditor_may_not_write_anything(auditor_api: Api, jam_catalog: None) -> None:
    before = Event.objects.count()
    responses = [
        auditor_api.send("post", "/api/suppliers", {"ref": "NEW", "name": "New farm"}),
        auditor_api.send("patch", "/api/suppliers/VALLEY", {"name": "Renamed"}),
        auditor_api.send("put", "/api/items/SJ/recipe", {"batch_quantity": 40,
                                                         "lines": [{"ingredient": "SUGAR", "quantity": 4}]}),
    ]
    assert [r.status_code for r in responses] == [403, 403, 403]
    assert {r.json()["code"] for r in responses} == {"forbidden"}
    assert Event.objects.count() == before


def test_a_wrong_record_is_400_naming_each_field(owner_api: Api, jam_catalog: None) -> None:
    response = owner_api.send("post", "/api/items", {"code": "HOT SAUCE", "name": "Hot sauce", "kind": "product",
                                                     "unit": "bucket", "allergens": ["celery"]})
    assert response.status_code == 400
    body = response.json()
    assert {p["field"] for p in body["problems"]} == {"code", "unit", "allergens"}
    assert all(p["where"] == "" for p in body["problems"])
    assert not Item.objects.filter(name="Hot sauce").exists()


def test_a_missing_or_mistyped_value_is_400_bad_input(owner_api: Api, jam_catalog: None) -> None:
    response = owner_api.send("post", "/api/customers", {"ref": "X", "name": "X", "kind": "friend"})
    assert response.status_code == 400 and response.json()["code"] == "bad_input"
    assert response.json()["field"] == "kind"


def test_a_code_already_recorded_is_a_409_conflict(owner_api: Api, jam_catalog: None) -> None:
    response = owner_api.send("post", "/api/suppliers", {"ref": "VALLEY", "name": "Another valley"})
    assert response.status_code == 409
    assert response.json()["code"] == "duplicate_code" and response.json()["field"] == "ref"
    assert Supplier.objects.get(ref="VALLEY").name == "Valley Farm"


def test_an_owner_changes_a_record_and_only_the_fields_sent(owner_api: Api, jam_catalog: None) -> None:
    response = owner_api.send("patch", "/api/suppliers/VALLEY", {"contact": "555-0199"})
    assert response.status_code == 200
    assert response.json() == {"ref": "VALLEY", "name": "Valley Farm", "contact": "555-0199", "phone": "",
                               "address": "Route 9, Valley", "city": "", "state": "", "zip_code": "",
                               "country": "", "gln": "", "fda_registration": ""}
    assert owner_api.send("patch", "/api/suppliers/NOBODY", {"contact": "x"}).status_code == 404
    assert owner_api.send("patch", "/api/items/SJ", {"kind": "cake"}).status_code == 400


def test_equipment_stands_at_a_known_site(owner_api: Api, jam_catalog: None) -> None:
    assert owner_api.send("post", "/api/equipment", {"code": "KETTLE2", "name": "Kettle 2",
                                                     "site": "K1"}).status_code == 201
    response = owner_api.send("post", "/api/equipment", {"code": "OVEN", "name": "Oven", "site": "K9"})
    assert response.status_code == 404 and response.json()["field"] == "site"  # unknown_site: always a 404
    assert response.json()["code"] == "unknown_site"


def test_an_owner_sets_a_recipe_and_anyone_reads_it(owner_api: Api, auditor_api: Api, jam_catalog: None) -> None:
    assert auditor_api.get("/api/items/SJ/recipe").status_code == 404
    body = {"batch_quantity": "40", "lines": [{"ingredient": "STRAW", "quantity": "8", "unit": "kg"},
                                              {"ingredient": "SUGAR", "quantity": 4}]}
    response = owner_api.send("put", "/api/items/SJ/recipe", body)
    assert response.status_code == 200
    read = auditor_api.get("/api/items/SJ/recipe").json()
    assert read["product"] == "SJ" and [line["ingredient"] for line in read["lines"]] == ["STRAW", "SUGAR"]
    assert recipe_for("SJ").lines[1].unit == "kg"


def test_a_wrong_recipe_is_refused_whole(owner_api: Api, jam_catalog: None) -> None:
    response = owner_api.send("put", "/api/items/SJ/recipe", {
        "batch_quantity": 40, "lines": [{"ingredient": "STRAW", "quantity": 8}, {"ingredient": "NOPE", "quantity": 1}]})
    assert response.status_code == 404  # the first problem's code, unknown_item, says 404
    assert response.json()["problems"][0] == {"code": "unknown_item", "message": "unknown item 'NOPE'",
                                              "field": "ingredient", "file": "", "row": 2, "where": "line 2"}
    assert recipe_for("SJ") is None
    assert owner_api.send("put", "/api/items/STRAW/recipe", {
        "batch_quantity": 1, "lines": [{"ingredient": "SUGAR", "quantity": 1}]}).status_code == 404


def test_without_a_token_the_catalog_is_401(client: Client, jam_catalog: None) -> None:
    assert client.get("/api/items").status_code == 401


def test_someone_without_a_role_may_not_even_list(django_user_model: Any, jam_catalog: None) -> None:
    nobody = Api(django_user_model.objects.create_user("nobody"))
    response = nobody.get("/api/items")
    assert response.status_code == 403 and response.json()["code"] == "forbidden"

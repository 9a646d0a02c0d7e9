"""Recording through the API: receipts, batches, shipments and open lots, with every error code."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from lotline.accounts.services import add_person, create_token
from lotline.catalog.services import add_site
from lotline.ledger.models import Event
from lotline.lots.models import Lot, Shipment
from lotline.lots.services import place_hold, receive_lot
from lotline.testing import ACTOR, JamStory

pytestmark = pytest.mark.django_db
D = Decimal


class Api:
    """A script calling with a personal token."""

    def __init__(self, user) -> None:
        self.client = Client(headers={"Authorization": f"Bearer {create_token(user, 'script').token}"})

    def post(self, url: str, body: dict):
        return self.client.post(url, json.dumps(body), content_type="application/json")

    def get(self, url: str, **params: str):
        return self.client.get(url, params)


@pytest.fixture
def staff_api(staff) -> Api:
    return Api(staff)


@pytest.fixture
def auditor_api(auditor) -> Api:
    return Api(auditor)


def events() -> int:
    return Event.objects.count()


RECEIPT = {"item": "STRAW", "supplier": "VALLEY", "quantity": "20", "received_on": "2026-03-02",
           "supplier_lot": "VF-0302", "best_by": "2026-03-12"}


# --- receipts ---------------------------------------------------------------------------------


def test_a_receipt_is_recorded_and_its_lot_code_returned(jam_catalog, staff_api):
    response = staff_api.post("/api/receipts", RECEIPT)
    assert response.status_code == 201
    code = response.json()["code"]
    lot = Lot.objects.get(code=code)
    assert (code, lot.unit, lot.quantity, lot.supplier_lot) == ("STRAW-20260302-A", "kg", D(20), "VF-0302")
    assert response.json()["event_seq"] == lot.event_seq


def test_a_receipt_without_a_date_is_received_today(jam_catalog, staff_api):
    response = staff_api.post("/api/receipts", {"item": "SUGAR", "supplier": "COSTCO", "quantity": 5})
    assert response.status_code == 201
    assert Lot.objects.get(code=response.json()["code"]).lot_date == dt.date.today()


@pytest.mark.parametrize(("change", "status", "code", "field"), [
    ({"quantity": "lots"}, 400, "not_a_number", "quantity"),
    ({"unit": "l"}, 400, "unit_mismatch", "unit"),
    ({"best_by": "2026-01-01"}, 400, "impossible_date", "best_by"),
    ({"item": "NOPE"}, 404, "unknown_item", "item"),
    ({"supplier": "NOPE"}, 404, "unknown_supplier", "supplier"),
    ({"site": "K9"}, 404, "unknown_site", "site"),
])
def test_a_bad_receipt_is_refused_with_its_code_and_field(jam_catalog, staff_api, change, status, code, field):
    before = events()
    response = staff_api.post("/api/receipts", RECEIPT | change)
    assert response.status_code == status
    assert (response.json()["code"], response.json()["field"]) == (code, field)
    assert events() == before


def test_a_lot_code_already_used_is_a_conflict(jam_catalog, staff_api):
    assert staff_api.post("/api/receipts", RECEIPT | {"code": "STRAW-1"}).status_code == 201
    response = staff_api.post("/api/receipts", RECEIPT | {"code": "STRAW-1", "quantity": "7"})
    assert response.status_code == 409
    assert response.json()["code"] == "duplicate_code"


def test_without_a_token_a_receipt_is_401(jam_catalog):
    response = Client().post("/api/receipts", json.dumps(RECEIPT), content_type="application/json")
    assert response.status_code == 401
    assert response.json()["code"] == "not_signed_in"


def test_an_auditor_cannot_record_anything_through_the_api(story: JamStory, auditor_api):
    before = events()
    for url, body in [("/api/receipts", RECEIPT),
                      ("/api/batches", {"product": "SJ", "quantity_produced": 10}),
                      ("/api/shipments", {"lines": [{"lot": story.other_jam, "customer": "SATMKT", "quantity": 1}]})]:
        response = auditor_api.post(url, body)
        assert (response.status_code, response.json()["code"]) == (403, "forbidden")
    assert events() == before


def test_staff_cannot_record_at_a_site_they_do_not_work_at(jam_catalog, django_user_model):
    add_site("K2", "Market kitchen", actor=ACTOR)
    kim = Api(django_user_model.objects.get(pk=add_person("kim", "pw-kim-1234", role="staff", sites=["K2"],
                                                          actor="alice")))
    assert kim.post("/api/receipts", RECEIPT | {"site": "K1"}).status_code == 403
    mine = kim.post("/api/receipts", RECEIPT)  # no site named: their only one
    assert mine.status_code == 201 and Lot.objects.get(code=mine.json()["code"]).site.code == "K2"
    theirs = receive_lot(item="STRAW", supplier="VALLEY", quantity=D(5), unit="kg", received_on=dt.date(2026, 3, 1),
                         site="K1", actor=ACTOR).code
    response = kim.post("/api/batches", {"product": "SJ", "quantity_produced": 10, "produced_on": "2026-03-04",
                                         "site": "K1", "inputs": [{"lot": theirs, "quantity": 1}]})
    assert response.status_code == 403


# --- batches ----------------------------------------------------------------------------------


def test_a_batch_with_its_inputs_is_recorded_and_its_number_returned(story: JamStory, staff_api, staff):
    response = staff_api.post("/api/batches", {
        "product": "SJ", "quantity_produced": 38, "quantity_discarded": 2, "produced_on": "2026-03-12",
        "inputs": [{"lot": story.hillside_strawberries, "quantity": 6},
                   {"lot": story.sugar, "quantity": "3000", "unit": "g"}]})
    assert response.status_code == 201
    batch = Lot.objects.get(code=response.json()["code"])
    assert batch.code == "SJ-20260312-A" and batch.made_by == staff.username
    assert sorted(batch.inputs.values_list("input_lot__code", "quantity_in_lot_unit")) == sorted(
        [(story.hillside_strawberries, D(6)), (story.sugar, D(3))])


def test_a_failed_batch_is_recorded_through_the_api(story: JamStory, staff_api):
    response = staff_api.post("/api/batches", {"product": "SJ", "quantity_produced": 0, "produced_on": "2026-03-12",
                                               "failed": True,
                                               "inputs": [{"lot": story.hillside_strawberries, "quantity": 8}]})
    assert response.status_code == 201
    assert Lot.objects.get(code=response.json()["code"]).status == "failed"


@pytest.mark.parametrize(("inputs", "status", "code"), [
    ([{"lot": "NOPE-1", "quantity": 1}], 404, "unknown_lot"),
    ([{"lot": "HELD", "quantity": 1}], 409, "lot_unusable"),
    ([{"lot": "SUGAR", "quantity": 100}], 409, "more_than_on_hand"),
    ([{"lot": "SUGAR", "quantity": -1}], 400, "not_positive"),
])
def test_a_bad_batch_is_refused_and_names_the_input(story: JamStory, staff_api, inputs, status, code):
    place_hold(story.hillside_strawberries, reason="supplier called", actor=ACTOR)
    real = {"HELD": story.hillside_strawberries, "SUGAR": story.sugar}
    inputs = [i | {"lot": real.get(i["lot"], i["lot"])} for i in inputs]
    before = events()
    response = staff_api.post("/api/batches", {"product": "SJ", "quantity_produced": 10,
                                               "produced_on": "2026-03-12", "inputs": inputs})
    assert (response.status_code, response.json()["code"]) == (status, code)
    problem = response.json()["problems"][0]
    assert (problem["file"], problem["row"], problem["where"]) == ("", 1, "input 1")
    assert events() == before


def test_a_problem_with_the_second_input_names_its_row(story: JamStory, staff_api):
    response = staff_api.post("/api/batches", {"product": "SJ", "quantity_produced": 10, "produced_on": "2026-03-12",
                                               "inputs": [{"lot": story.sugar, "quantity": 1},
                                                          {"lot": "NOPE-1", "quantity": 1}]})
    assert response.status_code == 404
    assert response.json()["problems"] == [{
        "code": "unknown_lot", "message": "unknown lot 'NOPE-1': not a received lot or batch code", "field": "lot",
        "file": "", "row": 2, "where": "input 2"}]


# --- shipments --------------------------------------------------------------------------------


def test_many_shipment_lines_are_recorded_in_one_event(story: JamStory, staff_api):
    response = staff_api.post("/api/shipments", {"lines": [
        {"lot": story.other_jam, "customer": "SATMKT", "quantity": 12, "shipped_on": "2026-03-14"},
        {"lot": story.other_jam, "customer": "GOODEARTH", "quantity": 6, "shipped_on": "2026-03-14",
         "reference_doc_type": "order", "reference_doc": "PO-80"}]})
    assert response.status_code == 201
    refs = [s["code"] for s in response.json()["shipments"]]
    assert refs == ["SH-20260314-001", "SH-20260314-002"]
    assert len({s["event_seq"] for s in response.json()["shipments"]}) == 1
    assert Shipment.objects.get(ref=refs[1]).reference_doc == "PO-80"


@pytest.mark.parametrize(("line", "status", "code"), [
    ({"customer": "NOBODY"}, 404, "unknown_customer"),
    ({"lot": "NOPE-1"}, 404, "unknown_lot"),
    ({"quantity": 500}, 409, "more_than_on_hand"),
    ({"quantity": 0}, 400, "not_positive"),
])
def test_one_bad_line_refuses_the_whole_shipment_and_is_named(story: JamStory, staff_api, line, status, code):
    before = events()
    good = {"lot": story.other_jam, "customer": "SATMKT", "quantity": 2, "shipped_on": "2026-03-14"}
    response = staff_api.post("/api/shipments", {"lines": [good, good | line]})
    assert (response.status_code, response.json()["code"]) == (status, code)
    assert response.json()["problems"][0]["where"] == "line 2"
    assert events() == before


def test_a_held_lot_cannot_be_shipped(story: JamStory, staff_api):
    place_hold(story.other_jam, reason="lid seal check", actor=ACTOR)
    response = staff_api.post("/api/shipments", {"lines": [{"lot": story.other_jam, "customer": "SATMKT",
                                                            "quantity": 1}]})
    assert (response.status_code, response.json()["code"], response.json()["field"]) == (409, "lot_unusable", "lot")


def test_an_empty_shipment_is_bad_input(story: JamStory, staff_api):
    assert staff_api.post("/api/shipments", {"lines": []}).status_code == 400
    assert staff_api.post("/api/shipments", {}).json()["code"] == "bad_input"


# --- open lots --------------------------------------------------------------------------------


def test_an_items_open_lots_come_oldest_first_a_page_at_a_time(story: JamStory, auditor_api):
    soon = timezone.localdate() + dt.timedelta(days=3)
    fresh = receive_lot(item="STRAW", supplier="HILL", quantity=D(9), unit="kg", best_by=soon, actor=ACTOR).code
    past = receive_lot(item="STRAW", supplier="HILL", quantity=D(5), unit="kg", received_on=dt.date(2026, 3, 9),
                       best_by=dt.date(2026, 3, 11), actor=ACTOR).code
    response = auditor_api.get("/api/items/STRAW/open-lots", limit="2")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 4
    assert [(lot["code"], D(lot["on_hand"]), lot["past_best_by"]) for lot in body["items"]] == [
        (fresh, D(9), False), (story.valley_strawberries, D(12), False)]
    rest = auditor_api.get("/api/items/STRAW/open-lots", limit="2", offset="2").json()
    assert [(lot["code"], lot["past_best_by"]) for lot in rest["items"]] == [
        (story.hillside_strawberries, False), (past, True)]  # past its best-by: after every usable lot


def test_open_lots_of_an_unknown_item_are_404(jam_catalog, auditor_api):
    response = auditor_api.get("/api/items/NOPE/open-lots")
    assert (response.status_code, response.json()["code"]) == (404, "unknown_item")


def test_it_suggests_the_lots_to_take_a_need_from(story: JamStory, staff_api):
    response = staff_api.get("/api/items/STRAW/suggested-inputs", quantity="15", unit="kg")
    assert response.status_code == 200
    body = response.json()
    assert [(line["lot"], D(line["quantity"])) for line in body["lines"]] == [
        (story.valley_strawberries, D(12)), (story.hillside_strawberries, D(3))]
    assert D(body["short"]) == 0
    bad = staff_api.get("/api/items/STRAW/suggested-inputs", quantity="1", unit="l")
    assert (bad.status_code, bad.json()["code"]) == (400, "unit_mismatch")

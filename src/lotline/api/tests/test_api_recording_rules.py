"""The recording rules through the API: warnings answered 409 needs_confirmation with their codes and
accepted back in `confirm`, dates and quantities refused with the same codes as every other way in."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest

from lotline.ledger.models import Event
from lotline.lots.models import Lot
from lotline.lots.services import receive_lot
from lotline.testing import ACTOR, JamStory

from .test_api_recording import Api

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def api(staff) -> Api:
    return Api(staff)


def events() -> int:
    return Event.objects.count()


def raw_post(api: Api, url: str, text: str):
    """A body as a script may write it, numbers and all (json.dumps would round them first)."""
    return api.client.post(url, text, content_type="application/json")


def test_a_batch_using_an_expired_lot_is_409_until_the_warning_is_confirmed(story: JamStory, api: Api):
    old = receive_lot(item="STRAW", supplier="VALLEY", quantity=D(5), unit="kg", received_on=dt.date(2026, 3, 1),
                      best_by=dt.date(2026, 3, 5), actor=ACTOR).code
    body = {"product": "SJ", "quantity_produced": 10, "produced_on": "2026-03-12",
            "inputs": [{"lot": story.sugar, "quantity": 1}, {"lot": old, "quantity": 2}]}
    before = events()
    asked = api.post("/api/batches", body)
    assert asked.status_code == 409 and events() == before
    answer = asked.json()
    assert answer["code"] == "needs_confirmation"
    assert [(p["code"], p["field"], p["where"]) for p in answer["problems"]] == [("expired_input", "lot", "input 2")]
    made = api.post("/api/batches", body | {"confirm": ["expired_input"]})
    assert made.status_code == 201
    assert [c["code"] for c in made.json()["confirmed"]] == ["expired_input"]
    events_of_lot = api.get(f"/api/lots/{made.json()['code']}").json()["events"]
    assert [c["code"] for e in events_of_lot for c in e["confirmed"]] == ["expired_input"]


def test_a_batch_with_no_inputs_and_a_receipt_sent_twice_ask_to_confirm(story: JamStory, api: Api):
    batch = {"product": "SJ", "quantity_produced": 10, "produced_on": "2026-03-12"}
    assert api.post("/api/batches", batch).json()["problems"][0]["code"] == "no_inputs"
    assert api.post("/api/batches", batch | {"confirm": ["no_inputs"]}).status_code == 201
    receipt = {"item": "SUGAR", "supplier": "COSTCO", "quantity": "5", "received_on": "2026-03-12"}
    assert api.post("/api/receipts", receipt).status_code == 201
    again = api.post("/api/receipts", receipt)  # a script that retried after a timeout
    assert (again.status_code, again.json()["problems"][0]["code"]) == (409, "near_twin")
    assert api.post("/api/receipts", receipt | {"confirm": ["near_twin"]}).status_code == 201


def test_shipments_and_discards_sent_twice_ask_to_confirm(story: JamStory, api: Api):
    line = {"lot": story.other_jam, "customer": "SATMKT", "quantity": 2, "shipped_on": "2026-03-14"}
    assert api.post("/api/shipments", {"lines": [line]}).status_code == 201
    assert api.post("/api/shipments", {"lines": [line]}).json()["problems"][0]["code"] == "near_twin"
    discard = {"quantity": 1, "reason": "cracked jar"}
    assert api.post(f"/api/lots/{story.other_jam}/discards", discard).status_code == 201
    assert api.post(f"/api/lots/{story.other_jam}/discards", discard).status_code == 409
    assert api.post(f"/api/lots/{story.other_jam}/discards", discard | {"confirm": ["near_twin"]}).status_code == 201


@pytest.mark.parametrize(("quantity", "code"), [
    ("1e-400", "too_precise"), ('"1e-400"', "not_a_number"), ("0.0000001", "too_precise"),
    ('"0.0000001"', "too_precise"), ('"٣"', "not_a_number"), ("1000000000", "too_large"), ('"1,500"', "not_a_number"),
])
def test_a_quantity_is_refused_with_the_code_every_way_in_gives(jam_catalog, api: Api, quantity: str, code: str):
    text = f'{{"item": "SUGAR", "supplier": "COSTCO", "quantity": {quantity}}}'
    response = raw_post(api, "/api/receipts", text)
    assert (response.status_code, response.json()["code"], response.json()["field"]) == (400, code, "quantity")
    assert not Lot.objects.exists()


def test_a_json_number_is_read_exactly(jam_catalog, api: Api):
    response = raw_post(api, "/api/receipts", '{"item": "SUGAR", "supplier": "COSTCO", "quantity": 0.1}')
    assert response.status_code == 201
    assert str(Lot.objects.get().quantity.normalize()) == "0.1"


@pytest.mark.parametrize(("field", "value", "code"), [
    ("received_on", "2099-01-01", "future_date"), ("received_on", "0001-01-01", "date_too_old"),
    ("best_by", "9999-12-31", "future_date")])
def test_a_date_out_of_bounds_is_refused_naming_its_field(jam_catalog, api: Api, field: str, value: str, code: str):
    response = api.post("/api/receipts", {"item": "SUGAR", "supplier": "COSTCO", "quantity": 5, field: value})
    assert (response.status_code, response.json()["code"], response.json()["field"]) == (400, code, field)


@pytest.mark.parametrize(("on", "code"), [("2099-01-01", "future_date"), ("1999-12-31", "date_too_old")])
def test_a_recall_hold_all_on_a_date_out_of_bounds_holds_nothing(story: JamStory, api: Api, on: str, code: str):
    before = events()
    response = api.post("/api/recall/holds", {"supplier": "VALLEY", "from": "2026-03-01", "to": "2026-03-05",
                                              "reason": "Valley Farm recall", "on": on})
    assert (response.status_code, response.json()["code"], response.json()["field"]) == (400, code, "on")
    assert events() == before


def test_suggested_inputs_leave_an_expired_lot_apart(story: JamStory, api: Api):
    old = receive_lot(item="STRAW", supplier="VALLEY", quantity=D(5), unit="kg", received_on=dt.date(2026, 3, 1),
                      best_by=dt.date(2026, 3, 5), actor=ACTOR).code
    found = api.get("/api/items/STRAW/suggested-inputs", quantity="40", unit="kg", on="2026-03-12").json()
    assert old not in [line["lot"] for line in found["lines"]]
    assert [(lot["code"], lot["past_best_by"]) for lot in found["past_best_by"]] == [(old, True)]
    # 40 kg needed: 12 kg left of each usable lot; the rest as written (16, not 16.000000)
    assert json.dumps(found["short"]) == '"16"'

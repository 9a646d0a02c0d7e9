"""Process records through the JSON API: fields got and set (owners), values recorded with a batch
and after it (corrections kept in the history), refusals naming the field, and the pre-fill."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from lotline.accounts.services import create_token
from lotline.ledger.models import Event

pytestmark = pytest.mark.django_db
FIELDS = {"fields": [{"code": "peak_temp", "label": "Peak temperature", "unit": "°C", "target_min": 103,
                      "target_max": "105"}, {"code": "notes", "label": "Notes", "kind": "text"}]}


class Api:
    def __init__(self, user) -> None:
        self.client = Client(headers={"Authorization": f"Bearer {create_token(user, 'script').token}"})

    def send(self, method: str, url: str, body: dict):
        return getattr(self.client, method)(url, json.dumps(body), content_type="application/json")


def test_an_owner_sets_fields_staff_record_values_with_the_batch_and_correct_them(story, owner, staff):
    owner_api, staff_api = Api(owner), Api(staff)
    assert staff_api.send("put", "/api/items/SJ/process-fields", FIELDS).status_code == 403
    put = owner_api.send("put", "/api/items/SJ/process-fields", FIELDS)
    assert put.status_code == 200 and [f["code"] for f in put.json()] == ["peak_temp", "notes"]
    assert put.json()[0]["target_min"] == "103" and put.json()[0]["retired_on"] is None

    batch = {"product": "SJ", "quantity_produced": 30, "produced_on": "2026-03-12",
             "inputs": [{"lot": story.sugar, "quantity": 4}], "process": {"peak_temp": 106, "notes": "set"}}
    made = staff_api.send("post", "/api/batches", batch)
    assert made.status_code == 201
    code = made.json()["code"]
    read = staff_api.client.get(f"/api/lots/{code}/process").json()
    assert [(v["field"], v["value"], v["in_target"]) for v in read["values"]] == [("peak_temp", "106", False),
                                                                                ("notes", None, None)]
    refused = staff_api.send("post", f"/api/lots/{code}/process", {"values": {"peak_temp": 104}})
    assert refused.status_code == 400 and refused.json()["field"] == "reason"
    fixed = staff_api.send("post", f"/api/lots/{code}/process", {"values": {"peak_temp": "104"}, "reason": "probe"})
    assert fixed.status_code == 200 and fixed.json()["event_seq"] > made.json()["event_seq"]
    assert [(h["reading"]["value"], h["superseded_seq"]) for h in fixed.json()["history"] if
            h["reading"]["field"] == "peak_temp"] == [("104", None), ("106", fixed.json()["event_seq"])]


def test_a_bad_value_refuses_the_batch_naming_the_field(story, owner, staff):
    Api(owner).send("put", "/api/items/SJ/process-fields", FIELDS)
    events = Event.objects.count()
    batch = {"product": "SJ", "quantity_produced": 30, "inputs": [{"lot": story.sugar, "quantity": 4}],
             "process": {"peak_temp": "hot", "oven": "1"}}
    refused = Api(staff).send("post", "/api/batches", batch)
    assert refused.status_code == 400 and Event.objects.count() == events
    assert {(p["field"], p["code"]) for p in refused.json()["problems"]} == {("peak_temp", "not_a_number"),
                                                                            ("oven", "unknown_process_field")}


def test_the_like_endpoint_prefills_a_batch_from_another(story, staff):
    found = Api(staff).client.get(f"/api/lots/{story.jam}/like", {"quantity": "20"})
    assert found.status_code == 200
    like = found.json()
    assert (like["product"], like["quantity_produced"], like["site"]) == ("SJ", "20", "K1")
    straw = next(i for i in like["inputs"] if i["item"] == "STRAW")
    assert (straw["supplier"], straw["quantity"], straw["unit"]) == ("VALLEY", "4", "kg")  # 8 kg for 40, scaled
    assert straw["lots"][0]["lot"] == story.valley_strawberries

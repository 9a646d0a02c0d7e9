"""The reading endpoints of the API: lookup, lots, traces, recalls, and holding a lot, for every role."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from lotline.accounts.services import create_token
from lotline.lots.models import Lot
from lotline.lots.services import place_hold
from lotline.testing import ACTOR

pytestmark = pytest.mark.django_db


def post(client: Client, url: str, body: dict):
    return client.post(url, json.dumps(body), content_type="application/json")


def test_lookup_finds_a_lot_by_the_suppliers_lot_code(story, auditor_client):
    response = auditor_client.get("/api/lookup", {"code": "vf-0302"})
    assert response.status_code == 200
    [match] = response.json()
    assert (match["code"], match["via"], match["supplier"]) == (story.valley_strawberries, "supplier lot code",
                                                                "Valley Farm")


def test_lookup_of_an_unknown_code_is_an_empty_list(story, auditor_client):
    assert auditor_client.get("/api/lookup", {"code": "NOPE"}).json() == []


def test_lots_are_listed_a_page_at_a_time_with_filters(story, auditor_client):
    page = auditor_client.get("/api/lots", {"kind": "batch", "limit": 2}).json()
    assert page["count"] == 3 and len(page["items"]) == 2
    assert [lot["code"] for lot in page["items"]] == [story.other_jam, story.tarts]  # newest first
    jam = auditor_client.get("/api/lots", {"item": "SJ"}).json()
    assert {lot["code"] for lot in jam["items"]} == {story.jam, story.other_jam}
    place_hold(story.tarts, reason="check", actor=ACTOR)
    held = auditor_client.get("/api/lots", {"status": "on_hold"}).json()
    assert [lot["code"] for lot in held["items"]] == [story.tarts]
    assert held["items"][0]["item_name"] == "Jam tarts" and held["items"][0]["site"] == "K1"


def test_quantities_come_as_written_not_as_stored(story, auditor_client):
    lots = auditor_client.get("/api/lots", {"item": "STRAW"}).json()["items"]
    assert {lot["quantity"] for lot in lots} == {"20"}  # stored as 20.000000
    lot = auditor_client.get(f"/api/lots/{story.jam}").json()
    assert sorted(i["quantity"] for i in lot["inputs"]) == ["4", "8"]


def test_a_bad_filter_is_a_400(story, auditor_client):
    response = auditor_client.get("/api/lots", {"kind": "jar"})
    assert response.status_code == 400 and response.json()["code"] == "bad_input"


def test_a_lot_comes_with_its_inputs_uses_shipments_and_events(story, auditor_client):
    lot = auditor_client.get(f"/api/lots/{story.jam}").json()
    assert [i["lot"] for i in lot["inputs"]] == sorted([story.valley_strawberries, story.sugar])
    assert [u["batch"] for u in lot["used_in"]] == [story.tarts]
    assert {s["customer"] for s in lot["shipments"]} == {"SATMKT", "GOODEARTH"}
    assert lot["on_hand"] == "0" and lot["status"] == "active"
    assert {e["kind"] for e in lot["events"]} == {"batch.recorded", "units.shipped"}
    assert all(len(e["hash"]) == 64 for e in lot["events"])


def test_an_unknown_lot_is_a_404_with_its_code(story, auditor_client):
    response = auditor_client.get("/api/lots/NOPE-1")
    assert response.status_code == 404 and response.json()["code"] == "unknown_lot"


def test_trace_back_reaches_the_strawberries_in_the_tarts(story, auditor_client):
    result = auditor_client.get(f"/api/trace/back/{story.tarts}").json()
    assert story.valley_strawberries in {lot["code"] for lot in result["lots"]}
    assert {b["code"] for b in result["batches"]} == {story.tarts, story.jam}


def test_trace_forward_names_the_customers_and_units_on_hand(story, auditor_client):
    result = auditor_client.get(f"/api/trace/forward/{story.valley_strawberries}").json()
    assert [c["id"] for c in result["customers"]] == ["GOODEARTH", "SATMKT"]
    assert result["customers"][1]["contact"] == "555-0201"
    assert [h["code"] for h in result["on_hand"]] == sorted([story.valley_strawberries, story.tarts])


def test_a_trace_from_an_unknown_code_is_a_404(story, auditor_client):
    response = auditor_client.get("/api/trace/forward/NOPE")
    assert response.status_code == 404 and response.json()["field"] == "code"


def test_a_recall_lists_affected_and_not_affected_batches(story, auditor_client):
    response = auditor_client.get("/api/recall", {"supplier": "VALLEY", "item": "STRAW", "from": "2026-03-01",
                                                  "to": "2026-03-05"})
    result = response.json()
    assert response.status_code == 200
    assert {b["code"] for b in result["batches"]} == {story.jam, story.tarts}
    assert [b["code"] for b in result["not_affected"]] == [story.other_jam] and result["not_affected_total"] == 1
    assert result["query"]["from"] == "2026-03-01" and result["query"]["supplier_name"] == "Valley Farm"


def test_a_recall_window_that_ends_before_it_starts_is_a_400(story, auditor_client):
    response = auditor_client.get("/api/recall", {"supplier": "VALLEY", "from": "2026-03-05", "to": "2026-03-01"})
    assert response.status_code == 400 and response.json()["code"] == "impossible_date"


def test_a_recall_of_an_unknown_supplier_is_a_404(story, auditor_client):
    response = auditor_client.get("/api/recall", {"supplier": "NOBODY", "from": "2026-03-01", "to": "2026-03-05"})
    assert response.status_code == 404 and response.json()["code"] == "unknown_supplier"


def test_staff_hold_and_release_a_lot(story, staff_client):
    held = post(staff_client, f"/api/lots/{story.tarts}/hold", {"reason": "label misprint"})
    assert held.status_code == 200 and held.json()["status"] == "on_hold"
    released = post(staff_client, f"/api/lots/{story.tarts}/release", {"reason": "labels redone"})
    assert released.json()["status"] == "active" and released.json()["event_seq"] > held.json()["event_seq"]


def test_holding_a_held_lot_is_a_409(story, staff_client):
    place_hold(story.tarts, reason="first", actor=ACTOR)
    response = post(staff_client, f"/api/lots/{story.tarts}/hold", {"reason": "again"})
    assert response.status_code == 409 and response.json()["code"] == "illegal_transition"


def test_holding_an_unknown_lot_is_a_404(story, staff_client):
    assert post(staff_client, "/api/lots/NOPE-1/hold", {"reason": "x"}).status_code == 404


def test_a_hold_without_a_reason_is_a_400(story, staff_client):
    response = post(staff_client, f"/api/lots/{story.tarts}/hold", {"reason": " "})
    assert response.status_code == 400 and response.json()["field"] == "reason"


def test_an_auditor_may_read_but_not_hold_through_the_api(story, auditor):
    token = create_token(auditor, "audit").token
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert client.get(f"/api/lots/{story.tarts}").status_code == 200
    response = post(client, f"/api/lots/{story.tarts}/hold", {"reason": "sneaky"})
    assert response.status_code == 403 and response.json()["code"] == "forbidden"
    assert Lot.objects.get(code=story.tarts).status == "active"


def test_without_a_session_or_token_every_reading_endpoint_is_a_401(story, client):
    for url in ("/api/lookup?code=x", "/api/lots", f"/api/lots/{story.jam}", f"/api/trace/back/{story.jam}",
                f"/api/trace/forward/{story.jam}", "/api/recall?supplier=VALLEY&from=2026-03-01&to=2026-03-05"):
        assert client.get(url).status_code == 401, url


def test_a_person_without_a_role_is_a_403(story, client, django_user_model):
    client.force_login(django_user_model.objects.create_user("nobody"))
    assert client.get(f"/api/trace/back/{story.jam}").status_code == 403

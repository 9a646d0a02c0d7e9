"""The cases API: list, open, show, recompute and each action; owners and staff act, auditors read."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from lotline.accounts.services import create_token
from lotline.ledger.models import Event
from lotline.lots.models import Lot

pytestmark = pytest.mark.django_db

NOTICE = {"supplier": "VALLEY", "item": "STRAW", "from": "2026-03-01", "to": "2026-03-05"}


def post(client: Client, url: str, body: dict):
    return client.post(url, json.dumps(body), content_type="application/json")


def test_staff_open_a_case_with_a_token_and_it_answers_as_the_recall_does(story, staff):
    client = Client(HTTP_AUTHORIZATION=f"Bearer {create_token(staff, 'cases').token}")
    opened = post(client, "/api/cases", NOTICE)
    assert opened.status_code == 201, opened.content
    recalled = client.get("/api/recall", NOTICE).json()
    answer = opened.json()
    assert answer["id"] == "R-1" and answer["trigger"]["from"] == "2026-03-01"
    for key in ("lots", "batches", "customers"):
        assert answer[key] == recalled[key], key
    assert {"code", "in", "shipped", "consumed", "discarded", "on_hand", "counted", "accounted_percent"} <= set(
        answer["mass_balance"][0])


def test_a_case_runs_through_the_api_and_reads_back(story, owner_client):
    post(owner_client, "/api/cases", {"lots": [story.jam]})
    held = post(owner_client, "/api/cases/r-1/hold", {})
    assert held.status_code == 200 and [h["code"] for h in held.json()["held"]] == [story.tarts]
    notified = post(owner_client, "/api/cases/R-1/notify", {"customer": "GOODEARTH", "how": "visit",
                                                            "note": "took the jars back"})
    assert notified.json()["action"]["how"] == "visit"
    assert post(owner_client, "/api/cases/R-1/count", {"lot": story.tarts, "quantity": "0"}).status_code == 200
    assert post(owner_client, "/api/cases/R-1/returned", {"lot": story.jam, "quantity": 2,
                                                          "customer": "GOODEARTH"}).status_code == 200
    assert post(owner_client, "/api/cases/R-1/confirm", {"site": "K1"}).status_code == 200
    assert post(owner_client, "/api/cases/R-1/notes", {"note": "called"}).status_code == 200
    closed = post(owner_client, "/api/cases/R-1/close", {"reason": "done"})
    assert closed.json()["status"] == "closed"
    shown = owner_client.get("/api/cases/R-1").json()
    assert [a["action"] for a in shown["actions"]] == [
        "opened", "holds_placed", "customer_notified", "counted", "units_returned", "site_confirmed", "note_added",
        "closed"]
    assert shown["mass_balance"][0]["code"] == story.tarts and shown["mass_balance"][0]["counted"] == "0"
    assert owner_client.get("/api/cases").json()[0]["status"] == "closed"


def test_a_closed_case_answers_409_with_its_code(story, owner_client):
    post(owner_client, "/api/cases", {"lots": [story.jam]})
    post(owner_client, "/api/cases/R-1/close", {"reason": "done"})
    refused = post(owner_client, "/api/cases/R-1/notes", {"note": "late"})
    assert refused.status_code == 409 and refused.json()["code"] == "case_closed"
    assert refused.json()["field"] == "case"
    reopened = post(owner_client, "/api/cases/R-1/reopen", {"reason": "again"})
    assert reopened.json()["status"] == "open"


def test_recompute_reads_and_scope_adds(story, owner_client):
    post(owner_client, "/api/cases", NOTICE)
    assert owner_client.get("/api/cases/R-1/recompute").json()["unchanged"] is True
    added = post(owner_client, "/api/cases/R-1/scope", {})
    assert added.status_code == 200 and added.json()["event_seq"] is None


def test_an_auditor_reads_cases_and_is_refused_every_action(story, owner_client, auditor_client):
    post(owner_client, "/api/cases", {"lots": [story.jam]})
    assert auditor_client.get("/api/cases/R-1").status_code == 200
    assert auditor_client.get("/api/cases").status_code == 200
    before = Event.objects.count()
    for url, body in (("/api/cases", {"lots": [story.jam]}), ("/api/cases/R-1/hold", {}),
                      ("/api/cases/R-1/notes", {"note": "x"}), ("/api/cases/R-1/close", {"reason": "x"})):
        refused = post(auditor_client, url, body)
        assert refused.status_code == 403 and refused.json()["code"] == "forbidden", url
    assert Event.objects.count() == before
    assert Lot.objects.get(code=story.tarts).status == "active"


def test_bad_input_names_the_field(story, owner_client):
    missing = post(owner_client, "/api/cases", {})
    assert (missing.status_code, missing.json()["code"], missing.json()["field"]) == (400, "missing", "supplier")
    post(owner_client, "/api/cases", {"lots": [story.jam]})
    how = post(owner_client, "/api/cases/R-1/notify", {"customer": "GOODEARTH", "how": "pigeon"})
    assert (how.status_code, how.json()["code"], how.json()["field"]) == (400, "bad_input", "how")
    precise = post(owner_client, "/api/cases/R-1/count", {"lot": story.tarts, "quantity": "1.0000001"})
    assert (precise.json()["code"], precise.json()["field"]) == ("too_precise", "quantity")
    unknown = owner_client.get("/api/cases/R-404")
    assert (unknown.status_code, unknown.json()["code"]) == (404, "unknown_case")


def test_a_drill_refuses_holds_through_the_api(story, owner_client):
    from lotline.recalls.services import open_case

    open_case(lots=[story.jam], kind="drill", actor="olivia")
    refused = post(owner_client, "/api/cases/D-1/hold", {})
    assert (refused.status_code, refused.json()["code"]) == (409, "not_for_a_drill")

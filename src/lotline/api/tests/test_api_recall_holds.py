"""POST /api/recall/holds: every lot a recall reaches that is still on hand, held in one call."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from lotline.accounts.services import add_person, create_token
from lotline.catalog.services import add_records
from lotline.lots.models import Lot
from lotline.testing import ACTOR

pytestmark = pytest.mark.django_db

URL = "/api/recall/holds"
VALLEY = {"supplier": "VALLEY", "from": "2026-03-01", "to": "2026-03-05", "reason": "Valley Farm recall"}


def post(client: Client, body: dict):
    return client.post(URL, json.dumps(body), content_type="application/json")


def statuses(*codes: str) -> list[str]:
    return [Lot.objects.get(code=code).status for code in codes]


def test_staff_hold_every_affected_lot_on_hand_with_a_token(story, staff):
    client = Client(HTTP_AUTHORIZATION=f"Bearer {create_token(staff, 'recall').token}")
    response = post(client, VALLEY)
    assert response.status_code == 200, response.content
    answer = response.json()
    assert sorted(h["code"] for h in answer["held"]) == sorted([story.valley_strawberries, story.tarts])
    assert all(h["site"] == "K1" and h["event_seq"] > 0 for h in answer["held"])
    assert answer["skipped"] == [{"code": story.jam, "why": "nothing_on_hand",
                                  "reason": "nothing left on hand: used up, shipped or discarded"}]
    assert statuses(story.valley_strawberries, story.tarts, story.other_jam) == ["on_hold", "on_hold", "active"]


def test_a_second_call_holds_nothing_more_and_says_they_are_held(story, staff_client):
    post(staff_client, VALLEY)
    again = post(staff_client, VALLEY).json()
    assert again["held"] == []
    assert {s["code"]: s["why"] for s in again["skipped"]} == {
        story.valley_strawberries: "on_hold", story.tarts: "on_hold", story.jam: "nothing_on_hand"}


def test_without_a_session_or_token_it_is_a_401(story, client):
    response = post(client, VALLEY)
    assert response.status_code == 401 and response.json()["code"] == "not_signed_in"
    assert statuses(story.tarts) == ["active"]


def test_an_auditor_gets_a_403(story, auditor_client):
    response = post(auditor_client, VALLEY)
    assert response.status_code == 403 and response.json()["code"] == "forbidden"
    assert statuses(story.tarts) == ["active"]


def test_staff_of_another_site_get_a_403_and_nothing_is_held(story, client, django_user_model):
    add_records("site", [{"code": "K2", "name": "Market kitchen"}], actor=ACTOR)
    client.force_login(django_user_model.objects.get(pk=add_person("kim", "kim-password", role="staff",
                                                                   sites=("K2",), actor="alice")))
    response = post(client, VALLEY)
    assert response.status_code == 403 and "K1" in response.json()["message"]
    assert statuses(story.valley_strawberries, story.tarts) == ["active", "active"]


def test_an_unknown_supplier_is_a_404(story, staff_client):
    response = post(staff_client, VALLEY | {"supplier": "NOBODY"})
    assert response.status_code == 404 and response.json()["code"] == "unknown_supplier"


def test_a_hold_without_a_reason_is_a_400(story, staff_client):
    response = post(staff_client, VALLEY | {"reason": ""})
    assert response.status_code == 400 and response.json()["field"] == "reason"
    assert statuses(story.tarts) == ["active"]


def test_a_session_without_its_csrf_token_may_not_hold(story, staff):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff)
    response = post(client, VALLEY)
    assert response.status_code == 403 and response.json()["code"] == "csrf_failed"
    assert statuses(story.tarts) == ["active"]

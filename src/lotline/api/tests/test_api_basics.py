"""The API's front door: who may call it, and the shape of every error."""

from __future__ import annotations

import pytest
from django.test import Client

from lotline.accounts.services import create_token

pytestmark = pytest.mark.django_db


def test_without_a_session_or_token_it_answers_401_in_json(client: Client):
    response = client.get("/api/verify")
    assert response.status_code == 401
    assert response.json()["code"] == "not_signed_in"


def test_a_personal_token_signs_a_script_in(auditor):
    token = create_token(auditor, "audit script").token
    response = Client().get("/api/verify", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200
    assert response.json() == {"ok": True, "events_checked": 0, "first_bad_seq": None, "reason": ""}


def test_a_wrong_token_is_refused(db):
    response = Client().get("/api/verify", HTTP_AUTHORIZATION="Bearer llt_not-a-token")
    assert response.status_code == 401


def test_the_session_of_the_pages_works_too(auditor_client: Client):
    assert auditor_client.get("/api/verify").status_code == 200


def test_a_nul_character_is_bad_input_not_a_server_error(owner_client: Client):
    response = owner_client.get("/api/lookup", {"code": "SJ\x00"})
    assert (response.status_code, response.json()["code"]) == (400, "bad_input")
    response = owner_client.post("/api/customers", '{"ref": "NUL1", "name": "a\\u0000b", "kind": "store"}',
                                 content_type="application/json")
    assert (response.status_code, response.json()["code"]) == (400, "bad_input")
    assert owner_client.get("/", {"q": "SJ\x00"}).status_code == 400

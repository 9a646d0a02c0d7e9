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


# --- 401, never a CSRF refusal, and never an oracle -------------------------------------------------

NOT_SIGNED_IN = {"code": "not_signed_in", "field": "",
                 "message": "sign in, or send a personal API token (Authorization: Bearer)"}


def script(authorization: str | None = None) -> Client:
    """A script: no session, no CSRF token (Django's test client skips the CSRF check unless told)."""
    return Client(enforce_csrf_checks=True, headers={"Authorization": authorization} if authorization else None)


def not_signed_in(response) -> bool:
    body = response.json()
    assert response.status_code == 401, body
    assert body == NOT_SIGNED_IN | {"problems": [NOT_SIGNED_IN | {"file": "", "row": None, "where": ""}]}
    return True


@pytest.mark.parametrize("authorization", [None, "Bearer llt_not-a-token", "Bearer ", "Basic b2xpdmlhOnB3",
                                           "Bearer not-even-our-prefix"])
def test_a_write_with_a_missing_or_bad_token_is_401_not_a_csrf_refusal(db, authorization):
    response = script(authorization).post("/api/receipts", '{"item": "STRAW"}', content_type="application/json")
    assert not_signed_in(response)


def test_a_revoked_token_and_a_switched_off_person_get_the_same_401_as_an_unknown_token(owner, staff):
    from lotline.accounts.services import revoke_token, set_role

    revoked = create_token(owner, "old script")
    revoke_token(owner, revoked.id)
    switched_off = create_token(staff, "kitchen tablet").token
    set_role("sam", role="staff", active=False, actor="alice")
    for token in (revoked.token, switched_off, "llt_" + "A" * 43):
        response = script(f"Bearer {token}").post("/api/receipts", "{}",
                                                                      content_type="application/json")
        assert not_signed_in(response)
        assert not_signed_in(script(f"Bearer {token}").get("/api/verify"))


def test_a_signed_in_session_writing_without_its_csrf_token_is_refused_as_such(owner):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(owner)
    response = browser.post("/api/sites", '{"code": "K9", "name": "Van"}', content_type="application/json")
    body = response.json()
    assert (response.status_code, body["code"]) == (403, "csrf_failed") and "X-CSRFToken" in body["message"]

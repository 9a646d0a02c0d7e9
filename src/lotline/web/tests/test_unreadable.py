"""Every way in refuses what Lotline cannot read, the same way: a NUL in any kind of body or query,
a lone surrogate in JSON, an address longer than any link, a body too large. The API answers 400
(413, 414) in its error shape naming the field; the pages answer with a page. Nothing is written."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from lotline.accounts.services import create_token
from lotline.catalog.models import Customer
from lotline.ledger.models import Event
from lotline.lots.models import Lot
from lotline.testing import JamStory
from lotline.web.unreadable import MAX_ADDRESS

pytestmark = pytest.mark.django_db

RECEIPT = {"item": "STRAW", "supplier": "VALLEY", "quantity": "20", "received_on": "2026-03-02"}


@pytest.fixture
def script(owner, story: JamStory) -> Client:
    """A script with a personal token (so no CSRF token: the way a crafted request comes)."""
    token = create_token(owner, "script").token
    return Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Bearer {token}")


def refused(response, field: str, *, status: int = 400, code: str = "bad_input") -> bool:
    body = response.json()
    assert (response.status_code, body["code"], body["field"]) == (status, code, field), body
    assert body["problems"] == [{"code": code, "message": body["message"], "field": field, "file": "", "row": None,
                                 "where": ""}]
    return True


@pytest.mark.parametrize("content_type", ["application/json", "text/plain", "application/octet-stream", ""])
def test_a_nul_in_a_json_body_is_refused_whatever_its_content_type(script: Client, content_type: str) -> None:
    before = Event.objects.count()
    body = json.dumps(RECEIPT | {"supplier_lot": "VF\u00000302"})
    assert refused(script.post("/api/receipts", body, content_type=content_type), "supplier_lot")
    assert Event.objects.count() == before


def test_a_raw_nul_byte_in_a_body_is_refused(script: Client) -> None:
    body = json.dumps(RECEIPT).replace("VALLEY", "VAL\x00LEY")
    assert refused(script.post("/api/receipts", body, content_type="text/plain"), "")


def test_a_nul_in_form_data_sent_to_the_api_is_refused_naming_the_field(script: Client) -> None:
    response = script.post("/api/receipts", "item=STRAW&supplier_lot=VF%000302",
                           content_type="application/x-www-form-urlencoded")
    assert refused(response, "supplier_lot")


def test_a_nul_in_a_multipart_field_is_refused_but_a_file_is_not_looked_at(script: Client) -> None:
    upload = SimpleUploadedFile("label.bin", b"\x00\x01binary")
    assert refused(script.post("/api/receipts", {"supplier_lot": "VF\x00", "file": upload}), "supplier_lot")
    response = script.post("/api/receipts", {"supplier_lot": "VF", "file": SimpleUploadedFile("a.bin", b"\x00")})
    assert response.status_code != 400 or response.json()["field"] != "file"


def test_a_nul_in_the_query_names_its_parameter(script: Client) -> None:
    assert refused(script.get("/api/lookup", {"code": "SJ\x00"}), "code")


@pytest.mark.parametrize(("body", "field"), [
    (RECEIPT | {"supplier_lot": "VF-\ud800"}, "supplier_lot"),
    (RECEIPT | {"reference_doc": "\udfff"}, "reference_doc"),
    (RECEIPT | {"\ud800": "x"}, "\\ud800"),  # a field's name is shown escaped
])
def test_a_lone_surrogate_in_json_is_bad_input_naming_the_field(script: Client, body: dict, field: str) -> None:
    before = Lot.objects.count()
    # json.dumps writes a lone surrogate as the escape "\ud800", as a client's JSON library would
    response = script.post("/api/receipts", json.dumps(body), content_type="application/json")
    assert refused(response, field)
    assert "lone surrogate" in response.json()["message"]
    assert Lot.objects.count() == before


def test_a_lone_surrogate_deep_in_a_batch_names_its_place(script: Client, story: JamStory) -> None:
    body = {"product": "SJ", "quantity_produced": 10, "inputs": [{"lot": story.sugar, "quantity": 1},
                                                                 {"lot": "\ud83c", "quantity": 1}]}
    assert refused(script.post("/api/batches", json.dumps(body), content_type="application/json"), "inputs.1.lot")


def test_a_surrogate_pair_is_a_character_and_is_kept(script: Client) -> None:
    response = script.post("/api/receipts", json.dumps(RECEIPT | {"supplier_lot": "VF-\U0001f353"}),
                           content_type="application/json")
    assert response.status_code == 201
    assert Lot.objects.get(code=response.json()["code"]).supplier_lot == "VF-\U0001f353"


def test_json_nested_deeper_than_python_reads_is_bad_input_not_a_server_error(script: Client) -> None:
    response = script.post("/api/receipts", "[" * 100_000, content_type="application/json")
    assert (response.status_code, response.json()["code"]) == (400, "bad_input")


def test_an_address_longer_than_any_link_gets_lotlines_own_page(owner_client: Client) -> None:
    response = owner_client.get("/", {"q": "X" * 10_000})
    page = response.content.decode()
    assert response.status_code == 414 and "This address is too long" in page and "10,003 characters" in page
    assert owner_client.get("/", {"q": "X" * (MAX_ADDRESS - 10)}).status_code == 200


def test_an_address_longer_than_any_link_is_414_in_the_apis_shape(script: Client) -> None:
    assert refused(script.get("/api/lookup", {"code": "X" * 10_000}), "", status=414, code="uri_too_long")


def test_a_body_over_the_upload_limit_is_413_in_the_apis_shape(script: Client, settings) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = script.post("/api/receipts", json.dumps(RECEIPT | {"reference_doc": "x" * 2000}),
                           content_type="application/json")
    assert refused(response, "", status=413, code="request_too_large")


# --- the pages --------------------------------------------------------------------------------


def test_a_nul_in_a_page_form_gets_a_page_and_records_nothing(owner_client: Client, story: JamStory) -> None:
    response = owner_client.post(reverse("catalog_add", args=["customers"]),
                                 {"ref": "NUL1", "name": "Nul\x00 Shop", "kind": "store"})
    page = response.content.decode()
    assert response.status_code == 400 and "Not accepted" in page and "field name holds a NUL character" in page
    assert not Customer.objects.filter(ref="NUL1").exists()


@pytest.mark.parametrize("content_type", ["text/plain", "application/json"])
def test_a_nul_in_any_other_body_sent_to_a_page_gets_a_page(owner_client: Client, content_type: str) -> None:
    response = owner_client.post(reverse("receive"), "item=STRAW\x00", content_type=content_type)
    assert response.status_code == 400 and "NUL character" in response.content.decode()


def test_a_nul_in_a_field_of_an_upload_gets_a_page(staff_client: Client) -> None:
    upload = SimpleUploadedFile("sites.csv", b"site_code,name\nK1,Home kitchen\n", content_type="text/csv")
    response = staff_client.post(reverse("import"), {"files": [upload], "check_only": "\x00"})
    assert response.status_code == 400 and "field check_only holds a NUL character" in response.content.decode()
    assert not Event.objects.exists()


def test_a_lone_surrogate_in_a_field_name_sent_to_a_page_gets_a_page(owner_client: Client) -> None:
    response = owner_client.post(reverse("receive"), '{"\\ud800": 1}', content_type="application/json")
    assert response.status_code == 400 and "field \\ud800 holds a lone surrogate" in response.content.decode()


def test_a_nul_in_a_search_gets_a_page(owner_client: Client) -> None:
    response = owner_client.get("/", {"q": "SJ\x00"})
    assert response.status_code == 400 and "field q holds a NUL character" in response.content.decode()

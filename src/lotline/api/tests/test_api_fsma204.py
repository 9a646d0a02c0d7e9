"""FSMA 204 through the API: the completeness check, a request logged and answered with its id, the log,
one request, its files produced and streamed; bad requests refused naming the field, nothing logged."""

from __future__ import annotations

import io
import zipfile

import pytest
from openpyxl import load_workbook

from lotline.catalog.services import update_record
from lotline.compliance.models import RecordsRequest
from lotline.testing import ACTOR, JamStory
from lotline.testing import TokenApi as Api

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner_api(owner) -> Api:
    return Api(owner)


@pytest.fixture
def auditor_api(auditor) -> Api:
    return Api(auditor)


def test_a_request_is_logged_and_answered_with_its_id_and_clock(story: JamStory, owner_api: Api) -> None:
    response = owner_api.post("/api/fsma204/requests", {"requested_by": "FDA investigator", "trace": story.jam,
                                                        "requested_at": "2026-11-27T09:30:00+00:00"})
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["id"], body["requested_by"], body["query"]["trace"]) == ("F-1", "FDA investigator", story.jam)
    assert body["produced_at"] is None and body["clock"].startswith(("due in", "overdue by"))
    assert body["due_at"].startswith("2026-11-28T")
    assert [r["id"] for r in owner_api.get("/api/fsma204/requests").json()] == ["F-1"]


def test_a_moment_without_its_offset_is_the_business_time(story: JamStory, owner_api: Api, settings) -> None:
    settings.TIME_ZONE = "America/New_York"
    response = owner_api.post("/api/fsma204/requests", {"trace": story.jam, "requested_at": "2026-11-27T09:30"})
    assert response.status_code == 201, response.content
    assert response.json()["requested_at"] == "2026-11-27T09:30:00-05:00"


def test_its_spreadsheet_is_produced_streamed_and_logged(story: JamStory, owner_api: Api) -> None:
    owner_api.post("/api/fsma204/requests", {"lots": [story.jam]})
    response = owner_api.get("/api/fsma204/requests/F-1/records.xlsx")
    assert response.status_code == 200 and response["Content-Disposition"].endswith('"F-1-fsma204.xlsx"')
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    assert book.sheetnames == ["Receiving", "Transformation", "Shipping", "Explanation"]
    one = owner_api.get("/api/fsma204/requests/f-1").json()
    assert one["produced_at"] and one["clock"].startswith("produced after") and one["rows"]["Shipping"] == 2


def test_its_csv_files_come_in_a_zip(story: JamStory, auditor_api: Api) -> None:
    auditor_api.post("/api/fsma204/requests", {"trace": story.jam})
    response = auditor_api.get("/api/fsma204/requests/F-1/records-csv.zip")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert "F-1-fsma204/receiving.csv" in zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert RecordsRequest.objects.get().produced_by == "ada"


@pytest.mark.parametrize(("body", "status", "code", "field"), [
    ({"trace": "NO-SUCH-LOT"}, 404, "unknown_lot", "trace"),
    ({"lots": ["NOPE-1"]}, 404, "unknown_lot", "lot"),
    ({"from": "2026-03-31", "to": "2026-03-01"}, 400, "impossible_date", "to"),
    ({"from": "2026-03-01"}, 400, "missing", "to"),
    ({"from": "2026-03-01", "to": "2026-03-31", "items": ["NOPE"]}, 404, "unknown_item", "item"),
    ({"trace": "x", "lots": ["y"]}, 400, "missing", "from"),
])
def test_a_bad_request_is_refused_naming_the_field_and_nothing_is_logged(story: JamStory, owner_api: Api, body,
                                                                          status, code, field) -> None:
    response = owner_api.post("/api/fsma204/requests", body)
    assert (response.status_code, response.json()["code"], response.json()["field"]) == (status, code, field)
    assert not RecordsRequest.objects.exists()


def test_an_unknown_request_is_404(story: JamStory, owner_api: Api) -> None:
    for url in ("/api/fsma204/requests/F-9", "/api/fsma204/requests/F-9/records.xlsx",
                "/api/fsma204/requests/nonsense/records-csv.zip"):
        response = owner_api.get(url)
        assert (response.status_code, response.json()["code"], response.json()["field"]) == (404, "unknown_request",
                                                                                             "request")


def test_the_check_lists_each_missing_key_data_element_with_the_page_that_fixes_it(story: JamStory,
                                                                                   auditor_api: Api) -> None:
    assert auditor_api.get("/api/fsma204/check").json() == {"count": 0, "missing": []}
    update_record("item", "STRAW", {"on_traceability_list": True}, actor=ACTOR)
    body = auditor_api.get("/api/fsma204/check").json()
    valley = next(g for g in body["missing"] if g["key"] == "VALLEY")
    assert body["count"] == len(body["missing"]) > 0
    assert valley["page"] == "/catalog/suppliers/VALLEY/" and valley["said"].startswith("supplier VALLEY Valley Farm")
    assert auditor_api.get("/api/fsma204/check", **{"from": "2026-01-01", "to": "2026-01-31"}).json()["count"] == 0
    refused = auditor_api.get("/api/fsma204/check", **{"from": "2026-03-01"})
    assert (refused.status_code, refused.json()["field"]) == (400, "to")


def test_a_request_shows_the_key_data_elements_its_records_lack(story: JamStory, owner_api: Api) -> None:
    update_record("item", "STRAW", {"on_traceability_list": True}, actor=ACTOR)
    owner_api.post("/api/fsma204/requests", {"trace": story.jam})
    gaps = owner_api.get("/api/fsma204/requests/F-1").json()["gaps"]
    assert "VALLEY" in {g["key"] for g in gaps} and "HILL" not in {g["key"] for g in gaps}

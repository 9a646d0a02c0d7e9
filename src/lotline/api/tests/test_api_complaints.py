"""Complaints through the API: record (with a code, or with candidates to pick), list, one complaint,
reply and status, pick, patterns; rights and errors naming the field."""

from __future__ import annotations

import pytest

from lotline.ledger.models import Event
from lotline.testing import JamStory
from lotline.testing import TokenApi as Api

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_api(staff) -> Api:
    return Api(staff)


@pytest.fixture
def owner_api(owner) -> Api:
    return Api(owner)


@pytest.fixture
def auditor_api(auditor) -> Api:
    return Api(auditor)


def test_a_complaint_with_a_code_is_recorded_and_points_at_its_lot(story: JamStory, staff_api: Api) -> None:
    response = staff_api.post("/api/complaints", {"customer": "GOODEARTH", "code": f"{story.jam}-17",
                                                  "said": "the jar fizzed", "date": "2026-03-14"})
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["complaint"]["id"], body["complaint"]["lot"], body["complaint"]["unit_number"]) == ("C-1", story.jam,
                                                                                                     17)
    assert body["event_seq"] == Event.objects.order_by("-seq").first().seq and body["candidates"] == []


def test_without_a_code_the_answer_lists_the_candidates_and_a_pick_names_the_lot(story: JamStory,
                                                                                 staff_api: Api) -> None:
    body = staff_api.post("/api/complaints", {"customer": "GOODEARTH", "item": "SJ", "bought_on": "2026-03-10",
                                              "said": "mould", "date": "2026-03-12"}).json()
    assert [(c["lot"], c["quantity"], c["days_before"]) for c in body["candidates"]] == [(story.jam, "10", 2)]
    assert staff_api.get("/api/complaints/c-1").json()["candidates"][0]["lot"] == story.jam
    picked = staff_api.post("/api/complaints/C-1/pick", {"lot": story.jam.lower()})
    assert picked.status_code == 200 and picked.json()["complaint"]["lot"] == story.jam


def test_a_reply_answers_and_a_status_closes_then_reopens(story: JamStory, staff_api: Api) -> None:
    staff_api.post("/api/complaints", {"customer": "GOODEARTH", "code": story.jam, "said": "fizzy"})
    answered = staff_api.post("/api/complaints/C-1/reply", {"text": "refund sent"}).json()["complaint"]
    assert (answered["status"], answered["reply"]) == ("answered", "refund sent")
    assert staff_api.post("/api/complaints/C-1/reply", {"status": "closed"}).json()["complaint"]["status"] == "closed"
    refused = staff_api.post("/api/complaints/C-1/reply", {"text": "more"})
    assert (refused.status_code, refused.json()["code"], refused.json()["field"]) == (409, "complaint_closed",
                                                                                      "status")
    assert staff_api.post("/api/complaints/C-1/reply", {"status": "open"}).json()["complaint"]["status"] == "open"


def test_the_list_filters_and_the_patterns_name_the_shared_lot(story: JamStory, staff_api: Api) -> None:
    for code in (story.jam, story.tarts):
        staff_api.post("/api/complaints", {"customer": "GOODEARTH", "code": code, "said": "odd"})
    staff_api.post("/api/complaints/C-2/reply", {"text": "sorry", "status": "answered"})
    listed = staff_api.get("/api/complaints", status="open").json()
    assert ([c["id"] for c in listed["complaints"]], listed["total"]) == (["C-1"], 1)
    assert [c["id"] for c in staff_api.get("/api/complaints", lot=story.tarts).json()["complaints"]] == ["C-2"]
    [pattern] = staff_api.get("/api/complaints/patterns").json()
    assert (pattern["cause"]["code"], pattern["complaints"], pattern["cause"]["reaches"]) == (story.jam,
                                                                                              ["C-1", "C-2"], 2)
    assert staff_api.get("/api/complaints/C-2").json()["patterns"] == [pattern]


def test_an_owner_adds_a_new_customer_with_the_complaint(story: JamStory, owner_api: Api) -> None:
    response = owner_api.post("/api/complaints", {"new_customer": {"ref": "JLEE", "name": "Jo Lee"},
                                                  "code": story.jam, "said": "glass"})
    assert response.status_code == 201 and response.json()["complaint"]["customer"] == "JLEE"


def test_an_auditor_reads_but_cannot_record_reply_or_pick(story: JamStory, staff_api: Api,
                                                          auditor_api: Api) -> None:
    staff_api.post("/api/complaints", {"customer": "GOODEARTH", "code": story.jam, "said": "fizzy"})
    assert auditor_api.get("/api/complaints/C-1").status_code == 200
    for url, body in [("/api/complaints", {"customer": "GOODEARTH", "code": story.jam, "said": "x"}),
                      ("/api/complaints/C-1/reply", {"text": "x"}), ("/api/complaints/C-1/pick", {"lot": story.jam})]:
        response = auditor_api.post(url, body)
        assert (response.status_code, response.json()["code"]) == (403, "forbidden")


@pytest.mark.parametrize(("body", "status", "code", "field"), [
    ({"customer": "GOODEARTH", "said": "x"}, 400, "missing", "code"),
    ({"customer": "GOODEARTH", "said": "x", "code": "NOPE"}, 404, "unknown_lot", "code"),
    ({"customer": "NOBODY", "said": "x", "code": "SJ-20260304-A"}, 404, "unknown_customer", "customer"),
    ({"customer": "GOODEARTH", "said": "x" * 2001, "code": "SJ-20260304-A"}, 400, "too_long", "said"),
    ({"customer": "GOODEARTH", "said": "x", "item": "SJ"}, 400, "missing", "bought_on"),
    ({"customer": "GOODEARTH", "said": "x", "code": "SJ-20260304-A", "date": "2099-01-01"}, 400, "future_date",
     "date"),
    ({"customer": "GOODEARTH", "code": "SJ-20260304-A"}, 400, "bad_input", "said"),
    ({"customer": "GOODEARTH", "new_customer": {"ref": "JLEE", "name": "Jo"}, "said": "x", "code": "SJ-20260304-A"},
     400, "bad_input", "customer"),
])
def test_bad_input_is_refused_naming_the_field(story: JamStory, owner_api: Api, body: dict, status: int,
                                                code: str, field: str) -> None:
    response = owner_api.post("/api/complaints", body)
    assert (response.status_code, response.json()["code"], response.json()["field"]) == (status, code, field)


def test_an_unknown_complaint_is_404(story: JamStory, staff_api: Api) -> None:
    response = staff_api.get("/api/complaints/C-99")
    assert (response.status_code, response.json()["code"]) == (404, "unknown_complaint")
    response = staff_api.post("/api/complaints/C-99/reply", {"text": "x"})
    assert (response.status_code, response.json()["code"]) == (404, "unknown_complaint")

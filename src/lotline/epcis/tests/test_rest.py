"""The EPCIS 2.0 REST binding as a partner's system uses it: plain HTTP, JSON bodies, a bearer token."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import reverse

from lotline.accounts.models import TokenScope
from lotline.accounts.services import create_token
from lotline.epcis import vocabulary as v
from lotline.epcis.export import context
from lotline.epcis.export import events as our_events
from lotline.epcis.models import CaptureJob, ReceivedEvent
from lotline.epcis.scope import Scope
from lotline.ledger.models import Event as LedgerEvent

JAM = "https://id.gs1.org/01/00614141000012/10/SJ-20260304-A"
KITCHEN = "https://id.lotline.example/site/K1"
ELSEWHERE = "https://id.gs1.org/414/9521234000006"


def _client(user: Any, scope: str = TokenScope.ALL) -> Client:
    return Client(headers={"Authorization": f"Bearer {create_token(user, 'partner', scope).token}"})


@pytest.fixture
def partner(demo_db, owner) -> Client:
    return _client(owner)


@pytest.fixture
def capture_only(demo_db, owner) -> Client:
    return _client(owner, TokenScope.EPCIS_CAPTURE)


@pytest.fixture
def everything(demo_db) -> list[dict[str, Any]]:
    return list(our_events(Scope()))


def _send(client: Client, document: dict[str, Any], **headers: str) -> Any:
    return client.post("/epcis/capture", json.dumps(document), content_type="application/ld+json", headers=headers)


def _document(*events: dict[str, Any]) -> dict[str, Any]:
    """A partner's document; it declares our prefix, as our exports do, since our events it carries use it."""
    return {"@context": [v.CONTEXT, context()], "type": "EPCISDocument", "schemaVersion": "2.0",
            "creationDate": "2026-05-01T10:00:00Z", "epcisBody": {"eventList": list(events)}}


def _elsewhere(n: int = 1) -> dict[str, Any]:
    """An event at a place not ours: kept verbatim."""
    return {"type": "ObjectEvent", "eventTime": f"2026-04-0{n}T09:30:00+02:00", "eventTimeZoneOffset": "+02:00",
            "action": "OBSERVE", "bizStep": "shipping", "disposition": "in_transit",
            "epcList": [f"https://id.gs1.org/01/09521234543213/21/{n}"],
            "readPoint": {"id": ELSEWHERE}, "bizLocation": {"id": ELSEWHERE}}


def _ids(response: Any) -> list[str]:
    return [e["eventID"] for e in response.json()["epcisBody"]["queryResults"]["resultsBody"]["eventList"]]


def _query(client: Client, **params: str) -> Any:
    return client.get("/epcis/events", params)


def _all_pages(client: Client, **params: str) -> list[str]:
    ids: list[str] = []
    response = _query(client, **params)
    while True:
        assert response.status_code == 200, response.content
        ids += _ids(response)
        if "Link" not in response:
            return ids
        next_page = response["Link"].split(">")[0].lstrip("<")
        response = client.get(next_page)


# --- capture ------------------------------------------------------------------------------------------


def test_a_capture_is_accepted_with_its_jobs_address_and_the_job_tells_what_each_event_became(partner, everything):
    ours_again = everything[0]  # our own export coming back: already recorded
    response = _send(partner, _document(_elsewhere(1), _elsewhere(2), ours_again))
    assert response.status_code == 202
    job = CaptureJob.objects.get()
    assert response["Location"] == f"/epcis/capture/{job.pk}"
    state = partner.get(response["Location"]).json()
    assert state | {"createdAt": "", "finishedAt": ""} == {
        "captureID": str(job.pk), "createdAt": "", "finishedAt": "", "running": False, "success": True,
        "captureErrorBehaviour": "rollback", "errors": [], "recorded": 0, "kept": 2, "already": 1}
    assert set(ReceivedEvent.objects.values_list("source", flat=True)) == {f"capture {job.pk}"}


def test_a_document_sent_twice_is_taken_in_once(partner):
    _send(partner, _document(_elsewhere(1)))
    second = partner.get(_send(partner, _document(_elsewhere(1)))["Location"]).json()
    assert (second["kept"], second["already"]) == (0, 1)


def test_a_document_with_a_wrong_event_records_nothing_and_its_job_names_the_event_and_field(partner, everything):
    receipt = next(e for e in everything if e["bizStep"] == "receiving")
    wrong = {key: value for key, value in receipt.items() if key != "eventID"}
    wrong["quantityList"] = [{"epcClass": receipt["quantityList"][0]["epcClass"].rsplit("/", 1)[0] + "/NEW-LOT"}]
    wrong["lotline:lot"] = "NEW-LOT"
    wrong["eventTime"] = "2026-04-02T00:00:00+00:00"
    document = _document(_elsewhere(1), wrong)
    before = LedgerEvent.objects.count()
    response = _send(partner, document)
    assert response.status_code == 202
    state = partner.get(response["Location"]).json()
    assert (state["running"], state["success"]) == (False, False)
    [error] = state["errors"]
    assert error["type"] == "epcisException:ValidationException"
    assert (error["index"], error["field"]) == (1, "quantityList[0].quantity")
    assert LedgerEvent.objects.count() == before and not ReceivedEvent.objects.exists()


def test_a_body_that_is_not_json_is_refused_as_a_validation_problem(partner):
    response = partner.post("/epcis/capture", b"{not json", content_type="application/json")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["type"] == "epcisException:ValidationException"
    assert not CaptureJob.objects.exists()


def test_a_document_over_the_size_limit_is_refused_with_413(partner, settings):
    settings.EPCIS_CAPTURE_MAX_BYTES = 1000
    response = _send(partner, _document(*[_elsewhere(n) for n in range(1, 10)]))
    assert response.status_code == 413
    assert response.json()["type"] == "epcisException:CaptureLimitExceededException"
    assert response["GS1-EPCIS-Capture-File-Size-Limit"] == "1000"


def test_a_document_larger_than_the_json_apis_limit_is_taken(partner, settings):
    padding = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10)
    document = _document(_elsewhere(1)) | {"lotline:note": padding}
    response = _send(partner, document)
    assert response.status_code == 202, response.content


def test_capture_jobs_are_listed_newest_first_a_page_at_a_time(partner):
    for n in (1, 2, 3):
        _send(partner, _document(_elsewhere(n)))
    first = partner.get("/epcis/capture", {"perPage": "2"})
    assert [j["kept"] for j in first.json()] == [1, 1]
    rest = partner.get(first["Link"].split(">")[0].lstrip("<"))
    assert len(rest.json()) == 1 and "Link" not in rest
    ids = [j["captureID"] for j in first.json() + rest.json()]
    assert ids == sorted(ids, key=int, reverse=True)


def test_anothers_capture_job_is_not_found(partner, staff):
    response = _send(_client(staff), _document(_elsewhere(1)))
    answer = partner.get(response["Location"])
    assert answer.status_code == 404
    assert answer.json()["type"] == "epcisException:NoSuchResourceException"


# --- who may call -------------------------------------------------------------------------------------


def test_a_capture_only_token_captures_but_neither_queries_nor_uses_the_api(capture_only):
    assert _send(capture_only, _document(_elsewhere(1))).status_code == 202
    assert capture_only.get("/epcis/capture").status_code == 200
    refused = _query(capture_only)
    assert refused.status_code == 403
    assert refused.json()["type"] == "epcisException:SecurityException"
    assert refused.json()["code"] == "token_limited"
    api = capture_only.get("/api/lots/SJ-20260304-A")
    assert api.status_code == 403 and api.json()["code"] == "token_limited"


def test_a_token_created_on_the_tokens_page_can_be_limited_to_capture(demo_db, owner_client):
    from lotline.accounts.models import ApiToken
    from lotline.web.once import new_token

    response = owner_client.post(reverse("tokens"), {"name": "co-op's system", "scope": "epcis-capture",
                                                    "once": new_token()})
    assert response.status_code == 200, response.content
    assert ApiToken.objects.get(name="co-op's system").scope == TokenScope.EPCIS_CAPTURE


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer llt_nosuchtoken"}, {"Authorization": "Basic x"}])
def test_without_a_valid_token_the_answer_is_401(demo_db, headers):
    for response in (Client(headers=headers).get("/epcis/events"),
                     Client(headers=headers).post("/epcis/capture", "{}", content_type="application/json")):
        assert response.status_code == 401
        assert response.json()["type"] == "epcisException:SecurityException"
        assert response["GS1-EPCIS-Version"] == "2.0.0"


def test_an_auditor_may_query_but_not_capture(demo_db, auditor):
    client = _client(auditor)
    assert _query(client, perPage="1").status_code == 200
    assert _send(client, _document(_elsewhere(1))).status_code == 403


# --- queries ------------------------------------------------------------------------------------------


def test_paging_through_every_event_gives_each_of_ours_once(partner, everything):
    ids = _all_pages(partner, perPage="29")
    assert len(ids) == len(set(ids)) == len(everything)
    assert set(ids) == {e["eventID"] for e in everything}


def test_paging_gives_the_kept_events_among_ours_in_time_order(partner, everything):
    _send(partner, _document(_elsewhere(1), _elsewhere(2)))
    ids = _all_pages(partner, perPage="50")
    assert len(ids) == len(set(ids)) == len(everything) + 2
    times = [e["eventTime"] for e in (_event(partner, i) for i in ids[::170])]
    instants = [dt.datetime.fromisoformat(t) for t in times]
    assert instants == sorted(instants)


def _event(client: Client, event_id: str) -> dict[str, Any]:
    response = client.get("/epcis/events/" + quote(event_id, safe=""))
    assert response.status_code == 200, response.content
    [event] = response.json()["epcisBody"]["queryResults"]["resultsBody"]["eventList"]
    return event


def _expect(everything: list[dict[str, Any]], keep: Any) -> set[str]:
    return {e["eventID"] for e in everything if keep(e)}


def _classes(event: dict[str, Any], *lists: str) -> list[str]:
    return [q["epcClass"] for key in lists for q in event.get(key, [])]


ALL_LISTS = ("quantityList", "inputQuantityList", "outputQuantityList")
QUERIES = {
    "by_type": ({"eventType": "TransformationEvent"}, lambda e: e["type"] == "TransformationEvent"),
    "by_steps": ({"EQ_bizStep": "receiving|destroying"}, lambda e: e["bizStep"] in ("receiving", "destroying")),
    "by_step_uri": ({"EQ_bizStep": "https://ref.gs1.org/cbv/BizStep-shipping"}, lambda e: e["bizStep"] == "shipping"),
    "by_window": ({"GE_eventTime": "2026-03-04T00:00:00Z", "LT_eventTime": "2026-03-10T00:00:00Z"},
                  lambda e: "2026-03-04" <= e["eventTime"][:10] < "2026-03-10"),
    "by_window_mid_day": ({"GE_eventTime": "2026-03-04T00:00:01Z", "LT_eventTime": "2026-03-10T00:00:01Z"},
                          lambda e: "2026-03-05" <= e["eventTime"][:10] <= "2026-03-10"),
    "by_place": ({"EQ_bizLocation": KITCHEN}, lambda e: True),
    "by_another_place": ({"EQ_bizLocation": ELSEWHERE}, lambda e: False),
    "by_lot": ({"MATCH_epcClass": JAM}, lambda e: JAM in _classes(e, "quantityList")),
    "by_lot_anywhere": ({"MATCH_anyEPCClass": JAM}, lambda e: JAM in _classes(e, *ALL_LISTS)),
    "by_input": ({"MATCH_inputEPCClass": JAM}, lambda e: JAM in _classes(e, "inputQuantityList")),
    "by_output": ({"MATCH_outputEPCClass": JAM}, lambda e: JAM in _classes(e, "outputQuantityList")),
    "by_product": ({"MATCH_anyEPCClass": JAM.split("/10/")[0]},
                   lambda e: any(c.startswith(JAM.split("/10/")[0] + "/") for c in _classes(e, *ALL_LISTS))),
    "by_supplier_lot": ({"MATCH_epcClass": "https://id.lotline.example/lot/STRAW/VF-0302", "eventType": "ObjectEvent"},
                        lambda e: "https://id.lotline.example/lot/STRAW/VF-0302" in _classes(e, "quantityList")),
    "by_lot_and_step": ({"MATCH_anyEPCClass": JAM, "EQ_bizStep": "shipping"},
                        lambda e: JAM in _classes(e, "quantityList") and e["bizStep"] == "shipping"),
    "by_epc": ({"MATCH_epc": "https://id.gs1.org/01/00614141000012/21/1"}, lambda e: False),
}


@pytest.mark.parametrize("name", QUERIES)
def test_a_query_answers_exactly_the_events_it_asks_for(partner, everything, name):
    params, keep = QUERIES[name]
    ids = _all_pages(partner, perPage="1000", **params)
    assert len(ids) == len(set(ids))
    expected = _expect(everything, keep)
    assert set(ids) == expected
    if name not in ("by_another_place", "by_epc"):
        assert expected  # the demo has such events: the query is put to the test


def test_a_query_finds_kept_events_by_their_fields(partner):
    _send(partner, _document(_elsewhere(1), _elsewhere(2)))
    kept = _all_pages(partner, EQ_bizLocation=ELSEWHERE)
    assert len(kept) == 2
    assert _all_pages(partner, MATCH_epc="https://id.gs1.org/01/09521234543213/21/2") == [kept[1]]
    assert len(_all_pages(partner, EQ_bizLocation=ELSEWHERE, GE_eventTime="2026-04-02T00:00:00+02:00")) == 1


def test_one_event_is_found_by_its_id(partner, everything):
    wanted = everything[len(everything) // 2]
    assert _event(partner, wanted["eventID"]) == wanted


def test_a_kept_event_is_found_by_its_id(partner):
    kept = _elsewhere(1) | {"eventID": "urn:uuid:6f1d8c2e-2d3c-4b7a-9a56-0c7f6b1e2f10"}
    _send(partner, _document(kept))
    assert _event(partner, kept["eventID"]) == kept


def test_an_unknown_event_is_404(partner):
    response = partner.get("/epcis/events/" + quote("ni:///sha-256;00?ver=CBV2.0", safe=""))
    assert response.status_code == 404
    assert response.json()["type"] == "epcisException:NoSuchResourceException"


@pytest.mark.parametrize(("params", "named"), [
    ({"EQ_colour": "red"}, "EQ_colour"),
    ({"GE_eventTime": "yesterday"}, "GE_eventTime"),
    ({"LT_eventTime": "2026-03-04T00:00:00"}, "LT_eventTime"),
    ({"perPage": "0"}, "perPage"),
    ({"nextPageToken": "nonsense"}, "nextPageToken"),
    ({"EQ_action": "SHOUT"}, "EQ_action"),
    ({"GE_eventTime": "2026-03-04T00:00:00Z", "LT_eventTime": "2026-03-01T00:00:00Z"}, "LT_eventTime"),
])
def test_a_bad_parameter_is_a_query_parameter_problem_naming_it(partner, params, named):
    response = _query(partner, **params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert (body["type"], body["field"]) == ("epcisException:QueryParameterException", named)
    assert named in body["detail"] or body["field"] == named


def test_every_answer_says_which_epcis_and_cbv_versions_it_speaks(partner):
    for response in (_query(partner, perPage="1"), _query(partner, EQ_colour="red"),
                     partner.get("/epcis/capture"), Client().get("/epcis/events")):
        assert (response["GS1-EPCIS-Version"], response["GS1-CBV-Version"]) == ("2.0.0", "2.0.0")
        assert response["GS1-Extensions"] == "lotline=https://id.lotline.example/ns/"


def test_a_client_that_needs_another_version_is_told_406(partner):
    response = partner.get("/epcis/events", headers={"GS1-EPCIS-Min": "2.1.0"})
    assert response.status_code == 406
    assert _query(partner, perPage="1").status_code == 200


def test_a_query_answer_is_an_epcis_query_document(partner):
    body = _query(partner, perPage="2").json()
    assert (body["type"], body["schemaVersion"]) == ("EPCISQueryDocument", "2.0")
    assert body["@context"][0] == v.CONTEXT
    assert len(body["epcisBody"]["queryResults"]["resultsBody"]["eventList"]) == 2

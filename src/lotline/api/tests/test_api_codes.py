"""The API and codes: a code typed in another case names the same lot and only that one, codes
breaking the code rule are refused, and any stored code can be named in a path."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.db import connection

from lotline.codes import InUrl
from lotline.lots.models import Lot
from lotline.testing import JamStory

from .test_api_recording import Api

pytestmark = pytest.mark.django_db
OLD_CODE = "SJ/0304 <b>?#~"  # recorded before the code rule


@pytest.fixture
def api(staff) -> Api:
    return Api(staff)


def statuses() -> dict[str, str]:
    return dict(Lot.objects.values_list("code", "status"))


def test_a_sugar_lot_cannot_take_the_jam_batch_code_in_lower_case(story: JamStory, api: Api):
    response = api.post("/api/receipts", {"item": "SUGAR", "supplier": "COSTCO", "quantity": 25,
                                          "received_on": "2026-03-04", "code": "sj-20260304-a"})
    assert response.status_code == 409
    assert (response.json()["code"], response.json()["field"]) == ("duplicate_code", "code")
    assert not Lot.objects.filter(code="sj-20260304-a").exists()


def test_holding_through_the_api_holds_exactly_the_lot_named(story: JamStory, api: Api):
    response = api.post("/api/lots/sj-20260304-a/hold", {"reason": "check the seal"})
    assert response.status_code == 200
    assert response.json()["code"] == story.jam == "SJ-20260304-A"
    assert [code for code, status in statuses().items() if status == "on_hold"] == [story.jam]
    assert api.post(f"/api/lots/{story.sugar}/hold", {"reason": "damp"}).json()["code"] == story.sugar
    assert sorted(code for code, status in statuses().items() if status == "on_hold") == sorted([story.jam,
                                                                                                story.sugar])


@pytest.mark.parametrize("code", ["SJ/1", " SJ-1", "SJ-1\u200b", "SJ 1"])
def test_it_refuses_a_lot_code_that_breaks_the_code_rule(jam_catalog, api: Api, code: str):
    response = api.post("/api/receipts", {"item": "SUGAR", "supplier": "COSTCO", "quantity": 25, "code": code})
    assert response.status_code == 400
    assert (response.json()["code"], response.json()["field"]) == ("bad_code", "code")


def test_any_stored_code_can_be_named_in_a_path(story: JamStory, api: Api):
    with connection.cursor() as cur:
        cur.execute("UPDATE lot SET code = %s WHERE code = %s", [OLD_CODE, story.tarts])
    path = quote(InUrl().to_url(OLD_CODE))
    assert path == "SJ~2F0304%20%3Cb%3E%3F%23~7E"
    assert api.get(f"/api/lots/{path}").json()["code"] == OLD_CODE
    assert api.get(f"/api/trace/back/{path}").json()["subject"][0]["code"] == OLD_CODE
    assert api.post(f"/api/lots/{path}/hold", {"reason": "old label"}).json()["code"] == OLD_CODE
    assert statuses()[OLD_CODE] == "on_hold"

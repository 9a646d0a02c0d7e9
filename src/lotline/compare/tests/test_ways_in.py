"""`lotline compare`, the API and the comparison page: thin shells over compare_batches."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from lotline.accounts.services import create_token
from lotline.compare.crafted import Crafted
from lotline.testing import JamStory

pytestmark = pytest.mark.django_db
KEYS = {"a", "b", "picked", "same_product", "note", "differences", "same", "history"}
DIFFERENCE_KEYS = {"key", "facet", "a", "b", "score", "pattern", "a_side", "b_side", "explanation"}


def lotline(*args: str) -> str:
    out = io.StringIO()
    call_command("compare", *args, stdout=out)
    return out.getvalue()


def test_lotline_compare_json_keeps_the_contract(crafted: Crafted):
    data = json.loads(lotline(crafted.good, crafted.failed, "--json"))
    assert set(data) == KEYS and set(data["differences"][0]) == DIFFERENCE_KEYS
    assert set(data["differences"][0]["a_side"]) == {"batches", "poor", "poor_rate"}
    assert set(data["history"]) == {"products", "batches", "poor", "outcome_rule", "score_rule"}
    assert (data["a"]["code"], data["differences"][0]["key"], data["differences"][0]["score"]) == (
        crafted.good, "supplier of Strawberries", "0.4")


@pytest.mark.sqlite_only  # the SQL of test_lotline_compare_json_keeps_the_contract
def test_lotline_compare_prints_the_ranked_differences_and_the_rule(crafted: Crafted):
    out = lotline(crafted.good, crafted.failed)
    assert f"A: {crafted.good}" in out and f"B: {crafted.failed}" in out
    assert out.index("supplier of Strawberries") < out.index("equipment") and "imaginary batches" in out


@pytest.mark.sqlite_only  # the SQL of test_lotline_compare_json_keeps_the_contract
def test_lotline_compare_best_yield_picks_a_and_refuses_a_wrong_count(crafted: Crafted):
    data = json.loads(lotline("--best", "yield", crafted.failed, "--json"))
    assert data["picked"] == "the best by yield" and data["b"]["code"] == crafted.failed
    with pytest.raises(CommandError, match="name only B"):
        lotline("--best", "yield", crafted.good, crafted.failed)
    with pytest.raises(CommandError, match="name two batches"):
        lotline(crafted.good)
    with pytest.raises(CommandError, match=r"--best.*bad_choice"):
        lotline("--best", "colour", crafted.failed)
    with pytest.raises(CommandError, match=r"A.*unknown_lot"):
        lotline("NO-SUCH", crafted.failed)


def test_the_api_answers_the_clis_shape_and_refuses_like_it(crafted: Crafted, staff):
    api = Client(headers={"Authorization": f"Bearer {create_token(staff, 'script').token}"})
    answer = api.get("/api/compare", {"a": crafted.good, "b": crafted.failed})
    assert answer.status_code == 200
    assert answer.json() == json.loads(lotline(crafted.good, crafted.failed, "--json"))
    assert api.get("/api/compare", {"b": crafted.failed, "best": "yield"}).json()["picked"] == "the best by yield"
    missing = api.get("/api/compare", {"b": crafted.failed})
    assert (missing.status_code, missing.json()["code"], missing.json()["field"]) == (400, "missing", "a")
    unknown = api.get("/api/compare", {"a": "NO-SUCH", "b": crafted.failed})
    assert (unknown.status_code, unknown.json()["field"]) == (404, "a")
    assert Client().get("/api/compare", {"a": crafted.good, "b": crafted.failed}).status_code == 401


@pytest.mark.sqlite_only  # the SQL of test_lotline_compare_json_keeps_the_contract
def test_the_page_ranks_the_differences_and_the_lot_page_links_to_it(story: JamStory, auditor_client: Client):
    lot_page = auditor_client.get(reverse("lot", args=[story.jam])).content.decode()
    assert f'{reverse("compare")}?b={story.jam}' in lot_page and "Compare with" in lot_page
    page = auditor_client.get(reverse("compare"), {"a": story.other_jam, "b": story.jam})
    text = page.content.decode()
    assert page.status_code == 200 and "supplier of Strawberries" in text and "No pattern in the history" in text
    refused = auditor_client.get(reverse("compare"), {"a": story.sugar, "b": story.jam})
    assert refused.status_code == 400 and "only batches are compared" in refused.content.decode()


def test_the_page_picks_the_best_by_a_process_value(story: JamStory, auditor_client: Client):
    from lotline.process.fields import set_fields
    from lotline.process.services import record_values
    from lotline.process.tests.test_process import JAM_FIELDS
    from lotline.testing import ACTOR

    set_fields("SJ", JAM_FIELDS, actor=ACTOR)
    record_values(story.other_jam, {"peak_temp": "106"}, actor=ACTOR)
    record_values(story.jam, {"peak_temp": "103"}, actor=ACTOR)
    form = auditor_client.get(reverse("compare")).content.decode()
    assert 'value="process:peak_temp"' in form
    page = auditor_client.get(reverse("compare"), {"b": story.jam, "best": "process:peak_temp"}).content.decode()
    assert "the best by process:peak_temp" in page and story.other_jam in page and "Peak temperature" in page

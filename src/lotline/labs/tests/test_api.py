"""A lab uploads through the API with a token limited to results: it sends results (JSON or its own
CSV) and reads back those it sent, and is refused everywhere else."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from lotline.accounts.models import TokenScope
from lotline.accounts.services import add_person, create_token
from lotline.testing import JamStory

from .test_import import VALLEY

pytestmark = pytest.mark.django_db


@pytest.fixture
def lab_system(labs: JamStory, django_user_model) -> Client:
    """Valley Labs' own system: a staff account of theirs, with a token limited to results."""
    add_person("valley", "valley-password-1", role="staff", actor="alice")
    token = create_token(django_user_model.objects.get(username="valley"), "LIMS", TokenScope.RESULTS).token
    return Client(headers={"Authorization": f"Bearer {token}"})


def test_a_results_token_sends_the_labs_csv_and_reads_back_what_it_sent(lab_system: Client, labs: JamStory) -> None:
    sent = lab_system.post("/api/labs/VALLEY-LABS/results.csv", VALLEY, content_type="text/csv")
    assert sent.status_code == 200, sent.content
    assert [r["analyte"] for r in sent.json()["results"]] == ["pH", "Listeria monocytogenes"]
    mine = lab_system.get("/api/labs/valley-labs/results")
    assert mine.status_code == 200
    assert [(r["result"], r["recorded_by"]) for r in mine.json()] == [("LR-2", "valley"), ("LR-1", "valley")]


def test_a_results_token_sends_json_and_a_bad_one_is_refused_naming_the_result(lab_system: Client,
                                                                               labs: JamStory) -> None:
    body = {"results": [{"lot": labs.jam, "analyte": "pH", "value": 4.1, "unit": "pH"},
                        {"lot": labs.jam, "analyte": "pH", "value": 4.1, "unit": "kg"}]}
    refused = lab_system.post("/api/labs/QA/results", json.dumps(body), content_type="application/json")
    assert refused.status_code == 400
    assert [(p["row"], p["field"], p["where"]) for p in refused.json()["problems"]] == [(2, "unit", "result 2")]
    body["results"].pop()
    assert lab_system.post("/api/labs/QA/results", json.dumps(body), content_type="application/json").json()[
        "results"][0]["in_spec"] is True


def test_a_results_token_is_refused_everywhere_else(lab_system: Client, labs: JamStory) -> None:
    for answer in (lab_system.get(f"/api/lots/{labs.jam}"), lab_system.get("/api/results.csv"),
                   lab_system.put("/api/labs/QA/mapping", "{}", content_type="application/json"),
                   lab_system.get("/epcis/events"),
                   lab_system.post("/epcis/capture", "{}", content_type="application/json")):
        assert answer.status_code == 403
        assert "token_limited" in answer.content.decode()


def test_the_tokens_page_offers_a_token_limited_to_results(owner_client) -> None:
    page = owner_client.get(reverse("tokens"))
    assert b'value="results"' in page.content


def test_an_owner_saves_a_mapping_and_exports_the_results_through_the_api(labs: JamStory, owner) -> None:
    client = Client(headers={"Authorization": f"Bearer {create_token(owner, 'script').token}"})
    guessed = client.post("/api/labs/guess", f"Batch;Parameter;Result\n{labs.jam};aw;0,8\n", content_type="text/csv")
    assert guessed.json() == {"columns": {"lot": "Batch", "analyte": "Parameter", "result": "Result"},
                              "date_format": "YYYY-MM-DD", "decimal_comma": True, "delimiter": ";"}
    saved = client.put("/api/labs/Hill%20Lab/mapping", json.dumps(
        {"columns": {"lot": "Batch", "analyte": "Parameter", "result": "Result"}, "delimiter": ";"}),
        content_type="application/json")
    assert saved.status_code == 200 and saved.json()["code"] == "HILL-LAB"
    client.post("/api/labs/HILL-LAB/results.csv", f"Batch;Parameter;Result\n{labs.jam};aw;0.8\n",
                content_type="text/csv")
    exported = client.get("/api/results.csv", {"lab": "hill lab"})
    assert exported.status_code == 200
    assert exported.content.decode().splitlines()[1].startswith(f"LR-1,{labs.jam},SJ,,Hill Lab,aw,,0.8,")

"""The CLI, the API, the pages and the import: thin shells over the same verbs and queries."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from lotline.accounts.services import create_token
from lotline.allergens.models import Cleaning
from lotline.catalog import services as catalog
from lotline.imports.export import export_dir
from lotline.imports.services import import_dir
from lotline.imports.tests.csvs import ALL, changed, refusal, write
from lotline.lots.models import Lot
from lotline.lots.services import InputLine, record_batch
from lotline.testing import ACTOR, ANYWAY, JamStory

pytestmark = pytest.mark.django_db


def cli(*args: str) -> dict:
    out = io.StringIO()
    call_command(*args, "--json", stdout=out)
    return json.loads(out.getvalue())


def flour() -> str:
    return Lot.objects.get(item__code="FLOUR").code


def test_lotline_allergens_json_lists_contains_and_may_contain_with_because(story: JamStory):
    data = cli("allergens", story.tarts.lower())
    assert data["contains"] == [{"allergen": "wheat", "because": [flour(), story.tarts], "via": "item",
                                 "equipment": "", "reason": data["contains"][0]["reason"]}]
    assert data["may_contain"] == []
    out = io.StringIO()
    call_command("allergens", story.tarts, stdout=out)
    assert f"{flour()} > {story.tarts}" in out.getvalue() and "Not declared on its label" in out.getvalue()


def test_lotline_allergens_of_an_unknown_code_says_so(story: JamStory):
    with pytest.raises(CommandError, match="unknown_lot"):
        call_command("allergens", "NOPE-1")


def test_lotline_receive_keeps_the_lots_declaration_and_refuses_a_word_not_big_9(story: JamStory):
    data = cli("receive", "--item", "SUGAR", "--supplier", "COSTCO", "--quantity", "5", "--may-contain", "gluten",
               "--as", ACTOR)
    assert Lot.objects.get(code=data["code"]).may_contain == "wheat"
    with pytest.raises(CommandError, match=r"--allergens.*bad_choice"):
        call_command("receive", "--item", "SUGAR", "--supplier", "COSTCO", "--quantity", "5", "--allergens",
                     "celery", "--as", ACTOR)


def test_lotline_clean_records_a_clean_down_and_refuses_unknown_equipment(story: JamStory):
    catalog.add_records("equipment", [{"code": "POT1", "name": "stockpot 1", "site": "K1"}], actor=ACTOR)
    data = cli("clean", "pot1", "--at", "2026-03-05 17:30", "--note", "sanitised", "--as", ACTOR)
    assert (data["equipment"], data["note"], data["on"]) == ("POT1", "sanitised", "2026-03-05")
    assert Cleaning.objects.get().cleaned_by == ACTOR
    with pytest.raises(CommandError, match=r"EQUIPMENT.*unknown_equipment"):
        call_command("clean", "KETTLE", "--as", ACTOR)


@pytest.fixture
def api(staff) -> Client:
    return Client(headers={"Authorization": f"Bearer {create_token(staff, 'script').token}"})


def test_the_api_answers_a_lots_allergens_in_the_clis_shape(story: JamStory, api: Client):
    answer = api.get(f"/api/lots/{story.tarts}/allergens")
    assert answer.status_code == 200
    assert answer.json()["contains"][0] | {"reason": ""} == {"allergen": "wheat", "because": [flour(), story.tarts],
                                                             "via": "item", "equipment": "", "reason": ""}
    assert [a["allergen"] for a in answer.json()["undeclared"]] == ["wheat"]
    assert api.get("/api/lots/NOPE-1/allergens").json()["code"] == "unknown_lot"


def test_the_api_receives_a_lots_declaration_and_refuses_a_bad_word(story: JamStory, api: Client):
    body = {"item": "SUGAR", "supplier": "COSTCO", "quantity": 5, "allergens": ["Soybeans"], "may_contain": ["wheat"]}
    answer = api.post("/api/receipts", json.dumps(body), content_type="application/json")
    assert answer.status_code == 201
    lot = Lot.objects.get(code=answer.json()["code"])
    assert (lot.allergens, lot.may_contain) == ("soy", "wheat")
    bad = api.post("/api/receipts", json.dumps(body | {"may_contain": ["lupin"]}), content_type="application/json")
    assert (bad.status_code, bad.json()["code"], bad.json()["field"]) == (400, "bad_choice", "may_contain")


def test_the_api_records_a_clean_down(story: JamStory, api: Client):
    catalog.add_records("equipment", [{"code": "POT1", "name": "stockpot 1", "site": "K1"}], actor=ACTOR)
    answer = api.post("/api/equipment/POT1/cleanings", json.dumps({"at": "2026-03-05T17:30:00", "note": "hot wash"}),
                      content_type="application/json")
    assert answer.status_code == 201 and answer.json()["note"] == "hot wash"
    missing = api.post("/api/equipment/NOPE/cleanings", "{}", content_type="application/json")
    assert (missing.status_code, missing.json()["code"]) == (404, "unknown_equipment")


def test_the_lot_page_shows_each_allergen_with_its_reason_and_the_flag(story: JamStory, owner_client: Client):
    page = owner_client.get(reverse("lot", args=[story.tarts])).content.decode()
    assert "Contains wheat" in page and f'href="/lots/{flour()}/"' in page
    assert "Not declared on its label" in page
    catalog.update_record("item", "JT", {"declared": "Contains: wheat."}, actor=ACTOR)
    assert "Not declared on its label" not in owner_client.get(reverse("lot", args=[story.tarts])).content.decode()


def test_the_home_page_counts_the_recent_batches_whose_label_misses_an_allergen(story: JamStory,
                                                                             owner_client: Client):
    assert "undeclared-allergens" not in owner_client.get("/").content.decode()  # the story is in March
    record_batch(product="JT", quantity_produced=Decimal(10), inputs=[InputLine(flour(), Decimal(1))],
                 confirmed=ANYWAY, actor=ACTOR)
    page = owner_client.get("/").content.decode()
    assert 'id="undeclared-allergens"' in page and "1 batch of the last 14 days" in page


def test_the_equipment_page_records_a_clean_down(story: JamStory, owner_client: Client):
    catalog.add_records("equipment", [{"code": "POT1", "name": "stockpot 1", "site": "K1"}], actor=ACTOR)
    page = owner_client.get(reverse("catalog_record", args=["equipment", "POT1"])).content.decode()
    assert "Record a clean-down of POT1" in page and "No clean-down recorded yet" in page
    done = owner_client.post(reverse("equipment_clean", args=["POT1"]), {"at": "", "note": "washed"}, follow=True)
    assert "washed" in done.content.decode() and Cleaning.objects.count() == 1


def test_the_receive_form_keeps_the_lots_declaration(story: JamStory, owner_client: Client):
    form = {"item": "SUGAR", "supplier": "COSTCO", "quantity": "5", "received_on": dt.date.today().isoformat(),
            "site": "K1", "reference_doc_type": "invoice", "may_contain": ["wheat", "soy"]}
    assert owner_client.post(reverse("receive"), form).status_code == 302
    assert Lot.objects.filter(may_contain="wheat;soy").exists()
    assert owner_client.post(reverse("receive"), form | {"allergens": ["lupin"]}).status_code == 400


def test_the_import_reads_and_the_export_writes_a_lots_declaration(db, tmp_path):
    files = changed("receipts.csv", "received_on,quantity,unit\n", "received_on,quantity,unit,may_contain\n")
    files = changed("receipts.csv", "K1,2026-02-15,25,kg", "K1,2026-02-15,25,kg,Wheat", files)
    files = changed("receipts.csv", "K1,2026-03-02,20,kg", "K1,2026-03-02,20,kg,", files)
    import_dir(write(tmp_path / "in", files), actor=ACTOR)
    assert Lot.objects.get(code="R2").may_contain == "wheat"
    export_dir(tmp_path / "out")
    rows = {r["lot_code"]: r for r in csv.DictReader((tmp_path / "out" / "receipts.csv").open(encoding="utf-8"))}
    assert (rows["R2"]["may_contain"], rows["R1"]["may_contain"], rows["R2"]["allergens"]) == ("wheat", "", "")


def test_the_import_refuses_a_word_not_big_9_naming_the_column(db, tmp_path):
    files = changed("receipts.csv", "received_on,quantity,unit\n", "received_on,quantity,unit,allergens\n", ALL)
    files = changed("receipts.csv", "K1,2026-02-15,25,kg", "K1,2026-02-15,25,kg,mustard", files)
    files = changed("receipts.csv", "K1,2026-03-02,20,kg", "K1,2026-03-02,20,kg,", files)
    problems, _ = refusal(write(tmp_path / "bad", files))
    assert problems == [("receipts.csv", 3, "allergens", "bad_choice")]

"""A GTIN is checked on every way in (its check digit) and kept as the 14 digits AI 01 carries."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from lotline.accounts.services import create_token
from lotline.catalog.models import Item
from lotline.imports.report import ImportRefused
from lotline.imports.services import import_dir
from lotline.testing import ACTOR

GOOD, BAD = "614141000012", "614141000013"


def test_the_command_keeps_a_good_gtin_as_14_digits_and_names_a_bad_one(db):
    call_command("add", "item", "SJ", "Strawberry jam", "--kind", "product", "--unit", "unit", "--gtin", GOOD,
                 "--as", ACTOR, stdout=io.StringIO())
    assert Item.objects.get(code="SJ").gtin == "00614141000012"
    with pytest.raises(CommandError, match=r"^--gtin: .*not a GTIN.*\[bad_gtin\]"):
        call_command("add", "item", "RJ", "Raspberry jam", "--kind", "product", "--unit", "unit", "--gtin", BAD,
                     "--as", ACTOR, stdout=io.StringIO())


def test_the_api_and_the_import_refuse_a_wrong_check_digit_naming_the_field(db, owner, tmp_path):
    api = Client(headers={"Authorization": f"Bearer {create_token(owner, 'script').token}"})
    answer = api.post("/api/items", json.dumps({"code": "RJ", "name": "Raspberry jam", "kind": "product",
                                               "unit": "unit", "gtin": BAD}), content_type="application/json")
    assert answer.status_code == 400 and answer.json()["problems"][0]["field"] == "gtin"
    (tmp_path / "items.csv").write_text(f"item_code,name,kind,unit,gtin\nRJ,Raspberry jam,product,unit,{BAD}\n")
    with pytest.raises(ImportRefused) as refused:
        import_dir(tmp_path, actor=ACTOR)
    assert [(p.code, p.field, p.row) for p in refused.value.problems] == [("bad_gtin", "gtin", 2)]
    assert not Item.objects.filter(code="RJ").exists()

"""`lotline add` and `lotline catalog`."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

from lotline.catalog.models import Customer, Item
from lotline.catalog.specs import SPECS
from lotline.ledger.models import Event


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_adding_a_customer_records_an_event_by_the_named_user(jam_catalog: None) -> None:
    out = run("add", "customer", "MAPLEST", "Maple Street Grocer", "--kind", "store", "--contact", "555-0203",
              "--as", "sam")
    assert "Added customer MAPLEST" in out
    assert Customer.objects.get(ref="MAPLEST").contact == "555-0203"
    assert Event.objects.latest("seq").actor == "sam"


def test_adding_an_item_prints_json_with_the_canonical_unit(jam_catalog: None) -> None:
    data = json.loads(run("add", "item", "LEMON", "Lemon juice", "--kind", "ingredient", "--unit", "litres",
                          "--ftl", "--json"))
    assert (data["code"], data["unit"], data["on_traceability_list"]) == ("LEMON", "l", True)
    assert Item.objects.get(code="LEMON").on_traceability_list
    assert set(data) == {"entity", *SPECS["item"].columns, "event"}
    assert data["event"] == Item.objects.get(code="LEMON").event_seq


def test_an_option_that_does_not_belong_to_the_record_is_refused(jam_catalog: None) -> None:
    with pytest.raises(CommandError, match=r"^--unit: a site has no unit \[not_for_entity\]"):
        run("add", "site", "K2", "Market stall", "--unit", "kg")


def test_a_bad_value_names_its_option_and_nothing_is_written(jam_catalog: None) -> None:
    before = Event.objects.count()
    with pytest.raises(CommandError, match=r"--kind: 'shop' is not one of"):
        run("add", "customer", "X1", "Someone", "--kind", "shop")
    with pytest.raises(CommandError, match=r"CODE: item SJ is already recorded with other data"):
        run("add", "item", "SJ", "Strawberry jam!", "--kind", "product", "--unit", "unit")
    assert Event.objects.count() == before


def test_the_catalog_lists_every_kind_of_record(jam_catalog: None) -> None:
    out = run("catalog")
    for heading in ("Sites", "Suppliers", "Customers", "Items"):
        assert heading in out
    assert "Valley Farm" in out and "Good Earth Co-op" in out


def test_the_catalog_finds_records_by_part_of_a_code_or_name(jam_catalog: None) -> None:
    data = json.loads(run("catalog", "suppliers", "--find", "valley", "--json"))
    assert [s["ref"] for s in data["suppliers"]] == ["VALLEY"]
    assert list(data) == ["suppliers"]


def test_a_long_list_is_cut_and_says_so(jam_catalog: None) -> None:
    assert "first 2; narrow with --find" in run("catalog", "items", "--limit", "2")

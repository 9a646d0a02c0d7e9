"""A product's recipe pre-fills its batches; equipment is named on them."""

from __future__ import annotations

from decimal import Decimal

import pytest

from lotline.catalog.recipes import RecipeLineIn, recipe_for, set_recipe
from lotline.catalog.services import add_records
from lotline.errors import LotlineError
from lotline.ledger.log import verify
from lotline.ledger.rebuild import rebuild

pytestmark = pytest.mark.django_db
JAM = [RecipeLineIn("STRAW", Decimal("8"), "kg"), RecipeLineIn("SUGAR", Decimal("4000"), "g"),
       RecipeLineIn("PECTN", Decimal("0.1"), "kg")]


def test_a_recipe_is_set_and_read_back_in_order(jam_catalog):
    set_recipe("SJ", JAM, batch_quantity=Decimal(40), actor="alice")
    recipe = recipe_for("SJ")
    assert (recipe.batch_quantity, recipe.unit) == (Decimal(40), "unit")
    assert [(line.ingredient, line.quantity, line.unit) for line in recipe.lines] == [
        ("STRAW", Decimal(8), "kg"), ("SUGAR", Decimal(4000), "g"), ("PECTN", Decimal("0.1"), "kg")]
    assert recipe_for("JT") is None


def test_setting_it_again_replaces_it_and_history_keeps_both(jam_catalog):
    from lotline.ledger.models import Event

    set_recipe("SJ", JAM, batch_quantity=Decimal(40), actor="alice")
    set_recipe("SJ", JAM[:1], batch_quantity=Decimal(20), actor="alice")
    assert [line.ingredient for line in recipe_for("SJ").lines] == ["STRAW"]
    assert Event.objects.filter(kind="recipe.set").count() == 2
    assert verify().ok
    assert all(not d.missing and not d.extra for d in rebuild().tables.values())


def test_a_bad_recipe_names_each_line_at_fault_and_sets_nothing(jam_catalog):
    with pytest.raises(LotlineError) as caught:
        set_recipe("SJ", [RecipeLineIn("STRAW", Decimal(8), "l"), RecipeLineIn("NOPE", Decimal(1), "kg"),
                          RecipeLineIn("SUGAR", Decimal(0), "kg")], batch_quantity=Decimal(40), actor="alice")
    assert [(p.where, p.field, p.code) for p in caught.value.problems] == [
        ("line 1", "unit", "unit_mismatch"), ("line 2", "ingredient", "unknown_item"),
        ("line 3", "quantity", "not_positive")]
    assert recipe_for("SJ") is None
    with pytest.raises(LotlineError):
        set_recipe("STRAW", JAM, batch_quantity=Decimal(1), actor="alice")  # an ingredient has no recipe


def test_equipment_is_a_catalog_record(jam_catalog):
    from lotline.catalog.models import Equipment

    add_records("equipment", [{"code": "KETTLE1", "name": "Copper kettle", "site": "K1"}], actor="alice")
    assert Equipment.objects.get().name == "Copper kettle"
    with pytest.raises(LotlineError) as caught:
        add_records("equipment", [{"code": "OVEN", "name": "Oven", "site": "NOWHERE"}], actor="alice")
    assert caught.value.problems[0].field == "site"

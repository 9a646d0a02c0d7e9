"""A lot's allergens come from the lots it actually used, to any depth, each with its reason."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from lotline.allergens.queries import Allergen, lot_allergens, undeclared
from lotline.allergens.services import clean_equipment
from lotline.catalog import services as catalog
from lotline.catalog.recipes import RecipeLineIn, set_recipe
from lotline.errors import ErrorCode, LotlineError
from lotline.lots.models import Lot
from lotline.lots.services import InputLine, receive_lot, record_batch
from lotline.testing import ACTOR, ANYWAY, JamStory

pytestmark = pytest.mark.django_db
D = dt.date


def words(found: list[Allergen]) -> dict[str, list[str]]:
    return {a["allergen"]: a["because"] for a in found}


def flour(story: JamStory) -> str:
    return Lot.objects.get(item__code="FLOUR").code


def batch(product: str, on: dt.date, uses: list[tuple[str, str]], equipment: str = "") -> str:
    return record_batch(product=product, quantity_produced=Decimal(10), produced_on=on, equipment=equipment,
                        inputs=[InputLine(code, Decimal(qty)) for code, qty in uses], confirmed=ANYWAY,
                        actor=ACTOR).code


def hamper(story: JamStory) -> str:
    catalog.add_records("item", [{"code": "GH", "name": "Gift hamper", "kind": "product", "unit": "unit",
                                  "declared": "Contains: wheat."}], actor=ACTOR)
    return batch("GH", D(2026, 3, 9), [(story.tarts, "6")])


def test_a_hamper_contains_wheat_because_of_the_flour_in_the_tarts_in_it(story: JamStory):
    gh = hamper(story)
    found = lot_allergens(gh)
    assert words(found["contains"]) == {"wheat": [flour(story), story.tarts, gh]}
    assert found["contains"][0]["via"] == "item"
    assert found["may_contain"] == []


def test_a_batch_has_the_allergens_of_what_it_used_not_of_its_recipe(story: JamStory):
    catalog.add_records("item", [{"code": "ALMND", "name": "Almonds", "kind": "ingredient", "unit": "kg",
                                  "allergens": "tree nuts"}], actor=ACTOR)
    set_recipe("SJ", [RecipeLineIn("STRAW", "8", "kg"), RecipeLineIn("SUGAR", "4", "kg")], batch_quantity="40",
               actor=ACTOR)
    almonds = receive_lot(item="ALMND", supplier="COSTCO", quantity=Decimal(5), received_on=D(2026, 3, 9),
                          actor=ACTOR).code
    swapped = batch("SJ", D(2026, 3, 10), [(almonds, "1"), (story.sugar, "1")])
    assert words(lot_allergens(swapped)["contains"]) == {"tree nuts": [almonds, swapped]}
    assert lot_allergens(story.jam)["contains"] == []  # the same recipe, the lots it said


def test_a_lot_of_oats_that_may_contain_wheat_makes_the_granola_may_contain_it(story: JamStory):
    catalog.add_records("item", [
        {"code": "OATS", "name": "Rolled oats", "kind": "ingredient", "unit": "kg"},
        {"code": "GR", "name": "Granola", "kind": "product", "unit": "unit", "declared": "May contain: wheat."},
    ], actor=ACTOR)
    oats = receive_lot(item="OATS", supplier="COSTCO", quantity=Decimal(25), received_on=D(2026, 3, 9),
                       may_contain="Wheat", actor=ACTOR)
    assert oats.may_contain == "wheat"
    granola = batch("GR", D(2026, 3, 10), [(oats.code, "5")])
    found = lot_allergens(granola)
    assert found["contains"] == []
    assert [(a["allergen"], a["because"], a["via"]) for a in found["may_contain"]] == [
        ("wheat", [oats.code, granola], "lot")]
    assert undeclared(granola) == []


def test_contains_wins_over_may_contain(story: JamStory):
    catalog.add_records("item", [{"code": "OATS", "name": "Oats", "kind": "ingredient", "unit": "kg"}],
                        actor=ACTOR)
    oats = receive_lot(item="OATS", supplier="COSTCO", quantity=Decimal(25), received_on=D(2026, 3, 1),
                       may_contain="wheat", allergens="soy", actor=ACTOR).code
    tarts = batch("JT", D(2026, 3, 9), [(oats, "1"), (flour(story), "1")])
    found = lot_allergens(tarts)
    assert words(found["contains"]) == {"wheat": [flour(story), tarts], "soy": [oats, tarts]}
    assert found["may_contain"] == []


def test_a_supplier_declaration_that_is_not_big_9_is_refused_naming_the_field(story: JamStory):
    with pytest.raises(LotlineError) as e:
        receive_lot(item="SUGAR", supplier="COSTCO", quantity=Decimal(1), may_contain="wheat;mustard", actor=ACTOR)
    assert (e.value.code, e.value.problems[0].field) == (ErrorCode.BAD_CHOICE, "may_contain")
    assert "mustard" in e.value.message or "mustard" in e.value.problems[0].message


def equipment() -> None:
    catalog.add_records("equipment", [{"code": "POT1", "name": "stockpot 1", "site": "K1"},
                                      {"code": "POT10", "name": "stockpot 10", "site": "K1"}], actor=ACTOR)


def test_a_batch_made_after_a_wheat_batch_on_the_same_pot_may_contain_wheat(story: JamStory):
    equipment()
    tarts = batch("JT", D(2026, 3, 11), [(flour(story), "1")], equipment="Stockpot 1")
    jam = batch("SJ", D(2026, 3, 12), [(story.sugar, "1")], equipment="pot1, jar sterilizer")
    other = batch("SJ", D(2026, 3, 12), [(story.sugar, "1")], equipment="stockpot 10")
    [wheat] = lot_allergens(jam)["may_contain"]
    assert (wheat["allergen"], wheat["because"], wheat["via"], wheat["equipment"]) == (
        "wheat", [tarts, jam], "equipment", "POT1")
    assert tarts in wheat["reason"] and "no clean-down" in wheat["reason"]
    assert lot_allergens(other)["may_contain"] == []  # stockpot 10 is another pot
    earlier = batch("SJ", D(2026, 3, 10), [(story.sugar, "1")], equipment="POT1")
    assert lot_allergens(earlier)["may_contain"] == []  # made the day before the tarts


def test_a_clean_down_between_the_batches_ends_the_cross_contact(story: JamStory):
    equipment()
    tarts = batch("JT", D(2026, 3, 11), [(flour(story), "1")], equipment="POT1")
    cleaned = clean_equipment("pot1", at=dt.datetime(2026, 3, 12, 7, 30, tzinfo=dt.UTC), note="washed",
                              actor=ACTOR)
    assert (cleaned.equipment, cleaned.note) == ("POT1", "washed")
    jam = batch("SJ", D(2026, 3, 13), [(story.sugar, "1")], equipment="POT1")
    assert lot_allergens(jam)["may_contain"] == []
    again = batch("JT", D(2026, 3, 14), [(flour(story), "1")], equipment="POT1")
    after = batch("SJ", D(2026, 3, 15), [(story.sugar, "1")], equipment="POT1")
    assert words(lot_allergens(after)["may_contain"]) == {"wheat": [again, after]}
    assert "since 2026-03-12" in lot_allergens(after)["may_contain"][0]["reason"]
    assert tarts not in str(lot_allergens(after))


def test_cross_contact_carries_up_into_what_used_the_batch(story: JamStory):
    equipment()
    batch("JT", D(2026, 3, 11), [(flour(story), "1")], equipment="POT1")
    jam = batch("SJ", D(2026, 3, 12), [(story.sugar, "1")], equipment="POT1")
    catalog.add_records("item", [{"code": "GH", "name": "Gift hamper", "kind": "product", "unit": "unit"}],
                        actor=ACTOR)
    gh = batch("GH", D(2026, 3, 13), [(jam, "1")])
    [wheat] = lot_allergens(gh)["may_contain"]
    assert wheat["because"][1:] == [jam, gh]


def test_cleaning_unknown_equipment_or_a_long_note_is_refused(story: JamStory):
    equipment()
    with pytest.raises(LotlineError) as e:
        clean_equipment("KETTLE9", actor=ACTOR)
    assert (e.value.code, e.value.field) == (ErrorCode.UNKNOWN_EQUIPMENT, "equipment")
    with pytest.raises(LotlineError) as e:
        clean_equipment("POT1", note="x" * 251, actor=ACTOR)
    assert (e.value.code, e.value.field) == (ErrorCode.TOO_LONG, "note")


def test_a_batch_whose_label_does_not_name_an_allergen_is_flagged(story: JamStory):
    gh = hamper(story)
    assert undeclared(gh) == []  # "Contains: wheat."
    assert [a["allergen"] for a in undeclared(story.tarts)] == ["wheat"]  # JT declares nothing
    catalog.update_record("item", "JT", {"declared": "May contain: wheat."}, actor=ACTOR)
    [flagged] = undeclared(story.tarts)
    assert (flagged["allergen"], flagged["because"]) == ("wheat", [flour(story), story.tarts])
    catalog.update_record("item", "JT", {"declared": "Contains: wheat (flour)."}, actor=ACTOR)
    assert undeclared(story.tarts) == []
    assert undeclared(story.valley_strawberries) == []  # a received lot prints no label of ours


def test_an_unknown_code_is_unknown_lot(story: JamStory):
    with pytest.raises(LotlineError) as e:
        lot_allergens("NOPE-1")
    assert e.value.code == ErrorCode.UNKNOWN_LOT

"""One lot, one code, whatever the case: the code rule at every way in, and every lookup finding
exactly the lot named (the issue: a sugar lot `sj-20260304-a` held the jam batch SJ-20260304-A)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction

from lotline.errors import LotlineError
from lotline.ledger.models import Event
from lotline.lots.models import Lot, LotStatus
from lotline.lots.queries import find_lot, find_lots, lookup, lookup_one, lot_keys
from lotline.lots.services import (
    InputLine,
    ShipmentLine,
    add_inputs,
    correct_lot,
    place_hold,
    place_holds,
    receive_lot,
    record_batch,
    ship_units,
)
from lotline.testing import ACTOR, ANYWAY, JamStory
from lotline.trace.queries import trace_back, trace_forward

pytestmark = pytest.mark.django_db
D = Decimal
MARCH_4 = dt.date(2026, 3, 4)


def sugar(code: str, on: dt.date = MARCH_4, **kw):
    return receive_lot(item="SUGAR", supplier="COSTCO", quantity=D(25), unit="kg", received_on=on, code=code,
                       actor=ACTOR, **kw)


def jam(on: dt.date = MARCH_4, **kw):
    """A batch of jam; nothing went in (a warning confirmed: these tests are about its code)."""
    return record_batch(product="SJ", quantity_produced=D(40), produced_on=on, actor=ACTOR,
                        **{"confirmed": ANYWAY} | kw)


def test_a_sugar_lot_cannot_take_the_code_of_the_jam_batch_in_lower_case(story: JamStory):
    assert story.jam == "SJ-20260304-A"
    before = Event.objects.count()
    with pytest.raises(LotlineError) as refused:
        sugar("sj-20260304-a")
    assert refused.value.code == "duplicate_code" and refused.value.field == "code"
    assert "already recorded, as SJ-20260304-A: codes are the same whatever their case" in str(refused.value)
    assert Event.objects.count() == before


def test_a_batch_cannot_take_the_code_of_a_sugar_lot_in_upper_case(jam_catalog):
    sugar("sj-20260304-a")
    with pytest.raises(LotlineError) as refused:
        jam(code="SJ-20260304-A")
    assert refused.value.code == "duplicate_code"


def test_batch_numbering_skips_a_code_taken_in_another_case(jam_catalog):
    sugar("sj-20260304-a")
    assert jam().code == "SJ-20260304-B"


def test_the_database_keeps_lot_codes_unique_whatever_their_case(story: JamStory):
    lot = Lot.objects.get(code=story.sugar)
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cur:
        cur.execute("UPDATE lot SET code = %s WHERE id = %s", [story.jam.lower(), lot.id])


def test_holding_a_code_in_another_case_holds_exactly_that_lot(story: JamStory):
    held = place_hold(story.jam.lower(), reason="check the seal", actor=ACTOR)
    assert held.code == story.jam
    statuses = dict(Lot.objects.values_list("code", "status"))
    assert statuses[story.jam] == LotStatus.ON_HOLD
    assert [c for c, s in statuses.items() if s == LotStatus.ON_HOLD] == [story.jam]


def test_holding_a_lot_named_twice_in_two_cases_holds_it_once(story: JamStory):
    held = place_holds([story.jam, story.jam.lower()], reason="recall", actor=ACTOR)
    assert [h.code for h in held] == [story.jam]


def test_find_lot_finds_our_code_in_any_case_and_nothing_else(story: JamStory):
    assert find_lot(f"  {story.jam.lower()} ").code == story.jam
    with pytest.raises(LotlineError):
        find_lot("VF-0302")  # a supplier's lot code is not ours
    assert {k: v.code for k, v in find_lots([story.jam.lower(), story.sugar, "NOPE"]).items()} == {
        story.jam.lower(): story.jam, story.sugar: story.sugar}


def test_find_lots_takes_thousands_of_codes_at_once(story: JamStory):
    # a comparison asks for every batch of a product: SQLite refuses one expression of 1,000 terms
    asked = [f"NOPE-{n}" for n in range(2500)] + [story.jam.lower(), f" {story.sugar}"]
    assert {k: v.code for k, v in find_lots(asked).items()} == {story.jam.lower(): story.jam,
                                                                 f" {story.sugar}": story.sugar}
    assert {k: code for k, (_pk, code) in lot_keys(asked).items()} == {story.jam.lower(): story.jam,
                                                                        f" {story.sugar}": story.sugar}


def test_a_supplier_lot_code_of_several_lots_is_ambiguous_and_names_them(story: JamStory):
    receive_lot(item="STRAW", supplier="HILL", quantity=D(5), unit="kg", received_on=dt.date(2026, 3, 9),
                supplier_lot="vf-0302", actor=ACTOR)
    assert len(lookup("VF-0302")) == 2
    with pytest.raises(LotlineError) as ambiguous:
        lookup_one("VF-0302", field="lot")
    assert ambiguous.value.code == "ambiguous_lot"
    assert story.valley_strawberries in ambiguous.value.message and "Hillside Orchard" in ambiguous.value.message
    assert lookup_one(story.jam.lower()).code == story.jam  # our own code is unique: never ambiguous
    assert lookup_one(f"{story.jam.lower()}-3").via == "unit serial"


def test_a_trace_starts_from_our_code_in_any_case(story: JamStory):
    assert trace_back(story.jam.lower())["subject"] == [{"via": "lot code", "code": story.jam, "unit_number": None}]
    assert story.tarts in [b["code"] for b in trace_forward(story.valley_strawberries.lower())["batches"]]


def test_inputs_and_shipments_may_name_a_lot_in_another_case_and_record_its_own_code(story: JamStory):
    tarts = record_batch(product="JT", quantity_produced=D(10), produced_on=dt.date(2026, 3, 12), actor=ACTOR,
                         inputs=[InputLine(story.other_jam.lower(), D(2))]).code
    add_inputs(tarts.lower(), [InputLine(story.sugar.lower(), D(1))], actor=ACTOR)
    ship_units([ShipmentLine(tarts.lower(), "SATMKT", D(3), dt.date(2026, 3, 13))], actor=ACTOR)
    back = trace_back(tarts)
    assert {(link["batch"], link["lot"]) for link in back["links"] if link["batch"] == tarts} == {
        (tarts, story.other_jam), (tarts, story.sugar)}
    assert [s["lot"] for c in trace_forward(tarts)["customers"] for s in c["shipments"]] == [tarts]


@pytest.mark.parametrize("code", ["SJ/0304", " SJ-0304", "SJ\u200b0304", "SJ 0304", "<script>"])
def test_it_refuses_a_lot_code_that_breaks_the_code_rule_and_writes_nothing(jam_catalog, code: str):
    before = Event.objects.count()
    with pytest.raises(LotlineError) as refused:
        sugar(code)
    assert (refused.value.code, refused.value.field) == ("bad_code", "code")
    assert Event.objects.count() == before


def test_it_refuses_a_shipment_ref_that_breaks_the_code_rule(story: JamStory):
    with pytest.raises(LotlineError) as refused:
        ship_units([ShipmentLine(story.jam, "SATMKT", D(1), dt.date(2026, 3, 9), ref="SH/1")], actor=ACTOR)
    assert (refused.value.code, refused.value.field) == ("bad_code", "ref")


def test_a_suppliers_lot_code_is_kept_verbatim_but_not_a_control_character(jam_catalog):
    kept = sugar("SUGAR-A", supplier_lot="C/SUG 1 <b>")
    assert Lot.objects.get(code=kept.code).supplier_lot == "C/SUG 1 <b>"
    with pytest.raises(LotlineError) as refused:
        sugar("SUGAR-B", supplier_lot="C-SUG\n1")
    assert (refused.value.code, refused.value.field) == ("bad_code", "supplier_lot")
    with pytest.raises(LotlineError) as refused:
        correct_lot(kept.code, {"supplier_lot": "C-SUG\x071"}, reason="typo", actor=ACTOR)
    assert (refused.value.code, refused.value.field) == ("bad_code", "supplier_lot")

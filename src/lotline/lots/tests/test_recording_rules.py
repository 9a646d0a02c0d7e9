"""The recording rules the verbs keep whatever the way in: dates a person may give, quantities the
ledger takes, warnings confirmed by code (an expired lot used, nothing traceable in, the same
record twice), suggestions that never take an expired lot, and what the verbs return."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from decimal import Decimal

import pytest
from django.utils import timezone

from lotline.days import today
from lotline.errors import LotlineError, NeedsConfirmation
from lotline.ledger.models import Event
from lotline.lots.models import Discard, Lot
from lotline.lots.queries import lot_details
from lotline.lots.services import (
    InputLine,
    ShipmentLine,
    correct_lot,
    discard_units,
    mark_failed,
    place_hold,
    receive_lot,
    record_batch,
    ship_units,
    twins,
)
from lotline.lots.stock import open_lots, suggest_inputs
from lotline.testing import ACTOR, JamStory

pytestmark = pytest.mark.django_db
D = Decimal
d = dt.date
MARCH_1, MARCH_10 = d(2026, 3, 1), d(2026, 3, 10)


def events() -> int:
    return Event.objects.count()


def receive(on: dt.date = MARCH_1, qty: str = "10", best_by: dt.date | None = None, item: str = "STRAW",
            unit: str = "kg", actor: str = ACTOR, **kw) -> str:
    return receive_lot(item=item, supplier="VALLEY", quantity=D(qty), unit=unit, received_on=on, best_by=best_by,
                       actor=actor, **kw).code


def refused(call, code: str, field: str | None = None):
    """Run `call`; it must refuse with `code` (naming `field`) and write nothing."""
    before = events()
    with pytest.raises(LotlineError) as caught:  # each rule has its own error class
        call()
    problem = caught.value.problems[0]
    assert (problem.code, problem.field if field is not None else None) == (code, field)
    assert events() == before
    return caught.value


# --- dates a person may give --------------------------------------------------------------------


@pytest.mark.parametrize(("day", "code"), [
    (d(9999, 12, 31), "future_date"), (d(2027, 6, 1), "future_date"), (d(1, 1, 1), "date_too_old"),
    (d(1999, 12, 31), "date_too_old")])
def test_it_refuses_a_receipt_dated_in_the_future_or_before_2000(jam_catalog, day, code):
    refused(lambda: receive(on=day), code, "received_on")


def test_a_receipt_may_be_dated_tomorrow_but_not_the_day_after(jam_catalog):
    tomorrow = today() + dt.timedelta(days=1)
    assert Lot.objects.get(code=receive(on=tomorrow)).lot_date == tomorrow
    refused(lambda: receive(on=tomorrow + dt.timedelta(days=1)), "future_date", "received_on")


def test_today_is_the_business_day_in_its_time_zone(jam_catalog, settings):
    settings.TIME_ZONE = "Pacific/Kiritimati"  # UTC+14: already tomorrow for most of the world
    with timezone.override("Pacific/Kiritimati"):
        assert today() == timezone.localdate()
        code = receive_lot(item="STRAW", supplier="VALLEY", quantity=D(5), actor=ACTOR).code
        assert Lot.objects.get(code=code).lot_date == timezone.localdate()


def test_a_best_by_date_may_be_years_ahead_but_not_a_placeholder(jam_catalog):
    assert receive(best_by=today() + dt.timedelta(days=3650))
    refused(lambda: receive(best_by=d(9999, 12, 31)), "future_date", "best_by")


def test_a_batch_made_next_year_is_refused(jam_catalog):
    refused(lambda: record_batch(product="SJ", quantity_produced=D(10), produced_on=d(2027, 6, 1),
                                 confirmed={"no_inputs"}, actor=ACTOR), "future_date", "produced_on")


def test_shipments_discards_holds_and_corrections_refuse_future_and_ancient_dates(story: JamStory):
    refused(lambda: ship_units([ShipmentLine(story.other_jam, "SATMKT", D(1), d(2099, 1, 1))], actor=ACTOR),
            "future_date", "shipped_on")
    refused(lambda: discard_units(story.other_jam, D(1), reason="cracked", on=d(2099, 1, 1), actor=ACTOR),
            "future_date", "on")
    refused(lambda: place_hold(story.other_jam, reason="check", on=d(1, 1, 1), actor=ACTOR), "date_too_old", "on")
    refused(lambda: mark_failed(story.other_jam, reason="burnt", on=d(2099, 1, 1), actor=ACTOR), "future_date", "on")
    refused(lambda: correct_lot(story.sugar, {"lot_date": "0001-01-01"}, reason="typo", actor=ACTOR),
            "date_too_old", "lot_date")
    refused(lambda: correct_lot(story.sugar, {"best_by": "9999-12-31"}, reason="typo", actor=ACTOR),
            "future_date", "best_by")


def test_lotline_today_fixes_the_business_day_for_a_dataset_that_runs_into_the_future(jam_catalog, settings):
    settings.LOTLINE_TODAY = d(2033, 3, 1)
    assert Lot.objects.get(code=receive(on=d(2033, 2, 27))).lot_date == d(2033, 2, 27)


# --- quantities -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("quantity", "code"), [
    (D("1E-400"), "too_precise"), (D("0.0000001"), "too_precise"), (D(10) ** 9, "too_large"),
    (D(0), "not_positive"), (D(-2), "not_positive"), (D("NaN"), "not_a_number")])
def test_every_verb_refuses_a_quantity_the_ledger_cannot_keep_as_given(story: JamStory, quantity, code):
    refused(lambda: receive(qty=str(quantity)), code, "quantity")
    refused(lambda: record_batch(product="SJ", quantity_produced=D(10), produced_on=MARCH_10, actor=ACTOR,
                                 inputs=[InputLine(story.sugar, quantity)]), code, "quantity")
    refused(lambda: ship_units([ShipmentLine(story.other_jam, "SATMKT", quantity, MARCH_10)], actor=ACTOR), code,
            "quantity")
    refused(lambda: discard_units(story.sugar, quantity, reason="spilt", actor=ACTOR), code, "quantity")


def test_six_decimal_places_are_kept_exactly(jam_catalog):
    assert Lot.objects.get(code=receive(qty="0.000001")).quantity == D("0.000001")
    assert Lot.objects.get(code=receive(qty="999999999.999999")).quantity == D("999999999.999999")


# --- expired lots: never suggested, used only when confirmed --------------------------------------


@pytest.fixture
def berries(jam_catalog) -> dict[str, str]:
    """Three strawberry lots on 10 March: one past its best-by, one used up first, one after."""
    return {"past": receive(d(2026, 3, 1), "10", best_by=d(2026, 3, 8)),
            "soon": receive(d(2026, 3, 2), "5", best_by=d(2026, 3, 12)),
            "later": receive(d(2026, 3, 3), "20", best_by=d(2026, 3, 20))}


def test_a_lot_past_its_best_by_comes_after_every_usable_one_and_says_so(berries):
    lots = open_lots("STRAW", on=MARCH_10)
    assert [(lot.code, lot.past_best_by) for lot in lots] == [
        (berries["soon"], False), (berries["later"], False), (berries["past"], True)]


def test_a_suggestion_never_takes_an_expired_lot_while_a_usable_one_has_some(berries):
    found = suggest_inputs("STRAW", D(8), "kg", on=MARCH_10)
    assert [(s.lot, s.quantity) for s in found.lines] == [(berries["soon"], D(5)), (berries["later"], D(3))]
    assert (found.short, found.past_best_by) == (D(0), [])


def test_when_only_expired_lots_are_left_they_are_offered_apart_never_filled_in(berries):
    found = suggest_inputs("STRAW", D(40), "kg", on=MARCH_10)
    assert [s.lot for s in found.lines] == [berries["soon"], berries["later"]]
    assert found.short == D(15)
    assert [(lot.code, lot.past_best_by) for lot in found.past_best_by] == [(berries["past"], True)]


def test_held_and_failed_lots_are_never_suggested(story: JamStory):
    place_hold(story.hillside_strawberries, reason="supplier called", actor=ACTOR)
    found = suggest_inputs("STRAW", D(12), "kg", on=d(2026, 3, 12))
    assert [s.lot for s in found.lines] == [story.valley_strawberries]
    mark_failed(story.other_jam, reason="mould", actor=ACTOR)
    assert suggest_inputs("SJ", D(1), "unit", on=d(2026, 3, 12)).lines == []


def test_using_an_expired_lot_needs_a_confirmation_that_the_event_keeps(berries):
    inputs = [InputLine(berries["past"], D(2)), InputLine(berries["soon"], D(2))]
    error = refused(lambda: record_batch(product="SJ", quantity_produced=D(10), produced_on=MARCH_10, inputs=inputs,
                                         actor="maria"), "expired_input", "lot")
    assert isinstance(error, NeedsConfirmation) and error.status == 409 and error.codes == ["expired_input"]
    assert error.problems[0].where == "input 1" and berries["past"] in error.problems[0].message
    batch = record_batch(product="SJ", quantity_produced=D(10), produced_on=MARCH_10, inputs=inputs,
                         confirmed={"expired_input"}, actor="maria")
    assert [c.code for c in batch.confirmed] == ["expired_input"]
    stored = json.loads(Event.objects.get(seq=batch.event_seq).payload)["confirmed"]
    assert stored == [{"code": "expired_input", "message": error.problems[0].message, "where": "input 1"}]
    history = lot_details(batch.code)["events"]
    assert [(e["actor"], [c["code"] for c in e["confirmed"]]) for e in history] == [("maria", ["expired_input"])]
    used_lot_history = lot_details(berries["past"])["events"]
    assert [c["code"] for e in used_lot_history for c in e["confirmed"]] == ["expired_input"]


def test_an_expired_lot_used_in_a_batch_made_before_its_best_by_date_is_no_warning(berries):
    batch = record_batch(product="SJ", quantity_produced=D(10), produced_on=d(2026, 3, 8),
                         inputs=[InputLine(berries["past"], D(2))], actor=ACTOR)
    assert batch.confirmed == ()


# --- a batch nothing went into ----------------------------------------------------------------------


def test_a_batch_with_no_inputs_needs_confirming_that_nothing_traceable_went_in(jam_catalog):
    error = refused(lambda: record_batch(product="SJ", quantity_produced=D(10), produced_on=MARCH_10, actor=ACTOR),
                    "no_inputs", "inputs")
    assert "nothing traceable" in error.problems[0].message
    batch = record_batch(product="SJ", quantity_produced=D(10), produced_on=MARCH_10, confirmed={"no_inputs"},
                         actor=ACTOR)
    assert [c.code for c in batch.confirmed] == ["no_inputs"]
    assert "no_inputs" in Event.objects.get(seq=batch.event_seq).payload


# --- near-twins: the same record by the same person minutes ago ------------------------------------


def test_the_same_receipt_twice_in_a_row_asks_whether_it_is_a_second_one(jam_catalog):
    first = receive()
    error = refused(receive, "near_twin", "")
    assert first in error.problems[0].message
    assert receive(confirmed={"near_twin"}) != first
    assert receive(qty="11") and receive(actor="sam")  # another quantity, another person: no twin


def test_a_twin_recorded_more_than_ten_minutes_ago_is_no_warning(jam_catalog, monkeypatch):
    receive()
    later = timezone.now() + twins.WINDOW + dt.timedelta(seconds=1)
    monkeypatch.setattr(twins.timezone, "now", lambda: later)
    assert receive()


def test_the_same_batch_shipment_and_discard_twice_in_a_row_ask_too(story: JamStory):
    def batch() -> str:
        return record_batch(product="SJ", quantity_produced=D(10), produced_on=MARCH_10,
                            inputs=[InputLine(story.sugar, D(1))], actor=ACTOR).code

    batch()
    refused(batch, "near_twin", "")
    line = ShipmentLine(story.other_jam, "SATMKT", D(2), d(2026, 3, 14))
    ship_units([line], actor=ACTOR)
    error = refused(lambda: ship_units([ShipmentLine(story.other_jam, "GOODEARTH", D(1), d(2026, 3, 14)), line],
                                       actor=ACTOR), "near_twin", "")
    assert error.problems[0].where == "line 2"
    discard_units(story.sugar, D(1), reason="spilt", actor=ACTOR)
    refused(lambda: discard_units(story.sugar, D(1000), unit="g", reason="spilt", actor=ACTOR), "near_twin",
            "quantity")
    discard_units(story.sugar, D(1), reason="spilt again", confirmed={"near_twin"}, actor=ACTOR)
    assert Discard.objects.filter(lot__code=story.sugar).count() == 2


# --- what the verbs return ------------------------------------------------------------------------------


def test_the_verbs_return_what_they_recorded_as_frozen_facts(story: JamStory):
    lot = receive_lot(item="SUGAR", supplier="COSTCO", quantity=D("13.227736"), unit="lb", actor=ACTOR)
    assert (lot.item_name, lot.supplier_name, lot.quantity, lot.unit, lot.received_on) == (
        "Cane sugar", "Costco Main St", D("13.227736"), "lb", today())
    with pytest.raises(dataclasses.FrozenInstanceError):
        lot.quantity = D(1)  # type: ignore[misc]  # mypy refuses it too: the test proves it at run time
    batch = record_batch(product="SJ", quantity_produced=D(40), inputs=[InputLine(lot.code, D(2), "kg")], actor=ACTOR)
    assert (batch.produced_on, batch.unit, batch.product_name, batch.status) == (today(), "unit", "Strawberry jam",
                                                                                "active")
    [used] = batch.inputs
    assert (used.lot, used.item_name, used.quantity, used.unit, used.quantity_in_lot_unit, used.lot_unit) == (
        lot.code, "Cane sugar", D(2), "kg", D("4.409245"), "lb")
    [shipped] = ship_units([ShipmentLine(story.other_jam, "SATMKT", D(4))], actor=ACTOR)
    assert (shipped.customer_name, shipped.quantity, shipped.shipped_on, shipped.on_hand) == (
        "Saturday farmers market", D(4), today(), D(30))
    gone = discard_units(story.other_jam, D(1), reason="cracked", actor=ACTOR)
    assert (gone.quantity, gone.unit, gone.on_hand) == (D(1), "unit", D(29))


def test_a_receipt_without_a_unit_is_in_the_items_unit(jam_catalog):
    assert receive_lot(item="STRAW", supplier="VALLEY", quantity=D(3), actor=ACTOR).unit == "kg"


def test_a_correction_reads_its_quantity_by_the_same_rules(story: JamStory):
    with pytest.raises(LotlineError) as caught:
        correct_lot(story.sugar, {"quantity": "0.0000001"}, reason="typo", actor=ACTOR)
    assert (caught.value.code, caught.value.field) == ("too_precise", "quantity")

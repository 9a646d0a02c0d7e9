"""Open lots, oldest first, and the lots a batch is suggested to take its ingredients from."""

import datetime as dt
from decimal import Decimal

import pytest

from lotline.catalog.services import add_site
from lotline.errors import LotlineError
from lotline.lots.services import InputLine, place_hold, receive_lot, record_batch
from lotline.lots.stock import count_open_lots, open_lots, stored_codes, suggest_inputs
from lotline.testing import ACTOR

pytestmark = pytest.mark.django_db
D = Decimal
d = dt.date


def receive(on: dt.date, qty: str = "20", best_by: dt.date | None = None, item: str = "STRAW", unit: str = "kg",
            **kw) -> str:
    return receive_lot(item=item, supplier="VALLEY", quantity=D(qty), unit=unit, received_on=on, best_by=best_by,
                       actor=ACTOR, **kw).code


def test_open_lots_come_best_by_first_then_oldest_first(jam_catalog):
    no_date_old = receive(d(2026, 3, 1))
    late_best_by = receive(d(2026, 3, 5), best_by=d(2026, 3, 20))
    early_best_by = receive(d(2026, 3, 3), best_by=d(2026, 3, 10))
    no_date_newer = receive(d(2026, 3, 2))
    on = d(2026, 3, 6)  # the day of the batch they would go into
    assert [lot.code for lot in open_lots("STRAW", on=on)] == [early_best_by, late_best_by, no_date_old, no_date_newer]
    first = open_lots("STRAW", on=on, limit=1)[0]
    assert (first.on_hand, first.unit, first.best_by, first.lot_date, first.site, first.past_best_by) == (
        D(20), "kg", d(2026, 3, 10), d(2026, 3, 3), "K1", False)
    assert [lot.code for lot in open_lots("STRAW", on=on, limit=2, offset=2)] == [no_date_old, no_date_newer]
    assert count_open_lots("STRAW") == 4


def test_used_up_held_and_other_items_lots_are_not_open(jam_catalog):
    used_up = receive(d(2026, 3, 1), "8")
    held = receive(d(2026, 3, 2))
    partly_used = receive(d(2026, 3, 3))
    receive(d(2026, 3, 1), item="SUGAR")
    record_batch(product="SJ", quantity_produced=D(30), produced_on=d(2026, 3, 4), actor=ACTOR,
                 inputs=[InputLine(used_up, D(8)), InputLine(partly_used, D("12.5"))])
    place_hold(held, reason="supplier called", actor=ACTOR)
    lots = open_lots("STRAW")
    assert [(lot.code, lot.on_hand) for lot in lots] == [(partly_used, D("7.5"))]


def test_open_lots_of_one_site_leave_the_other_sites_out(jam_catalog):
    add_site("K2", "Market kitchen", actor=ACTOR)
    here = receive(d(2026, 3, 1), site="K1")
    there = receive(d(2026, 3, 1), site="K2")
    assert [lot.code for lot in open_lots("STRAW", site="K2")] == [there]
    assert {lot.code for lot in open_lots("STRAW")} == {here, there}


def test_earlier_batches_are_open_lots_of_their_product(story):
    # 40 jars made, 24 + 10 shipped, 6 went into tarts: nothing left of the first jam
    assert [(lot.code, lot.kind, lot.on_hand) for lot in open_lots("SJ")] == [(story.other_jam, "batch", D(34))]


def test_an_unknown_item_has_no_open_lots_but_an_error(jam_catalog):
    with pytest.raises(LotlineError) as err:
        open_lots("NOPE")
    assert (err.value.code, err.value.field) == ("unknown_item", "item")


def test_it_suggests_the_oldest_lot_and_splits_the_need_when_it_runs_short(jam_catalog):
    newer = receive(d(2026, 3, 2), "20")
    older = receive(d(2026, 3, 1), "5")
    found = suggest_inputs("STRAW", D(8), "kg")
    assert [(s.lot, s.quantity, s.unit) for s in found.lines] == [(older, D(5), "kg"), (newer, D(3), "kg")]
    assert found.short == 0


def test_it_converts_the_need_into_each_lots_unit(jam_catalog):
    in_pounds = receive(d(2026, 3, 1), "10", unit="lb")
    in_kilos = receive(d(2026, 3, 2), "20")
    found = suggest_inputs("STRAW", D(5000), "g")
    # all 10 lb of the first lot (4535.9237 g); the rest, 464.0763 g, in the unit the need was given in
    assert [(s.lot, s.quantity, s.unit) for s in found.lines] == [(in_pounds, D(10), "lb"),
                                                                  (in_kilos, D("464.0763"), "g")]


def test_it_says_how_much_the_open_lots_do_not_cover(jam_catalog):
    only = receive(d(2026, 3, 1), "20")
    found = suggest_inputs("STRAW", D(50), "kg")
    assert [(s.lot, s.quantity) for s in found.lines] == [(only, D(20))]
    assert (found.short, found.unit) == (D(30), "kg")


@pytest.mark.parametrize(("quantity", "unit", "code"), [
    (D(1), "l", "unit_mismatch"), (D(1), "bushel", "unknown_unit"), (D(0), "kg", "not_positive")])
def test_it_refuses_to_suggest_for_a_need_it_cannot_weigh(jam_catalog, quantity, unit, code):
    with pytest.raises(LotlineError) as err:
        suggest_inputs("STRAW", quantity, unit)
    assert err.value.code == code


def test_codes_typed_in_lower_case_find_the_stored_code(jam_catalog):
    code = receive(d(2026, 3, 1))
    assert stored_codes({code.lower(), "nope"}) == {code.lower(): code, "nope": "nope"}

"""Shipping, holds, discards and corrections: each a new event, each refused when it makes no sense."""

import datetime as dt
from decimal import Decimal

import pytest

from lotline.catalog import services as catalog
from lotline.errors import LotlineError
from lotline.ledger.models import Event
from lotline.lots.models import Hold, Lot, Shipment
from lotline.lots.queries import lookup, on_hand
from lotline.lots.services import (
    ShipmentLine,
    correct_lot,
    discard_units,
    mark_failed,
    place_hold,
    record_batch,
    release_hold,
    ship_units,
    void_shipment,
)
from lotline.testing import ACTOR, ANYWAY

pytestmark = pytest.mark.django_db
D = Decimal
DAY = dt.date(2026, 3, 12)


def ship(code, qty, customer="SATMKT", on=DAY, **kw):
    return ship_units([ShipmentLine(code, customer, D(qty), on, **kw)], actor=ACTOR)


def test_a_market_day_records_many_lines_in_one_event(story):
    before = Event.objects.count()
    refs = ship_units([ShipmentLine(story.other_jam, "SATMKT", D(10), DAY),
                       ShipmentLine(story.tarts, "SATMKT", D(12), DAY, reference_doc="stall 4")], actor=ACTOR)
    assert [r.code for r in refs] == ["SH-20260312-001", "SH-20260312-002"]
    assert Event.objects.count() == before + 1


def test_it_refuses_to_ship_more_than_is_on_hand_and_writes_nothing(story):
    before = Event.objects.count()
    with pytest.raises(LotlineError) as err:
        ship(story.other_jam, 35)  # 40 made, 6 shipped
    assert (err.value.code, err.value.field) == ("more_than_on_hand", "quantity")
    assert Event.objects.count() == before


@pytest.mark.parametrize(("line", "code"), [
    (ShipmentLine("NOPE", "SATMKT", D(1), DAY), "unknown_lot"),
    (ShipmentLine("SJ-20260310-A", "NOPE", D(1), DAY), "unknown_customer"),
    (ShipmentLine("SJ-20260310-A", "SATMKT", D(0), DAY), "not_positive"),
    (ShipmentLine("SJ-20260310-A", "SATMKT", D(1), dt.date(2026, 3, 9)), "impossible_date"),
    (ShipmentLine("SJ-20260310-A", "SATMKT", D(1), DAY, unit="kg"), "unit_mismatch"),
])
def test_it_refuses_a_bad_shipment(story, line, code):
    with pytest.raises(LotlineError) as err:
        ship_units([line], actor=ACTOR)
    assert err.value.problems[0].code == code


def test_a_held_lot_cannot_be_shipped_or_used_until_released(story):
    place_hold(story.other_jam, reason="customer complaint", actor=ACTOR)
    assert Lot.objects.get(code=story.other_jam).status == "on_hold"
    with pytest.raises(LotlineError) as err:
        ship(story.other_jam, 1)
    assert err.value.code == "lot_unusable"
    with pytest.raises(LotlineError):
        place_hold(story.other_jam, reason="again", actor=ACTOR)
    release_hold(story.other_jam, reason="lab test clean", actor=ACTOR)
    ship(story.other_jam, 1)
    hold = Hold.objects.get()
    assert hold.reason == "customer complaint" and hold.released_seq is not None


def test_a_hold_needs_a_reason(story):
    with pytest.raises(LotlineError) as err:
        place_hold(story.jam, reason=" ", actor=ACTOR)
    assert err.value.field == "reason"


def test_only_a_batch_can_be_marked_failed_and_a_failed_batch_stays_failed(story):
    with pytest.raises(LotlineError):
        mark_failed(story.sugar, reason="burnt", actor=ACTOR)
    mark_failed(story.other_jam, reason="did not set", actor=ACTOR)
    with pytest.raises(LotlineError) as err:
        release_hold(story.other_jam, reason="?", actor=ACTOR)
    assert err.value.code == "illegal_transition"


def test_a_discard_leaves_the_balance_and_cannot_exceed_it(story):
    discard_units(story.other_jam, D(4), reason="dropped a tray", actor=ACTOR)
    assert on_hand([story.other_jam])[story.other_jam] == D(40 - 6 - 4)
    with pytest.raises(LotlineError):
        discard_units(story.other_jam, D(31), reason="too many", actor=ACTOR)


def test_a_correction_is_a_new_event_and_the_old_one_stays(story):
    first = Lot.objects.get(code=story.valley_strawberries).event_seq
    correct_lot(story.valley_strawberries, {"supplier_lot": "VF-0302-B", "quantity": "21"}, reason="typo",
                actor=ACTOR)
    lot = Lot.objects.get(code=story.valley_strawberries)
    assert (lot.supplier_lot, lot.quantity) == ("VF-0302-B", D(21))
    assert '"VF-0302"' in Event.objects.get(seq=first).payload
    assert [m.code for m in lookup("vf-0302-b")] == [story.valley_strawberries]


def test_a_correction_cannot_leave_less_than_was_used(story):
    with pytest.raises(LotlineError):
        correct_lot(story.valley_strawberries, {"quantity": "7"}, reason="miscount", actor=ACTOR)
    with pytest.raises(LotlineError):
        correct_lot(story.valley_strawberries, {"item": "SUGAR"}, reason="wrong", actor=ACTOR)
    with pytest.raises(LotlineError) as err:
        correct_lot(story.valley_strawberries, {"lot_date": "2026-03-05"}, reason="late", actor=ACTOR)
    assert err.value.code == "impossible_date"


def test_a_voided_shipment_leaves_the_trace_but_stays_in_the_log(story):
    ref = ship(story.other_jam, 3)[0].code
    void_shipment(ref, reason="entered twice", actor=ACTOR)
    assert not Shipment.objects.filter(ref=ref).exists()
    assert Event.objects.filter(kind="units.shipped", payload__contains=ref).exists()


def test_numbering_formats_and_the_site_prefix_when_there_are_several_sites(jam_catalog):
    catalog.add_item("HS", "Hot sauce", "product", "unit", number_format="sequential", actor=ACTOR)
    catalog.add_item("GR", "Granola", "product", "unit", number_format="hybrid", actor=ACTOR)
    day = dt.date(2026, 3, 4)

    def make(product, site=None):
        return record_batch(product=product, quantity_produced=D(5), produced_on=day, site=site, confirmed=ANYWAY,
                            actor=ACTOR).code

    assert [make("HS"), make("HS"), make("GR"), make("GR")] == ["HS-0001", "HS-0002", "2026-0304-GR-01",
                                                                "2026-0304-GR-02"]
    catalog.add_site("K2", "Market kitchen", actor=ACTOR)
    assert make("SJ", "K2") == "K2-SJ-20260304-A"
    with pytest.raises(LotlineError) as err:
        make("SJ")  # two kitchens: say which
    assert err.value.field == "site"


def test_lookup_finds_every_lot_with_a_suppliers_code_and_a_unit_serial_within_the_batch(story):
    assert [m.code for m in lookup(f"{story.jam}-040")] == [story.jam]
    assert lookup(f"{story.jam}-041") == []  # 40 jars were made
    assert lookup("nothing") == []


@pytest.mark.parametrize(("changes", "field", "code"), [
    ({"best_by": "2026-13-01"}, "best_by", "not_a_date"), ({"quantity": "lots"}, "quantity", "not_a_number"),
    ({"lot_date": ""}, "lot_date", "missing"),
])
def test_a_correction_refuses_values_that_are_not_dates_or_numbers(story, changes, field, code):
    with pytest.raises(LotlineError) as err:
        correct_lot(story.valley_strawberries, changes, reason="typo", actor=ACTOR)
    assert (err.value.field, err.value.code, err.value.status) == (field, code, 400)


def test_a_correction_can_clear_a_best_by_date(story):
    correct_lot(story.sugar, {"best_by": "2027-01-31"}, reason="label", actor=ACTOR)
    correct_lot(story.sugar, {"best_by": None}, reason="no date on the bag", actor=ACTOR)
    assert Lot.objects.get(code=story.sugar).best_by is None


def test_a_hold_release_or_failure_returns_what_it_recorded(story):
    held = place_hold(story.tarts, reason=" label check ", on=DAY, actor=ACTOR)
    left = on_hand([story.tarts])[story.tarts]
    assert (held.code, held.status, held.reason, held.on, held.on_hand) == (story.tarts, "on_hold", "label check", DAY,
                                                                           left)
    assert (held.item, held.unit, held.event_seq) == ("JT", Lot.objects.get(code=story.tarts).unit,
                                                      Event.objects.latest("seq").seq)
    assert release_hold(story.tarts, reason="labels fixed", actor=ACTOR).status == "active"
    assert mark_failed(story.tarts, reason="burnt", actor=ACTOR).status == "failed"


def test_a_correction_returns_each_field_as_it_was_and_as_corrected(story):
    done = correct_lot(story.valley_strawberries, {"quantity": "21", "supplier_lot": "VF-0302B"}, reason="invoice",
                       actor=ACTOR)
    assert [(c.field, c.was, c.now) for c in done.changes] == [("quantity", D(20), D(21)),
                                                               ("supplier_lot", "VF-0302", "VF-0302B")]
    assert (done.code, done.reason) == (story.valley_strawberries, "invoice")


def test_a_void_returns_the_lot_the_units_go_back_to(story):
    ref = Shipment.objects.get(lot__code=story.other_jam).ref
    done = void_shipment(ref, reason="entered twice", actor=ACTOR)
    assert (done.code, done.lot, done.reason) == (ref, story.other_jam, "entered twice")

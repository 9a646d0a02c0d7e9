"""Traces and recalls on the jam seller's story, exactly: these lots, these batches, these customers."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lotline.errors import LotlineError
from lotline.lots.queries import on_hand
from lotline.lots.services import InputLine, ShipmentLine, discard_units, receive_lot, record_batch, ship_units
from lotline.testing import ACTOR
from lotline.trace.queries import recall, trace_back, trace_forward

pytestmark = pytest.mark.django_db
D = Decimal


def codes(rows):
    return sorted(r["code"] for r in rows)


def test_trace_back_reaches_the_strawberries_inside_the_jam_inside_the_tarts(story):
    result = trace_back(story.tarts)
    assert codes(result["lots"]) == sorted([story.valley_strawberries, story.sugar, "FLOUR-20260215-A"])
    assert codes(result["batches"]) == sorted([story.tarts, story.jam])
    strawberries = next(lot for lot in result["lots"] if lot["code"] == story.valley_strawberries)
    assert strawberries["supplier_name"] == "Valley Farm"
    assert strawberries["supplier_lot"] == "VF-0302"
    assert strawberries["date"] == "2026-03-02"
    assert strawberries["quantity_used"] == Decimal(8)
    assert strawberries["depth"] == 2


def test_trace_forward_from_the_suppliers_lot_code_finds_every_batch_and_customer(story):
    result = trace_forward("vf-0302")  # as a person types it, from the supplier's label
    assert [s["code"] for s in result["subject"]] == [story.valley_strawberries]
    assert codes(result["batches"]) == sorted([story.jam, story.tarts])
    assert [c["id"] for c in result["customers"]] == ["GOODEARTH", "SATMKT"]
    market = next(c for c in result["customers"] if c["id"] == "SATMKT")
    assert [(s["lot"], s["quantity"]) for s in market["shipments"]] == [(story.jam, Decimal(24))]


def test_trace_forward_counts_units_on_hand_as_made_minus_shipped_minus_consumed(story):
    result = trace_forward(story.jam)
    jam = next(b for b in result["batches"] if b["code"] == story.jam)
    assert jam["on_hand"] == Decimal(40 - 24 - 10 - 6)
    assert [h["code"] for h in result["on_hand"]] == [story.tarts]  # the jam itself is all gone


def test_the_balances_of_a_trace_are_those_of_the_ledger_after_a_discard(story):
    discard_units(story.valley_strawberries, D("0.5"), reason="mould", actor=ACTOR)
    result = trace_forward(story.valley_strawberries)
    every = result["lots"] + result["batches"]
    assert {lot["code"]: lot["on_hand"] for lot in every} == on_hand([lot["code"] for lot in every])
    assert result["lots"][0]["on_hand"] == D("11.5")


def test_a_unit_serial_traces_from_its_batch(story):
    result = trace_back(f"{story.jam}-017")
    assert result["subject"][0]["unit_number"] == 17
    assert codes(result["lots"]) == sorted([story.valley_strawberries, story.sugar])


def test_it_rejects_an_unknown_code(story):
    with pytest.raises(LotlineError) as err:
        trace_back("NO-SUCH-LOT")
    assert (err.value.code, err.value.status) == ("unknown_lot", 404)


def test_a_supplier_lot_code_shared_by_two_lots_traces_from_both(story):
    other = receive_lot(item="STRAW", supplier="HILL", quantity=Decimal(5), unit="kg",
                        received_on=dt.date(2026, 3, 3), supplier_lot="VF-0302", actor=ACTOR).code
    result = trace_forward("VF-0302")
    assert sorted(s["code"] for s in result["subject"]) == sorted([story.valley_strawberries, other])
    assert codes(result["lots"]) == sorted([story.valley_strawberries, other])


def test_the_supplier_recall_finds_exactly_the_batches_and_customers_and_who_is_not_affected(story):
    result = recall(supplier="Valley Farm", item="STRAW", first=dt.date(2026, 2, 28), last=dt.date(2026, 3, 5))
    assert codes(result["lots"]) == [story.valley_strawberries]
    assert codes(result["batches"]) == sorted([story.jam, story.tarts])
    assert [c["id"] for c in result["customers"]] == ["GOODEARTH", "SATMKT"]
    assert codes(result["not_affected"]) == [story.other_jam]
    assert {h["code"] for h in result["on_hand"]} == {story.tarts, story.valley_strawberries}


def test_a_recall_window_includes_both_of_its_days(story):
    on_the_day = recall(supplier="VALLEY", first=dt.date(2026, 3, 2), last=dt.date(2026, 3, 2))
    assert codes(on_the_day["lots"]) == [story.valley_strawberries]
    day_before = recall(supplier="VALLEY", first=dt.date(2026, 3, 1), last=dt.date(2026, 3, 1))
    assert day_before["lots"] == [] and day_before["batches"] == [] and day_before["customers"] == []


def test_a_recall_without_an_item_covers_every_item_of_the_supplier(story):
    result = recall(supplier="Costco Main St", first=dt.date(2026, 2, 15), last=dt.date(2026, 2, 15))
    assert codes(result["lots"]) == sorted([story.sugar, "FLOUR-20260215-A"])
    assert codes(result["batches"]) == sorted([story.jam, story.other_jam, story.tarts])


def test_rework_of_a_batch_into_a_later_batch_of_the_same_product_is_traced(story):
    rework = record_batch(product="SJ", quantity_produced=Decimal(30), produced_on=dt.date(2026, 3, 12),
                          inputs=[InputLine(story.other_jam, Decimal(2)), InputLine(story.sugar, Decimal(1))],
                          actor=ACTOR).code
    assert story.hillside_strawberries in codes(trace_back(rework)["lots"])
    ship_units([ShipmentLine(rework, "SATMKT", Decimal(5), dt.date(2026, 3, 14))], actor=ACTOR)
    forward = trace_forward(story.hillside_strawberries)
    assert rework in codes(forward["batches"])
    assert "SATMKT" in [c["id"] for c in forward["customers"]]


def _queries(fn, code):
    with CaptureQueriesContext(connection) as ctx:
        fn(code)
    return len(ctx.captured_queries)


def test_the_number_of_queries_does_not_grow_with_the_answer(story):
    # the tarts lead nowhere; sugar went into both jams and, through one, the tarts
    assert _queries(trace_forward, story.tarts) == _queries(trace_forward, story.sugar) == 1
    assert _queries(trace_back, story.sugar) == _queries(trace_back, story.tarts) == 1

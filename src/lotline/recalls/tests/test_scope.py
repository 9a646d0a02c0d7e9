"""A case's scope: what the trace engine answers for its trigger, frozen when the case opens, and
what a recompute finds since (added only on request)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from lotline.errors import LotlineError
from lotline.lots.services import InputLine, ShipmentLine, add_inputs, record_batch, ship_units
from lotline.recalls.models import CaseLot
from lotline.recalls.queries import case_details, recompute
from lotline.recalls.services import add_to_scope, open_case
from lotline.testing import ACTOR, ANYWAY
from lotline.trace.queries import recall, trace_forward_lots

from .cast import open_valley_case, pack_hampers_and_rework

pytestmark = pytest.mark.django_db


def roles(case_id: str) -> dict[str, str]:
    return dict(CaseLot.objects.filter(case__code=case_id).values_list("lot__code", "role"))


def test_a_supplier_notice_reaches_jam_in_tarts_in_a_hamper_and_tarts_reworked_into_tarts(story):
    more = pack_hampers_and_rework(story)
    case = open_valley_case()
    assert case["id"] == "R-1"
    assert [lot["code"] for lot in case["lots"]] == [story.valley_strawberries]
    assert {b["code"]: b["depth"] for b in case["batches"]} == {
        story.jam: 1, story.tarts: 2, more.hamper: 3, more.rework: 3}
    assert [c["id"] for c in case["customers"]] == ["GOODEARTH", "SATMKT"]
    goodearth = case["customers"][0]
    assert sorted((s["lot"], s["quantity"]) for s in goodearth["shipments"]) == [
        (more.hamper, Decimal(2)), (story.tarts, Decimal(30)), (story.jam, Decimal(10))]
    assert {h["code"]: h["on_hand"] for h in case["on_hand"]} == {
        story.valley_strawberries: Decimal(12), story.tarts: Decimal(13), more.hamper: Decimal(4),
        more.rework: Decimal(20)}
    assert [b["code"] for b in case["not_affected"]] == [story.other_jam]
    assert roles("R-1")[story.valley_strawberries] == "matched"
    assert roles("R-1")[more.rework] == "affected"


def test_a_case_opened_on_the_supplier_notice_answers_as_the_recall_does(story):
    case = open_valley_case()
    answer = recall(supplier="VALLEY", item="STRAW", first=dt.date(2026, 3, 1), last=dt.date(2026, 3, 5))
    for key in ("lots", "batches", "customers", "on_hand", "not_affected", "not_affected_total"):
        assert case[key] == answer[key], key


def test_a_case_on_lot_codes_starts_from_each_of_them_and_compares_other_batches_of_their_products(story):
    case = open_case(lots=[story.jam.lower(), story.sugar], actor=ACTOR)
    assert case["trigger"] == {"by": "lots", "lots": [story.jam, story.sugar]}
    assert {b["code"]: b["depth"] for b in case["batches"]} == {story.jam: 0, story.tarts: 1, story.other_jam: 1}
    assert roles(case["id"]) == {story.jam: "matched", story.sugar: "matched", story.tarts: "affected",
                                 story.other_jam: "affected"}
    assert case["not_affected"] == []  # every jam and tart batch of the period used one of them


def test_a_case_on_one_jam_batch_lists_the_other_jam_batch_as_not_affected(story):
    case = open_case(lots=[story.jam], actor=ACTOR)
    assert [b["code"] for b in case["batches"]] == [story.jam, story.tarts]
    assert [b["code"] for b in case["not_affected"]] == [story.other_jam]
    assert (case["compared_from"], case["compared_until"]) == ("2026-03-04", "2026-03-13")


def test_trace_forward_lots_walks_from_several_lots_at_once(story):
    traced = trace_forward_lots([story.valley_strawberries, story.hillside_strawberries])
    assert sorted(b["code"] for b in traced["batches"]) == sorted([story.jam, story.other_jam, story.tarts])
    with pytest.raises(LotlineError, match="unknown lot 'NOPE'") as refused:
        trace_forward_lots([story.jam, "NOPE"])
    assert refused.value.field == "lot"


def test_the_scope_stays_frozen_and_recompute_shows_a_late_shipment_and_a_late_batch(story):
    open_valley_case()
    ship_units([ShipmentLine(story.tarts, "ORDER1847", Decimal(5), dt.date(2026, 3, 9))], actor=ACTOR)
    late = record_batch(product="SJ", quantity_produced=Decimal(10), produced_on=dt.date(2026, 3, 20),
                        inputs=[InputLine(story.valley_strawberries, Decimal(4))], confirmed=ANYWAY,
                        actor=ACTOR).code
    frozen = case_details("R-1")
    assert late not in [b["code"] for b in frozen["batches"]]
    assert "ORDER1847" not in [c["id"] for c in frozen["customers"]]

    change = recompute("r-1")
    assert [(e["code"], e["role"], e["was"]) for e in change["lots_added"]] == [(late, "affected", None)]
    assert [(s["lot"], s["customer"]) for s in change["shipments_added"]] == [(story.tarts, "ORDER1847")]
    assert change["event_seq"] is None and not change["unchanged"]
    assert late not in roles("R-1")  # a read: nothing added

    added = add_to_scope("R-1", actor=ACTOR)
    assert added["event_seq"] and added["lots_added"] == change["lots_added"]
    now = case_details("R-1")
    assert late in [b["code"] for b in now["batches"]]
    assert "ORDER1847" in [c["id"] for c in now["customers"]]
    assert now["actions"][-1]["action"] == "scope_added"
    assert recompute("R-1")["unchanged"]
    assert add_to_scope("R-1", actor=ACTOR)["event_seq"] is None  # nothing more: nothing recorded


def test_a_batch_found_to_use_the_lot_moves_from_not_affected_to_affected(story):
    open_valley_case()
    assert roles("R-1")[story.other_jam] == "not_affected"
    add_inputs(story.other_jam, [InputLine(story.valley_strawberries, Decimal(1))], reason="forgotten",
               confirmed=ANYWAY, actor=ACTOR)
    change = recompute("R-1")
    assert [(e["code"], e["role"], e["was"]) for e in change["lots_added"]] == [
        (story.other_jam, "affected", "not_affected")]
    add_to_scope("R-1", actor=ACTOR)
    assert roles("R-1")[story.other_jam] == "affected"
    assert [c["id"] for c in case_details("R-1")["customers"]] == ["GOODEARTH", "ORDER1847", "SATMKT"]

"""Yield per batch: output over inputs by weight through the catalog's units and a jar's weight, the
reason when a unit has no weight, discards, failed batches, and the groupings."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from lotline.lots.services import InputLine, discard_units, mark_failed, record_batch
from lotline.testing import ACTOR
from lotline.yields import groups
from lotline.yields.queries import product_yields, yields_of

from .cast import JAR_KG, LB_KG, add_network, jam, receive

pytestmark = pytest.mark.django_db
D = Decimal
JAN = dt.date(2026, 1, 10)


def test_a_jam_in_jars_yields_its_jars_weight_over_kilograms_pounds_and_grams() -> None:
    add_network()
    straw, sugar, pectin = receive("STRAW", "VALLEY", "20", "kg"), receive("SUGAR", "COSTCO", "50", "lb"), \
        receive("PECTN", "COSTCO", "1000", "g")
    code = jam("K1", JAN, "30", [InputLine(straw, D(5)), InputLine(sugar, D(4)), InputLine(pectin, D(60))])
    y = yields_of([code.lower(), straw])[code]  # in any case; a received lot is no batch
    inputs = D(5) + 4 * LB_KG + D("0.06")
    assert (y.output, y.unit, y.output_kg) == (D(30), "unit", (30 * JAR_KG).quantize(D("0.000001")))
    assert y.inputs_kg == inputs.quantize(D("0.000001"))
    assert y.ratio == (30 * JAR_KG / inputs).quantize(D("0.0001")) == D("0.9897")
    assert (y.why, y.failed, y.main_ingredient, y.main_supplier) == ("", False, "STRAW", "Valley Farm")


def test_an_input_in_litres_leaves_the_yield_unknown_and_says_why() -> None:
    add_network()
    straw, lemon = receive("STRAW", "VALLEY", "20", "kg"), receive("LEMON", "COSTCO", "4", "l")
    code = jam("K1", JAN, "30", [InputLine(straw, D(8)), InputLine(lemon, D("0.03"))])
    y = yields_of([code])[code]
    assert (y.inputs_kg, y.ratio) == (None, None)
    assert y.output_kg is not None
    assert y.why == "LEMON is in l, a volume, and the catalog keeps no weight for a volume"


def test_a_product_counted_in_units_with_no_weight_says_so() -> None:
    add_network()
    straw = receive("STRAW", "VALLEY", "20", "kg")
    code = record_batch(product="JT", quantity_produced=D(60), produced_on=JAN, inputs=[InputLine(straw, D(2))],
                        site="K1", actor=ACTOR).code
    y = yields_of([code])[code]
    assert (y.output_kg, y.ratio) == (None, None)
    assert "JT is counted in unit and its packaging size '6 tarts' is not a weight" in y.why


def test_discards_at_production_and_after_are_added_and_a_failed_batch_is_marked() -> None:
    add_network()
    straw = receive("STRAW", "VALLEY", "20", "kg")
    code = jam("K1", JAN, "30", [InputLine(straw, D(6))], quantity_discarded=D(2))
    discard_units(code, D(3), reason="dropped", on=JAN, actor=ACTOR)
    mark_failed(code, reason="did not set", on=JAN, actor=ACTOR)
    y = product_yields("sj")[0]
    assert (y.batch, y.discarded, y.failed) == (code, D(5), True)
    assert y.ratio == (30 * JAR_KG / 6).quantize(D("0.0001"))


def test_the_groupings_count_failures_apart_from_the_median_yield() -> None:
    add_network()
    valley, hill = receive("STRAW", "VALLEY", "100", "kg"), receive("STRAW", "HILL", "100", "kg")
    made = [jam("K1", dt.date(2026, 1, 12), "30", [InputLine(valley, D(6))], equipment="pot 1, sterilizer"),
            jam("K1", dt.date(2026, 1, 13), "27", [InputLine(valley, D(6))], equipment="pot 2"),
            jam("K1", dt.date(2026, 2, 2), "24", [InputLine(hill, D(6))], equipment="pot 1")]
    mark_failed(made[2], reason="burnt", on=dt.date(2026, 2, 2), actor=ACTOR)
    batches = product_yields("SJ", site="K1", first=dt.date(2026, 1, 1), last=dt.date(2026, 2, 28))
    assert [b.batch for b in batches] == made
    by_month = groups.by(batches, "month")
    assert [(g.key, g.batches, g.failed, g.median_yield) for g in by_month] == [
        ("2026-01", 2, 0, D("107.8")), ("2026-02", 1, 1, None)]
    assert [(g.key, g.batches, g.failed) for g in groups.by(batches, "equipment")] == [
        ("pot 1", 2, 1), ("pot 2", 1, 0), ("sterilizer", 1, 0)]
    assert [(g.key, g.failed_rate) for g in groups.by(batches, "supplier")] == [
        ("Valley Farm", D("0.0")), ("Hillside", D("100.0"))]
    assert [g.key for g in groups.by(batches, "week")] == ["2026-W03", "2026-W06"]
    assert product_yields("SJ", site="K2") == []

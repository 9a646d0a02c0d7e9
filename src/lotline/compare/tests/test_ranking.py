"""The comparison on a crafted history where the supplier change is the cause: it must rank first."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from types import SimpleNamespace

import pytest

from lotline.compare import facets
from lotline.compare.crafted import Crafted
from lotline.compare.queries import best_batch, compare_batches, compare_with_best
from lotline.errors import ErrorCode, LotlineError
from lotline.lots.models import Lot
from lotline.lots.services import discard_units
from lotline.testing import ACTOR, JamStory

pytestmark = pytest.mark.django_db


def test_the_supplier_change_ranks_first_and_equipment_and_people_show_no_pattern(crafted: Crafted):
    found = compare_batches(crafted.good.lower(), crafted.failed)
    first = found["differences"][0]
    assert (first["key"], first["a"], first["b"], first["pattern"]) == (
        "supplier of Strawberries", "Valley Farm", "Hillside Orchard", True)
    assert (first["a_side"]["batches"], first["a_side"]["poor"], first["b_side"]["batches"],
            first["b_side"]["poor"]) == (13, 0, 5, 5)
    assert first["explanation"] == ("Batches with Strawberries from Valley Farm: 0 of 13 poor; "
                                    "with Strawberries from Hillside Orchard: 5 of 5 poor.")
    assert all(first["score"] > d["score"] for d in found["differences"][1:])
    kit = {d["key"]: d for d in found["differences"] if d["facet"] in ("equipment", "people")}
    assert set(kit) == {"equipment", "made by"}
    assert not any(d["pattern"] for d in kit.values())
    assert all(d["explanation"].startswith("No pattern in the history") for d in kit.values())
    patterns = [d["pattern"] for d in found["differences"]]
    assert patterns == sorted(patterns, reverse=True)  # every difference with a pattern before any without
    assert (found["a"]["outcome"], found["b"]["outcome"], found["b"]["outcome_reason"]) == ("good", "poor", "failed")
    assert (found["history"]["batches"], found["history"]["poor"]) == (18, 5)
    assert {"key": "Strawberries per unit made", "facet": "quantity", "value": "0.2 kg per unit"} in found["same"]


def test_discards_above_a_tenth_make_a_batch_poor(crafted: Crafted):
    discard_units(crafted.good, Decimal(5), reason="jars did not seal", actor=ACTOR)
    found = compare_batches(crafted.good, crafted.failed)
    assert (found["a"]["outcome"], found["a"]["outcome_reason"]) == ("poor", "12% discarded")


def test_the_best_by_yield_is_a_good_batch_compared_against_this_one(crafted: Crafted):
    discard_units(crafted.batches[0], Decimal(1), reason="a jar cracked", actor=ACTOR)
    best = best_batch(crafted.failed)
    # every good batch kept all it made but the first (a jar discarded): the latest of the others wins the tie
    kept_all = Lot.objects.filter(item__code="SJ", status="active").exclude(code=crafted.batches[0])
    assert best == max(kept_all.values_list("code", flat=True))
    found = compare_with_best(crafted.failed, by="yield")
    assert (found["a"]["code"], found["b"]["code"], found["picked"]) == (best, crafted.failed, "the best by yield")
    with pytest.raises(LotlineError) as refused:
        best_batch(crafted.failed, by="colour")
    assert (refused.value.code, refused.value.field) == (ErrorCode.BAD_CHOICE, "best")


def test_batches_of_different_products_are_compared_on_what_they_share_and_say_so(story: JamStory):
    found = compare_batches(story.jam, story.tarts)
    assert not found["same_product"] and "different products" in found["note"]
    assert found["history"]["products"] == ["JT", "SJ"]
    facets = {d["facet"] for d in found["differences"]} | {s["facet"] for s in found["same"]}
    assert not facets & {"ingredient", "quantity", "best-by"}


def test_a_received_lot_or_an_unknown_code_is_refused_naming_the_side(story: JamStory):
    with pytest.raises(LotlineError) as refused:
        compare_batches(story.jam, story.sugar)
    assert (refused.value.code, refused.value.field) == (ErrorCode.NOT_A_BATCH, "b")
    with pytest.raises(LotlineError) as refused:
        compare_batches("NO-SUCH", story.jam)
    assert (refused.value.code, refused.value.field) == (ErrorCode.UNKNOWN_LOT, "a")


def test_a_product_with_one_batch_has_no_best_to_pick(story: JamStory):
    with pytest.raises(LotlineError) as refused:
        best_batch(story.tarts)
    assert (refused.value.code, refused.value.field) == (ErrorCode.NO_OTHER_BATCH, "b")


@dataclass(frozen=True)
class Reading:  # the fields of lotline.process.queries.Reading the comparison reads
    label: str
    value: Decimal | None
    text: str = ""
    unit: str = "°C"


def test_process_values_wired_as_a_loaded_facet_are_compared_and_pick_the_best(crafted: Crafted, monkeypatch):
    temps = {code: Decimal(90 + n % 5) for n, code in enumerate(crafted.batches)} | {
        crafted.good: Decimal(91), crafted.failed: Decimal(94)}
    asked = []

    def values_of(codes):
        asked.append(len(codes))
        return {c: {"peak_temp": Reading("Peak temperature", temps[c])} for c in codes}

    monkeypatch.setitem(facets.LOADED, "process", (values_of, facets.process_values))
    found = compare_batches(crafted.good, crafted.failed)
    peak = next(d for d in found["differences"] if d["facet"] == "process")
    assert (peak["key"], peak["a"], peak["b"]) == (
        "Peak temperature", f"{temps[crafted.good]} °C", f"{temps[crafted.failed]} °C")
    assert asked == [20]  # A, B and the history read at once
    assert found["differences"][0]["key"] == "supplier of Strawberries"
    hottest = max(crafted.batches, key=lambda c: (temps[c], c))
    assert compare_with_best(crafted.failed, by="process:peak_temp")["a"]["code"] == hottest


def test_the_yield_ratio_once_wired_picks_the_best_by_yield(crafted: Crafted, monkeypatch):
    ratios = {code: Decimal("0.80") for code in crafted.batches} | {crafted.good: Decimal("0.95")}
    yields_of = lambda codes: {c: SimpleNamespace(ratio=ratios[c]) for c in codes}  # noqa: E731
    monkeypatch.setitem(facets.LOADED, "yield", (yields_of, facets.no_features))
    assert best_batch(crafted.failed) == crafted.good  # not the latest good batch, as without yields


def test_lab_results_are_compared_and_a_batch_out_of_spec_is_poor(crafted: Crafted):
    from lotline.quality.services import ResultLine, SpecLine, record_results, set_specs

    other = next(c for c in crafted.batches if c not in (crafted.good, crafted.failed)
                 and Lot.objects.get(code=c).status == "active")
    set_specs("SJ", [SpecLine("pH", "at_most", number=Decimal("4.6"), unit="pH")], actor=ACTOR)
    for code, ph in ((crafted.good, "4.2"), (other, "4.9")):
        record_results(lab="Valley Labs", lot=code, actor=ACTOR,
                       results=[ResultLine("pH", value=Decimal(ph), unit="pH")])
    found = compare_batches(crafted.good, other)
    lab = next(d for d in found["differences"] if d["facet"] == "lab")
    assert (lab["key"], lab["a"], lab["b"]) == ("pH", "4.2 pH", "4.9 pH")
    assert (found["b"]["outcome"], found["b"]["outcome_reason"]) == ("poor", "out of spec (pH)")
    assert "out of spec" in found["history"]["outcome_rule"]

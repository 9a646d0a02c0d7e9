"""Each facet on a batch as plain data, and the score's shrinkage: no database."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from lotline.compare.facets import Feature, features_of
from lotline.compare.history import BatchFacts, InputUsed
from lotline.compare.outcome import outcome_of
from lotline.compare.score import separation

D = dt.date(2026, 3, 10)


def used(item: str, lot: str, qty: str, unit: str = "kg", *, supplier: str = "Valley Farm", supplier_lot: str = "VF-1",
         days: int = 2, item_unit: str = "kg") -> InputUsed:
    return InputUsed(item, item.title(), item_unit, lot, unit, D - dt.timedelta(days=days), supplier, supplier_lot,
                     Decimal(qty))


def batch(*inputs: InputUsed, made: str = "40", unit: str = "unit", equipment: str = "kettle1", made_by: str = "Maria",
          status: str = "active", discarded: str = "0", best_by: dt.date | None = None) -> BatchFacts:
    return BatchFacts("SJ-20260310-A", "SJ", "Strawberry jam", "unit", "K1", D, Decimal(made), unit,
                      Decimal(discarded), equipment, made_by, status, best_by, inputs)


def keyed(facet: str, b: BatchFacts) -> dict[str, tuple]:
    return {f.key: (f.value, f.shown) for f in features_of(b).values() if f.facet == facet}


def test_the_input_lots_suppliers_and_their_lot_codes_of_each_ingredient():
    b = batch(used("STRAW", "STRAW-A", "5"), used("STRAW", "STRAW-B", "3", supplier="Hillside", supplier_lot="H-9"),
              used("SUGAR", "SUGAR-A", "4", supplier="Costco", supplier_lot="C-1"))
    assert keyed("input lot", b) == {"lot of Straw": (("STRAW-A", "STRAW-B"), "STRAW-A + STRAW-B"),
                                           "lot of Sugar": (("SUGAR-A",), "SUGAR-A")}
    assert keyed("supplier", b)["supplier of Straw"] == (("Hillside", "Valley Farm"), "Hillside + Valley Farm")
    assert keyed("supplier lot", b)["supplier's lot code of Sugar"] == (("C-1",), "C-1")
    assert keyed("ingredient", b) == {"uses Straw": (True, "yes"), "uses Sugar": (True, "yes")}


def test_a_batch_of_ours_used_as_an_input_has_no_supplier_facet():
    b = batch(used("SJ", "SJ-20260301-A", "6", "unit", supplier="", supplier_lot="", item_unit="unit"))
    assert keyed("supplier", b) == {} and keyed("supplier lot", b) == {}


def test_quantities_per_unit_made_convert_each_lot_to_the_ingredients_unit():
    b = batch(used("STRAW", "STRAW-A", "5"), used("STRAW", "STRAW-B", "3000", "g"), made="2", unit="dozen")
    assert keyed("quantity", b) == {"Straw per unit made": (Decimal("0.3333"), "0.333 kg per unit")}
    odd = batch(used("STRAW", "STRAW-A", "5", "l"))
    assert keyed("quantity", odd) == {}  # litres of a kg item: not comparable, left out


def test_days_from_receipt_to_use_take_the_oldest_lot_of_each_ingredient():
    b = batch(used("STRAW", "STRAW-A", "5", days=1), used("STRAW", "STRAW-B", "3", days=6))
    assert keyed("age", b) == {"days from receipt of Straw to use": (6, "6 days")}


def test_equipment_people_site_and_best_by():
    b = batch(equipment=" kettle1 ,  filler ", made_by=" Maria ", best_by=D + dt.timedelta(days=365))
    assert keyed("equipment", b) == {"equipment": ("KETTLE1, FILLER", "kettle1, filler")}
    assert keyed("people", b) == {"made by": ("maria", "Maria")}
    assert keyed("site", b) == {"site": ("K1", "K1")}
    assert keyed("best-by", b) == {"days from making to best-by": (365, "2027-03-10 (365 days)")}
    assert keyed("best-by", batch()) == {"days from making to best-by": (None, "none")}
    assert set(features_of(b, {("site", ""), ("people", "")})) == {"site", "made by"}


def test_a_batch_is_poor_when_failed_or_over_a_tenth_discarded():
    assert outcome_of(batch(status="failed")).poor
    assert outcome_of(batch(discarded="5")).reason == "12% discarded"
    assert not outcome_of(batch(discarded="4")).poor  # 10% exactly is still good
    assert outcome_of(batch(discarded="4")).goodness == Decimal("0.9")


def _history(key: str, sides: dict[str, tuple[int, int]]) -> list:
    """Batches with each value of `key`: value -> (batches, poor)."""
    seen = []
    for value, (n, poor) in sides.items():
        seen += [({key: Feature(key, "supplier", "", value, value)}, i < poor) for i in range(n)]
    return seen


def test_one_poor_batch_of_one_scores_lower_than_eight_of_ten():
    a, b = Feature("k", "supplier", "", "X", "X", "from X"), Feature("k", "supplier", "", "Y", "Y", "from Y")
    few = separation(a, b, _history("k", {"X": (1, 1), "Y": (1, 0), "Z": (8, 2)}))
    many = separation(a, b, _history("k", {"X": (10, 8), "Y": (10, 0)}))
    assert few.score < many.score and many.pattern
    assert many.explanation == "Batches from X: 8 of 10 poor; from Y: 0 of 10 poor."


def test_a_value_no_other_batch_shares_is_no_pattern():
    a = Feature("k", "input lot", "", "L1", "L1", "with lot L1")
    b = Feature("k", "input lot", "", "L2", "L2", "with lot L2")
    found = separation(a, b, _history("k", {"L3": (5, 2)}))
    assert not found.pattern
    assert found.explanation == "No pattern in the history: no other batch with lot L1 and none with lot L2."


def test_a_measure_splits_the_history_half_way_between_a_and_b():
    a = Feature("days", "age", "", 1, "1 day", number=Decimal(1))
    b = Feature("days", "age", "", 5, "5 days", number=Decimal(5))
    history = [({"days": Feature("days", "age", "", d, "", number=Decimal(d))}, d > 3) for d in (1, 2, 2, 4, 6, 7)]
    found = separation(a, b, history)
    assert ((found.a.batches, found.a.poor), (found.b.batches, found.b.poor)) == ((3, 0), (3, 3))
    assert found.explanation.startswith("Batches with days under 3: 0 of 3 poor; with days over 3: 3 of 3 poor.")


def test_an_ingredient_one_batch_did_without_is_one_difference_not_five():
    from lotline.compare.queries import _differences

    a = batch(used("STRAW", "STRAW-A", "8"), used("LEMON", "LEMON-A", "30", "ml", item_unit="l"))
    b = batch(used("STRAW", "STRAW-A", "8"))
    differences, same = _differences(a, b, [(b, True), (a, False)])
    assert [(d["key"], d["a"], d["b"]) for d in differences] == [("uses Lemon", "yes", "no")]
    assert differences[0]["explanation"] == ("No pattern in the history: batches using Lemon: 0 of 1 poor; "
                                             "without Lemon: 1 of 1 poor.")
    assert {s["key"] for s in same} >= {"lot of Straw", "Straw per unit made"}


def test_lab_results_give_each_analytes_latest_result_as_a_measure_or_a_value():
    from types import SimpleNamespace as Result

    from lotline.compare.facets import lab_results

    b = batch()
    b.more["lab"] = [Result(analyte="pH", value=Decimal("3.6"), text="", unit="pH"),
                     Result(analyte="pH", value=Decimal("3.4"), text="", unit="pH"),
                     Result(analyte="Listeria monocytogenes", value=None, text="Not detected", unit="/25 g")]
    assert {f.key: (f.value, f.shown, f.number) for f in lab_results(b)} == {
        "pH": (Decimal("3.4"), "3.4 pH", Decimal("3.4")),
        "Listeria monocytogenes": ("not detected", "Not detected", None)}

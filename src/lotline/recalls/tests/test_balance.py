"""The mass balance: every unit made or received is shipped, consumed, discarded or on hand; a count
below the book lowers the share, one above is a surplus."""

from __future__ import annotations

from decimal import Decimal

import pytest

from lotline.errors import LotlineError
from lotline.lots.services import discard_units
from lotline.recalls.balance import LotBalance, share
from lotline.recalls.queries import case_details
from lotline.recalls.services import count_lot, units_destroyed
from lotline.testing import ACTOR

from .cast import open_valley_case

pytestmark = pytest.mark.django_db


def balance_of(case_id: str) -> dict[str, LotBalance]:
    return {b["code"]: b for b in case_details(case_id)["mass_balance"]}


def test_books_that_balance_account_for_every_unit(story):
    discard_units(story.tarts, Decimal(2), reason="dropped", actor=ACTOR)
    case = open_valley_case()
    tarts = balance_of(case["id"])[story.tarts]
    assert {k: tarts[k] for k in ("in", "shipped", "consumed", "discarded", "on_hand", "counted")} == {
        "in": Decimal(60), "shipped": Decimal(30), "consumed": Decimal(0), "discarded": Decimal(2),
        "on_hand": Decimal(28), "counted": None}
    jam = balance_of(case["id"])[story.jam]
    assert (jam["shipped"], jam["consumed"], jam["on_hand"]) == (Decimal(34), Decimal(6), Decimal(0))
    assert all(b["accounted_percent"] == Decimal(100) and b["reconciled"] for b in balance_of("R-1").values())
    assert case["accounted_percent"] == Decimal(100)


def test_a_count_below_the_book_lowers_the_share_and_comes_first(story):
    open_valley_case()
    count_lot("R-1", lot=story.tarts, quantity=Decimal(24), actor=ACTOR)  # the book says 30
    case = case_details("R-1")
    first = case["mass_balance"][0]
    assert first["code"] == story.tarts and not first["reconciled"]
    assert (first["counted"], first["missing"], first["accounted"]) == (Decimal(24), Decimal(6), Decimal(54))
    assert first["accounted_percent"] == Decimal("90.0")
    # three lots: 100, 100 and 90, each weighing the same
    assert case["accounted_percent"] == Decimal("96.7")


def test_a_count_above_the_book_is_a_surplus_not_more_than_100_percent(story):
    open_valley_case()
    count_lot("R-1", lot=story.valley_strawberries, quantity=Decimal(13000), unit="g", actor=ACTOR)
    valley = balance_of("R-1")[story.valley_strawberries]
    assert (valley["counted"], valley["surplus"], valley["missing"]) == (Decimal(13), Decimal(1), Decimal(0))
    assert valley["accounted_percent"] == Decimal(100) and not valley["reconciled"]


def test_the_last_count_stands_and_an_empty_shelf_counts_as_zero(story):
    open_valley_case()
    count_lot("R-1", lot=story.tarts, quantity=Decimal(0), actor=ACTOR)
    count_lot("R-1", lot=story.tarts, quantity=Decimal(30), actor=ACTOR)
    assert balance_of("R-1")[story.tarts]["reconciled"]
    count_lot("R-1", lot=story.tarts, quantity=Decimal(0), actor=ACTOR)
    assert balance_of("R-1")[story.tarts]["accounted_percent"] == Decimal(50)


def test_units_destroyed_leave_the_book_through_a_discard(story):
    open_valley_case()
    done = units_destroyed("R-1", lot=story.tarts, quantity=Decimal(10), actor=ACTOR)
    assert done["action"]["said"] == f"destroyed 10 units of {story.tarts}"
    tarts = balance_of("R-1")[story.tarts]
    assert (tarts["discarded"], tarts["destroyed"], tarts["on_hand"]) == (Decimal(10), Decimal(10), Decimal(20))
    with pytest.raises(LotlineError) as refused:
        units_destroyed("R-1", lot=story.tarts, quantity=Decimal(21), actor=ACTOR)
    assert refused.value.code == "more_than_on_hand"


def test_a_count_of_a_lot_outside_the_case_or_in_a_unit_that_does_not_convert_is_refused(story):
    open_valley_case()
    with pytest.raises(LotlineError) as outside:
        count_lot("R-1", lot=story.other_jam, quantity=Decimal(1), actor=ACTOR)  # not affected
    assert (outside.value.code, outside.value.field) == ("not_in_case", "lot")
    with pytest.raises(LotlineError) as unit:
        count_lot("R-1", lot=story.tarts, quantity=Decimal(1), unit="kg", actor=ACTOR)
    assert (unit.value.code, unit.value.field) == ("unit_mismatch", "unit")


def test_the_share_of_a_lot_of_nothing_is_100_and_rounds_to_one_decimal():
    assert share(Decimal(0), Decimal(0)) == Decimal(100)
    assert share(Decimal(2), Decimal(3)) == Decimal("66.7")

"""Patterns: complaints (not closed) about the same batch, or about batches sharing a lot upstream at
any depth, and the most specific shared lot named as the likely cause."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from lotline.complaints.patterns import patterns, patterns_about
from lotline.complaints.services import answer_complaint, record_complaint
from lotline.lots.services import InputLine, receive_lot, record_batch
from lotline.testing import ACTOR, JamStory

pytestmark = pytest.mark.django_db
D = Decimal
DAY = dt.date(2026, 3, 20)


def complain(code: str, customer: str = "GOODEARTH") -> str:
    return record_complaint(customer=customer, code=code, said="tastes odd", on=DAY, actor=ACTOR).complaint["id"]


def batch(product: str, on: int, *inputs: tuple[str, str]) -> str:
    return record_batch(product=product, quantity_produced=D(20), produced_on=dt.date(2026, 3, on), actor=ACTOR,
                        inputs=[InputLine(code, D(qty)) for code, qty in inputs]).code


@pytest.fixture
def two_tarts(story: JamStory) -> dict[str, str]:
    """Strawberries bought 3/12 go into two jams, each jam into tarts: the tarts share the berries two
    levels down, and the story's sugar (in every jam of the month) too."""
    berries = receive_lot(item="STRAW", supplier="VALLEY", quantity=D(10), unit="kg", received_on=dt.date(2026, 3, 12),
                          supplier_lot="VF-0312", actor=ACTOR).code
    jam_a = batch("SJ", 13, (berries, "4"), (story.sugar, "2"))
    jam_b = batch("SJ", 14, (berries, "4"), (story.sugar, "2"))
    return {"berries": berries, "jam_a": jam_a, "jam_b": jam_b, "tarts_a": batch("JT", 15, (jam_a, "5")),
            "tarts_b": batch("JT", 16, (jam_b, "5"))}


def test_two_complaints_about_one_batch_name_that_batch(story: JamStory) -> None:
    complain(story.jam)
    complain(f"{story.jam}-3", customer="SATMKT")
    [found] = patterns()
    assert (found["cause"]["code"], found["same_batch"], found["complaints"]) == (story.jam, True, ["C-1", "C-2"])
    assert story.valley_strawberries in [lot["code"] for lot in found["also_shared"]]


def test_one_complaint_is_no_pattern(story: JamStory) -> None:
    complain(story.jam)
    assert patterns() == []


def test_batches_sharing_a_lot_two_levels_down_name_that_lot_not_the_everyday_sugar(
        two_tarts: dict[str, str], story: JamStory) -> None:
    complain(two_tarts["tarts_a"])
    complain(two_tarts["tarts_b"])
    [found] = patterns()
    cause = found["cause"]
    assert (cause["code"], cause["kind"], cause["supplier"], cause["reaches"]) == (two_tarts["berries"], "received",
                                                                                    "Valley Farm", 4)
    assert found["same_batch"] is False
    assert found["lots"] == sorted([two_tarts["tarts_a"], two_tarts["tarts_b"]])
    sugar = next(lot for lot in found["also_shared"] if lot["code"] == story.sugar)
    assert sugar["reaches"] == 7  # the story's two jams and tarts, and these four batches


def test_a_batch_and_what_it_went_into_name_the_batch(story: JamStory) -> None:
    complain(story.jam)
    complain(story.tarts)
    [found] = patterns()
    # the jam and the Valley strawberries both reach the jam and the tarts: the batch comes first
    assert (found["cause"]["code"], found["cause"]["reaches"], found["same_batch"]) == (story.jam, 2, False)


def test_a_closed_complaint_is_not_counted(story: JamStory) -> None:
    complain(story.jam)
    complain(story.jam)
    answer_complaint("C-2", text="a broken seal, not the jam", status="closed", actor=ACTOR)
    assert patterns() == []
    answer_complaint("C-2", text="the customer called again", status="open", actor=ACTOR)
    assert len(patterns()) == 1


def test_a_complaint_without_a_lot_is_not_counted_until_one_is_picked(story: JamStory) -> None:
    complain(story.jam)
    record_complaint(customer="GOODEARTH", item="SJ", bought_on=dt.date(2026, 3, 10), said="odd", on=DAY, actor=ACTOR)
    assert patterns() == []
    from lotline.complaints.services import pick_lot

    pick_lot("C-2", lot=story.jam, actor=ACTOR)
    assert [p["complaints"] for p in patterns()] == [["C-1", "C-2"]]


def test_a_wider_pattern_with_an_everyday_cause_is_listed_after_the_specific_one(
        two_tarts: dict[str, str], story: JamStory) -> None:
    complain(two_tarts["tarts_a"])
    complain(two_tarts["tarts_b"])
    complain(story.other_jam)  # shares only the sugar with them
    found = patterns()
    assert [(p["cause"]["code"], p["complaints"]) for p in found] == [
        (two_tarts["berries"], ["C-1", "C-2"]), (story.sugar, ["C-1", "C-2", "C-3"])]


def test_a_pattern_a_wider_one_explains_as_specifically_is_not_repeated(story: JamStory) -> None:
    complain(story.jam)
    complain(story.jam)
    complain(story.tarts)
    # C-1 and C-2 share the jam; so do all three, as specifically: one pattern
    assert [(p["cause"]["code"], p["complaints"]) for p in patterns()] == [(story.jam, ["C-1", "C-2", "C-3"])]


def test_a_lot_page_sees_the_patterns_of_its_complaints_and_of_the_cause(two_tarts: dict[str, str],
                                                                          story: JamStory) -> None:
    complain(two_tarts["tarts_a"])
    complain(two_tarts["tarts_b"])
    assert len(patterns_about(two_tarts["tarts_a"].lower())) == 1
    assert len(patterns_about(two_tarts["berries"])) == 1
    assert patterns_about(story.other_jam) == []


def test_patterns_take_the_same_few_queries_however_many_complaints(two_tarts: dict[str, str], story: JamStory,
                                                                   django_assert_max_num_queries) -> None:
    for code in [*two_tarts.values(), story.jam, story.tarts, story.other_jam] * 3:
        complain(code)
    with django_assert_max_num_queries(4):  # open complaints, their ancestry, the reach, the shared lots
        assert patterns()

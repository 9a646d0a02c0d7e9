"""Holding a case's affected lots on hand (all or none), and releasing what the case held."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from lotline.accounts.services import add_person
from lotline.errors import Forbidden, LotlineError
from lotline.ledger.models import Event
from lotline.lots.models import Lot
from lotline.lots.services import ShipmentLine, mark_failed, place_hold, ship_units
from lotline.recalls.services import hold_case, release_holds
from lotline.testing import ACTOR

from .cast import open_valley_case, pack_hampers_and_rework, second_kitchen

pytestmark = pytest.mark.django_db


def status(code: str) -> str:
    return Lot.objects.get(code=code).status


def test_it_holds_every_lot_on_hand_and_skips_failed_held_and_used_up_lots(story):
    more = pack_hampers_and_rework(story)
    mark_failed(more.rework, reason="burnt", actor=ACTOR)
    place_hold(more.hamper, reason="label check", actor=ACTOR)
    open_valley_case()
    done = hold_case("R-1", actor=ACTOR)
    assert [(h["code"], h["on_hand"]) for h in done["held"]] == [
        (story.tarts, Decimal(13)), (story.valley_strawberries, Decimal(12))]
    assert {s["code"]: s["why"] for s in done["skipped"]} == {
        more.hamper: "on_hold", more.rework: "failed", story.jam: "nothing_on_hand"}
    assert (status(story.tarts), status(story.valley_strawberries)) == ("on_hold", "on_hold")
    assert done["action"]["action"] == "holds_placed" and done["action"]["lots"] == [story.tarts,
                                                                                   story.valley_strawberries]
    # each hold is the lot verb's own event, in the same transaction as the case's
    held = Event.objects.filter(kind="lot.held", seq__lt=done["action"]["event"]).order_by("-seq")[:2]
    assert sorted(e.subject for e in held) == [story.tarts, story.valley_strawberries]
    assert "recall R-1" in Event.objects.get(kind="lot.held", subject=story.tarts).payload


def test_a_held_lot_of_the_case_cannot_ship(story):
    open_valley_case()
    hold_case("R-1", actor=ACTOR)
    with pytest.raises(LotlineError) as refused:
        ship_units([ShipmentLine(story.tarts, "SATMKT", Decimal(1), dt.date(2026, 3, 20))], actor=ACTOR)
    assert refused.value.code == "lot_unusable"


def test_holding_twice_holds_nothing_more(story):
    open_valley_case()
    hold_case("R-1", actor=ACTOR)
    again = hold_case("R-1", actor=ACTOR)
    assert again["held"] == [] and again["action"]["said"] == "held 0 lots"
    assert {s["why"] for s in again["skipped"]} == {"on_hold", "nothing_on_hand"}


def test_staff_of_another_site_are_refused_the_whole_case_and_nothing_is_held(story):
    second_kitchen()
    add_person("kim", "kim-password-1", role="staff", sites=["K2"], actor=ACTOR)
    open_valley_case()
    before = Event.objects.count()
    with pytest.raises(Forbidden, match="at site K1"):
        hold_case("R-1", actor="kim")
    assert Event.objects.count() == before
    assert status(story.tarts) == "active"


def test_staff_of_the_site_hold_the_case(story):
    add_person("sam", "sam-password-1", role="staff", sites=["K1"], actor=ACTOR)
    open_valley_case("sam")
    assert len(hold_case("R-1", actor="sam")["held"]) == 2


def test_releasing_lets_go_only_the_holds_the_case_placed(story):
    more = pack_hampers_and_rework(story)
    place_hold(more.hamper, reason="label check", actor=ACTOR)
    open_valley_case()
    hold_case("R-1", actor=ACTOR)
    done = release_holds("R-1", reason="supplier withdrew the notice", actor=ACTOR)
    assert done["action"]["lots"] == [story.tarts, more.rework, story.valley_strawberries]
    assert [status(c) for c in (story.tarts, story.valley_strawberries, more.rework, more.hamper)] == [
        "active", "active", "active", "on_hold"]
    assert Event.objects.filter(kind="lot.released").count() == 3

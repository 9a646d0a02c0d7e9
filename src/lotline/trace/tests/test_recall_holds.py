"""Holding everything a supplier recall reaches: what is on hand is held, the rest is skipped with why,
and a person who may not hold all of it holds none of it."""

import datetime as dt
from functools import partial

import pytest

from lotline.accounts.services import add_person
from lotline.catalog.services import add_records
from lotline.errors import Forbidden, LotlineError
from lotline.ledger.models import Event
from lotline.lots.models import Lot
from lotline.lots.services import mark_failed, place_hold
from lotline.testing import ACTOR
from lotline.trace.holds import hold_recalled_lots

pytestmark = pytest.mark.django_db

hold_valley_recall = partial(hold_recalled_lots, supplier="VALLEY", first=dt.date(2026, 3, 1), last=dt.date(2026, 3, 5))


def status(code: str) -> str:
    return Lot.objects.get(code=code).status


def test_it_holds_every_affected_lot_on_hand_and_says_why_it_skipped_the_others(story, owner):
    done = hold_valley_recall(reason="Valley Farm recall", user=owner)
    assert [(h.code, h.site) for h in done.held] == sorted([(story.tarts, "K1"), (story.valley_strawberries, "K1")])
    assert [(s.code, s.why) for s in done.skipped] == [(story.jam, "nothing_on_hand")]  # all shipped
    assert status(story.tarts) == status(story.valley_strawberries) == "on_hold"
    assert status(story.other_jam) == "active"  # Hillside's berries: not in the recall
    events = Event.objects.filter(kind="lot.held").order_by("seq")
    assert [(e.seq, e.subject, e.actor) for e in events] == [(h.event_seq, h.code, "olivia") for h in done.held]


def test_lots_already_held_or_failed_are_skipped(story, owner):
    place_hold(story.valley_strawberries, reason="checking", actor=ACTOR)
    mark_failed(story.tarts, reason="burnt", actor=ACTOR)
    done = hold_valley_recall(reason="recall", user=owner)
    assert done.held == []
    assert {(s.code, s.why) for s in done.skipped} == {(story.valley_strawberries, "on_hold"),
                                                       (story.tarts, "failed"), (story.jam, "nothing_on_hand")}
    assert Event.objects.filter(kind="lot.held").count() == 1  # the earlier hold only


def test_staff_of_another_site_hold_nothing(story, django_user_model):
    add_records("site", [{"code": "K2", "name": "Market kitchen"}], actor=ACTOR)
    kim = django_user_model.objects.get(
        pk=add_person("kim", "kim-password", role="staff", sites=("K2",), actor="alice"))
    with pytest.raises(Forbidden):
        hold_valley_recall(reason="not mine", user=kim)
    assert status(story.tarts) == status(story.valley_strawberries) == "active"


def test_an_auditor_may_not_hold_even_when_nothing_is_left_to_hold(story, auditor):
    with pytest.raises(Forbidden):
        hold_recalled_lots(supplier="HILL", first=dt.date(2026, 4, 1), last=dt.date(2026, 4, 2), reason="x",
                           user=auditor)


def test_a_hold_without_a_reason_holds_nothing(story, owner):
    with pytest.raises(LotlineError) as refused:
        hold_valley_recall(reason=" ", user=owner)
    assert refused.value.field == "reason" and status(story.tarts) == "active"

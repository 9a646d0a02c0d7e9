"""Holding many lots at once (a recall): all of them or none."""

import pytest

from lotline.errors import LotlineError
from lotline.ledger.models import Event
from lotline.lots.models import Lot
from lotline.lots.services import mark_failed, place_hold, place_holds
from lotline.testing import ACTOR

pytestmark = pytest.mark.django_db


def statuses(*codes):
    return [Lot.objects.get(code=c).status for c in codes]


def test_it_holds_every_lot_named_with_one_event_each(story):
    held = place_holds([story.tarts, story.valley_strawberries], reason="Valley Farm recall", actor=ACTOR)
    assert [r.code for r in held] == [story.tarts, story.valley_strawberries]
    assert statuses(story.tarts, story.valley_strawberries) == ["on_hold", "on_hold"]
    assert Event.objects.filter(kind="lot.held").count() == 2


def test_a_lot_already_on_hold_is_left_as_it_is(story):
    place_hold(story.tarts, reason="earlier", actor=ACTOR)
    held = place_holds([story.tarts, story.jam], reason="recall", actor=ACTOR)
    assert [r.code for r in held] == [story.jam]
    assert Event.objects.filter(kind="lot.held", subject=story.tarts).count() == 1


def test_one_lot_that_cannot_be_held_holds_none(story):
    mark_failed(story.other_jam, reason="burnt", actor=ACTOR)
    with pytest.raises(LotlineError):
        place_holds([story.tarts, story.other_jam], reason="recall", actor=ACTOR)
    assert statuses(story.tarts) == ["active"]
    assert not Event.objects.filter(kind="lot.held").exists()


def test_it_names_an_unknown_lot_and_holds_nothing(story):
    with pytest.raises(LotlineError):
        place_holds([story.tarts, "NOPE-1"], reason="recall", actor=ACTOR)
    assert statuses(story.tarts) == ["active"]


def test_it_wants_a_reason(story):
    with pytest.raises(LotlineError):
        place_holds([story.tarts], reason="  ", actor=ACTOR)

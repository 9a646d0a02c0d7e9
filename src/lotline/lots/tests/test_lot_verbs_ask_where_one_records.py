"""Every lot verb asks the one guard: recording takes the right to record at the lot's (or the
receipt's, or the batch's) site. An auditor records nothing; staff limited to a site record only there;
nothing is written when they are refused."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal as D

import pytest

from lotline.accounts.services import add_person
from lotline.catalog.services import add_site
from lotline.errors import Forbidden
from lotline.ledger.models import Event
from lotline.lots import services as lots
from lotline.lots.models import Shipment
from lotline.lots.services import InputLine, ShipmentLine
from lotline.testing import ACTOR, JamStory

pytestmark = pytest.mark.django_db

Verb = Callable[[JamStory, str], object]

# Each verb on the jam story's lots (all at site K1), as `actor`
VERBS: dict[str, Verb] = {
    "receive_lot": lambda s, actor: lots.receive_lot(item="STRAW", supplier="VALLEY", quantity=D(5), unit="kg",
                                                received_on=dt.date(2026, 3, 12), site="K1", actor=actor),
    "record_batch": lambda s, actor: lots.record_batch(product="SJ", quantity_produced=D(10),
                                                  produced_on=dt.date(2026, 3, 12), site="K1",
                                                  inputs=[InputLine(s.hillside_strawberries, D(1))], actor=actor),
    "add_inputs": lambda s, actor: lots.add_inputs(s.other_jam, [InputLine(s.sugar, D(1))], actor=actor),
    "ship_units": lambda s, actor: lots.ship_units([ShipmentLine(s.other_jam, "SATMKT", D(1), dt.date(2026, 3, 12))],
                                              actor=actor),
    "place_hold": lambda s, actor: lots.place_hold(s.jam, reason="complaint", actor=actor),
    "place_holds": lambda s, actor: lots.place_holds([s.jam, s.tarts], reason="recall", actor=actor),
    "release_hold": lambda s, actor: lots.release_hold(s.jam, reason="clear", actor=actor),
    "mark_failed": lambda s, actor: lots.mark_failed(s.other_jam, reason="burnt", actor=actor),
    "discard_units": lambda s, actor: lots.discard_units(s.other_jam, D(1), reason="dropped", actor=actor),
    "correct_lot": lambda s, actor: lots.correct_lot(s.sugar, {"supplier_lot": "C-SUG-2"}, reason="typo", actor=actor),
    "void_shipment": lambda s, actor: lots.void_shipment(Shipment.objects.order_by("id").values_list(
        "ref", flat=True).first(), reason="wrong customer", actor=actor),
}


def refused(story: JamStory, verb: str, actor: str, message: str) -> None:
    if verb == "release_hold":
        lots.place_hold(story.jam, reason="complaint", actor=ACTOR)
    before = Event.objects.count()
    with pytest.raises(Forbidden, match=message):
        VERBS[verb](story, actor)
    assert Event.objects.count() == before


@pytest.mark.parametrize("verb", list(VERBS))
def test_an_auditor_may_not_record(story, auditor, verb):
    refused(story, verb, "ada", "an auditor may not record")


@pytest.mark.parametrize("verb", list(VERBS))
def test_staff_may_not_record_at_a_site_not_theirs(story, verb):
    add_site("K2", "Market kitchen", actor=ACTOR)
    add_person("kim", "kim-password", role="staff", sites=["K2"], actor=ACTOR)
    refused(story, verb, "kim", "staff may not record at site K1")


@pytest.mark.parametrize("verb", list(VERBS))
def test_staff_of_every_site_may(story, staff, verb):
    if verb == "release_hold":
        lots.place_hold(story.jam, reason="complaint", actor=ACTOR)
    VERBS[verb](story, "sam")


def test_a_receipt_goes_to_the_only_site_of_staff_limited_to_one(story):
    add_site("K2", "Market kitchen", actor=ACTOR)
    add_person("kim", "kim-password", role="staff", sites=["K2"], actor=ACTOR)
    code = lots.receive_lot(item="STRAW", supplier="VALLEY", quantity=D(5), unit="kg", received_on=dt.date(2026, 3, 12),
                       actor="kim").code
    assert Event.objects.get(subject=code).site == "K2"

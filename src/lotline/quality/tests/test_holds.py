"""What an out-of-spec result does: it holds the lot and what is on hand downstream (not what was
used up or shipped), the release then takes two people, and a lot already shipped gets a recall case
proposal; and who may do each."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from lotline.accounts.services import add_person
from lotline.catalog.services import add_records
from lotline.errors import Forbidden, LotlineError
from lotline.ledger.models import Event
from lotline.ledger.verification import verify_ledger
from lotline.lots.models import Lot
from lotline.lots.services import InputLine, place_hold, record_batch, release_hold
from lotline.quality.models import Proposal
from lotline.quality.queries import holds_awaiting_release, open_proposals
from lotline.quality.services import (
    ResultLine,
    SpecLine,
    dismiss_proposal,
    open_proposed_case,
    record_results,
    set_specs,
    sign_off_release,
)
from lotline.testing import ACTOR, JamStory

pytestmark = pytest.mark.django_db
LISTERIA = "Listeria monocytogenes"


@pytest.fixture
def listeria(story: JamStory) -> JamStory:
    set_specs("STRAW", [SpecLine(LISTERIA, "expected", expected="not detected", per="25 g")], actor=ACTOR)
    add_person("bob", "bob-password-1", role="staff", actor=ACTOR)
    return story


def detected(lot: str, actor: str = ACTOR):
    return record_results(lab="Valley Labs", lot=lot, actor=actor,
                          results=[ResultLine(LISTERIA, text="detected", unit="/25 g")])


def status(code: str) -> str:
    return Lot.objects.get(code=code).status


def test_an_out_of_spec_result_holds_the_lot_and_what_is_on_hand_downstream(listeria: JamStory) -> None:
    done = detected(listeria.valley_strawberries)
    # the berries (12 kg left) and the tarts (30 left) are held; the jam is all used or shipped
    assert sorted(done.held) == sorted([listeria.valley_strawberries, listeria.tarts])
    assert status(listeria.jam) == "active" and status(listeria.other_jam) == "active"
    held = Event.objects.filter(kind="lot.held").order_by("seq")
    assert [e.seq for e in held] == [done.seq + 1, done.seq + 2]  # in the same write, just after the results
    assert all("Listeria monocytogenes detected" in e.payload for e in held)
    assert [h.lot for h in holds_awaiting_release()] == sorted(done.held)


def test_releasing_it_takes_one_person_to_sign_off_and_another_to_release(listeria: JamStory) -> None:
    berries = listeria.valley_strawberries
    detected(berries)
    with pytest.raises(LotlineError) as err:
        release_hold(berries, reason="retested clean", actor=ACTOR)
    assert err.value.code == "needs_sign_off"
    signed = sign_off_release(berries, reason="retest LR-2 clean", actor="bob")
    with pytest.raises(LotlineError) as err:
        release_hold(berries, reason="retested clean", actor="BOB")  # the same person, whatever the case
    assert err.value.code == "same_person"
    released = release_hold(berries, reason="retested clean", actor=ACTOR)
    event = Event.objects.get(seq=released.event_seq)
    assert event.actor == ACTOR and f'"signed_off_by":"bob","signed_off_seq":{signed.event_seq}' in event.payload
    assert status(berries) == "active"
    # other holds keep their one-person release
    place_hold(berries, reason="pallet damaged", actor=ACTOR)
    release_hold(berries, reason="checked", actor=ACTOR)
    assert verify_ledger().ok


def test_a_result_for_a_lot_already_shipped_proposes_a_recall_case(listeria: JamStory) -> None:
    done = detected(listeria.valley_strawberries)
    assert done.proposal == "P-1"
    proposal = Proposal.objects.get()
    assert proposal.shipped.split(";") == sorted([listeria.jam, listeria.tarts])
    assert detected(listeria.valley_strawberries).proposal == "P-1"  # one open proposal per lot
    opened = open_proposed_case("p-1", actor=ACTOR)
    assert opened.case == "R-1" and open_proposals() == []
    with pytest.raises(LotlineError) as err:
        dismiss_proposal("P-1", reason="already opened", actor=ACTOR)
    assert err.value.code == "proposal_decided"


def test_a_proposal_is_dismissed_with_a_reason(listeria: JamStory) -> None:
    detected(listeria.valley_strawberries)
    with pytest.raises(LotlineError) as err:
        dismiss_proposal("P-1", reason=" ", actor=ACTOR)
    assert (err.value.code, err.value.field) == ("missing", "reason")
    dismiss_proposal("P-1", reason="the lab mixed up two samples", actor=ACTOR)
    assert Proposal.objects.get().status == "dismissed"
    assert Event.objects.filter(kind="proposal.dismissed", actor=ACTOR).exists()


def test_a_person_recording_at_one_site_holds_downstream_stock_at_another_but_cannot_release_it(
        listeria: JamStory) -> None:
    add_records("site", [{"code": "K2", "name": "Town kitchen"}], actor=ACTOR)
    tarts = record_batch(product="JT", quantity_produced=Decimal(10), produced_on=dt.date(2026, 3, 9), site="K2",
                         inputs=[InputLine(listeria.valley_strawberries, Decimal(2))], actor=ACTOR).code
    add_person("pat", "pat-password-1", role="staff", sites=["K1"], actor=ACTOR)
    add_person("ann", "ann-password-1", role="auditor", actor=ACTOR)
    with pytest.raises(Forbidden):
        detected(listeria.valley_strawberries, actor="ann")
    with pytest.raises(Forbidden):
        set_specs("STRAW", [], actor="pat")
    done = detected(listeria.valley_strawberries, actor="pat")
    assert tarts in done.held
    assert Event.objects.get(kind="lot.held", subject=tarts).actor == "pat"
    sign_off_release(tarts, reason="retested", actor="bob")
    with pytest.raises(Forbidden):
        release_hold(tarts, reason="retested", actor="pat")

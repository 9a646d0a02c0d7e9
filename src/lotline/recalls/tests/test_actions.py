"""Actions on a case: customers told, returns, sites confirming, notes; closing makes it read-only
until reopened; rights; a drill takes counts and notes and refuses what changes stock or tells anyone."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from lotline.accounts.services import add_person
from lotline.errors import Forbidden, LotlineError
from lotline.ledger.models import Event
from lotline.lots.models import Lot
from lotline.recalls.queries import case_details, list_cases
from lotline.recalls.services import (
    add_note,
    add_to_scope,
    close_case,
    confirm_site,
    count_lot,
    hold_case,
    notify_customer,
    open_case,
    release_holds,
    reopen_case,
    units_destroyed,
    units_returned,
)
from lotline.testing import ACTOR

from .cast import open_valley_case

pytestmark = pytest.mark.django_db


def refused(code: str, field: str = ""):
    """pytest.raises for a LotlineError of `code` (and `field`), that also checks nothing was recorded."""
    class Refused:
        def __enter__(self):
            self.before = Event.objects.count()
            self.raises = pytest.raises(LotlineError)
            self.info = self.raises.__enter__()
            return self.info

        def __exit__(self, *exc):
            handled = self.raises.__exit__(*exc)
            assert self.info.value.code == code, self.info.value
            assert not field or self.info.value.field == field, self.info.value.field
            assert Event.objects.count() == self.before, "a refused action recorded an event"
            return handled

    return Refused()


@pytest.fixture
def case(story) -> str:
    return open_valley_case()["id"]


def test_a_customer_told_is_on_the_notification_list_with_how_when_and_by_whom(story, case):
    when = timezone.make_aware(dt.datetime(2026, 3, 12, 9, 30))
    done = notify_customer("r-1", customer="Good Earth Co-op", how="phone", when=when, by="Dana",
                           note="pulling 10 jars", actor=ACTOR)
    assert done["action"]["said"].startswith("GOODEARTH told by phone (Dana, 2026-03-12T09:30")
    lists = {c["customer"]: c for c in case_details(case)["notifications"]}
    assert lists["GOODEARTH"]["notified"] and not lists["SATMKT"]["notified"]
    assert lists["GOODEARTH"]["contact"] == "buyer@goodearth.example"
    assert [(n["how"], n["by"], n["note"]) for n in lists["GOODEARTH"]["notices"]] == [
        ("phone", "Dana", "pulling 10 jars")]
    assert [(r["lot"], r["quantity"]) for r in lists["GOODEARTH"]["received"]] == [
        (story.tarts, Decimal(30)), (story.jam, Decimal(10))]


def test_notifying_refuses_an_unknown_way_and_a_customer_who_received_nothing(story, case):
    with refused("bad_choice", "how"):
        notify_customer(case, customer="GOODEARTH", how="pigeon", actor=ACTOR)
    with refused("not_in_case", "customer"):
        notify_customer(case, customer="ORDER1847", how="email", actor=ACTOR)
    with refused("unknown_customer", "customer"):
        notify_customer(case, customer="Nobody at all", how="email", actor=ACTOR)


def test_units_returned_go_up_to_what_the_customer_received(story, case):
    units_returned(case, lot=story.jam, quantity=Decimal(6), customer="GOODEARTH", actor=ACTOR)
    with refused("more_than_received", "quantity"):
        units_returned(case, lot=story.jam, quantity=Decimal(5), customer="GOODEARTH", actor=ACTOR)
    units_returned(case, lot=story.jam, quantity=Decimal(4), customer="GOODEARTH", actor=ACTOR)
    with refused("not_in_case", "customer"):
        units_returned(case, lot=story.tarts, quantity=Decimal(1), customer="SATMKT", actor=ACTOR)
    goodearth = {c["customer"]: c for c in case_details(case)["notifications"]}["GOODEARTH"]
    assert {r["lot"]: r["returned"] for r in goodearth["received"]}[story.jam] == Decimal(10)


def test_a_site_confirms_its_part_and_the_checklist_says_so(story, case):
    hold_case(case, actor=ACTOR)
    count_lot(case, lot=story.tarts, quantity=Decimal(30), actor=ACTOR)
    confirm_site(case, site="Home kitchen", note="shelf 3", actor=ACTOR)
    (k1,) = case_details(case)["sites"]
    assert (k1["site"], k1["to_hold"], k1["held"], k1["counted"], k1["confirmed"], k1["note"]) == (
        "K1", 0, 2, 1, True, "shelf 3")
    assert sorted(lot["code"] for lot in k1["lots"]) == [story.tarts, story.valley_strawberries]


def test_a_note_is_on_the_timeline_with_who_and_when(story, case):
    add_note(case, note="FDA reference 2026-123", actor="dana")
    last = case_details(case)["actions"][-1]
    assert (last["action"], last["actor"], last["said"]) == ("note_added", "dana", "FDA reference 2026-123")
    with refused("missing", "note"):
        add_note(case, note="  ", actor=ACTOR)
    with refused("too_long", "note"):
        add_note(case, note="x" * 2001, actor=ACTOR)


def test_a_closed_case_refuses_every_action_but_reopening_and_keeps_its_holds(story, case):
    hold_case(case, actor=ACTOR)
    done = close_case(case, reason="all units accounted for", actor=ACTOR)
    assert done["status"] == "closed"
    assert Lot.objects.get(code=story.tarts).status == "on_hold"  # closing does not release
    for action in (lambda: hold_case(case, actor=ACTOR),
                   lambda: count_lot(case, lot=story.tarts, quantity=Decimal(1), actor=ACTOR),
                   lambda: notify_customer(case, customer="SATMKT", how="visit", actor=ACTOR),
                   lambda: units_returned(case, lot=story.jam, quantity=Decimal(1), customer="SATMKT", actor=ACTOR),
                   lambda: units_destroyed(case, lot=story.tarts, quantity=Decimal(1), actor=ACTOR),
                   lambda: confirm_site(case, site="K1", actor=ACTOR),
                   lambda: add_note(case, note="late", actor=ACTOR),
                   lambda: add_to_scope(case, actor=ACTOR),
                   lambda: release_holds(case, reason="done", actor=ACTOR),
                   lambda: close_case(case, reason="again", actor=ACTOR)):
        with refused("case_closed", "case"):
            action()
    reopened = reopen_case(case, reason="a late shipment was found", actor=ACTOR)
    assert reopened["status"] == "open" and reopened["action"]["said"] == "reopened: a late shipment was found"
    add_note(case, note="looking again", actor=ACTOR)
    with refused("case_open", "case"):
        reopen_case(case, reason="twice", actor=ACTOR)
    assert [a["action"] for a in case_details(case)["actions"]] == [
        "opened", "holds_placed", "closed", "reopened", "note_added"]


def test_an_auditor_reads_cases_but_may_not_open_or_act_on_one(story, case, auditor):
    assert [c["id"] for c in list_cases()] == ["R-1"]
    with pytest.raises(Forbidden):
        open_case(lots=[story.jam], actor="ada")
    for action in (lambda: hold_case(case, actor="ada"), lambda: add_note(case, note="x", actor="ada"),
                   lambda: count_lot(case, lot=story.tarts, quantity=Decimal(1), actor="ada"),
                   lambda: close_case(case, reason="x", actor="ada")):
        with refused("forbidden"):
            action()


def test_staff_of_another_site_may_not_count_its_lots(story, case):
    from .cast import second_kitchen

    second_kitchen()
    add_person("kim", "kim-password-1", role="staff", sites=["K2"], actor=ACTOR)
    with refused("forbidden"):
        count_lot(case, lot=story.tarts, quantity=Decimal(1), actor="kim")
    add_note(case, note="K2 has none of it", actor="kim")  # a note is at no site


def test_an_unknown_case_is_named(story):
    with refused("unknown_case", "case"):
        add_note("R-9", note="x", actor=ACTOR)


def test_opening_needs_one_start_and_names_the_field_at_fault(story):
    with refused("missing", "supplier"):
        open_case(actor=ACTOR)
    with refused("bad_input", "lot"):
        open_case(supplier="VALLEY", first=dt.date(2026, 3, 1), last=dt.date(2026, 3, 5), lots=[story.jam],
                  actor=ACTOR)
    with refused("missing", "to"):
        open_case(supplier="VALLEY", first=dt.date(2026, 3, 1), actor=ACTOR)
    with refused("impossible_date", "to"):
        open_case(supplier="VALLEY", first=dt.date(2026, 3, 5), last=dt.date(2026, 3, 1), actor=ACTOR)
    with refused("unknown_lot", "lot"):
        open_case(lots=["NOPE-1"], actor=ACTOR)
    with refused("too_long", "title"):
        open_case(lots=[story.jam], title="t" * 201, actor=ACTOR)
    with refused("bad_choice", "kind"):
        open_case(lots=[story.jam], kind="mock", actor=ACTOR)


def test_cases_and_drills_are_numbered_each_on_their_own(story):
    ids = [open_case(lots=[story.jam], kind=kind, actor=ACTOR)["id"] for kind in ("recall", "drill", "drill",
                                                                                     "recall")]
    assert ids == ["R-1", "D-1", "D-2", "R-2"]
    assert [c["id"] for c in list_cases(kind="drill")] == ["D-2", "D-1"]


def test_a_drill_counts_and_takes_notes_but_holds_notifies_returns_destroys_and_releases_nothing(story):
    drill = open_case(lots=[story.valley_strawberries], kind="drill", actor=ACTOR)
    assert drill["id"] == "D-1" and drill["kind"] == "drill"
    count_lot("D-1", lot=story.tarts, quantity=Decimal(27), actor=ACTOR)
    add_note("D-1", note="clock started at 9:00", actor=ACTOR)
    for action in (lambda: hold_case("D-1", actor=ACTOR),
                   lambda: notify_customer("D-1", customer="SATMKT", how="phone", actor=ACTOR),
                   lambda: units_returned("D-1", lot=story.jam, quantity=Decimal(1), customer="SATMKT", actor=ACTOR),
                   lambda: units_destroyed("D-1", lot=story.tarts, quantity=Decimal(1), actor=ACTOR),
                   lambda: release_holds("D-1", reason="x", actor=ACTOR)):
        with refused("not_for_a_drill", "case"):
            action()
    assert Lot.objects.get(code=story.tarts).status == "active"
    details = case_details("D-1")
    tarts = {b["code"]: b for b in details["mass_balance"]}[story.tarts]
    assert (tarts["counted"], tarts["missing"], tarts["accounted_percent"]) == (Decimal(27), Decimal(3),
                                                                                  Decimal(95))
    assert details["accounted_percent"] == Decimal("98.3")  # strawberries, jam 100; tarts 95

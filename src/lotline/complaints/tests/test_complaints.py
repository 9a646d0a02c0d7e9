"""Recording complaints: with any code a customer holds, or without one (candidates, then a pick);
replies and statuses; rights; bad input; and the read table agreeing with the events."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection

from lotline.catalog.models import Customer
from lotline.complaints.models import Complaint
from lotline.complaints.queries import complaint, complaints, complaints_about
from lotline.complaints.services import ComplaintRecorded, NewCustomer, answer_complaint, pick_lot, record_complaint
from lotline.errors import Forbidden, LotlineError
from lotline.ledger.models import Event
from lotline.ledger.rebuild import rebuild
from lotline.ledger.tallies import check_tallies
from lotline.lots.services import ShipmentLine, ship_units
from lotline.testing import ACTOR, JamStory

pytestmark = pytest.mark.django_db
D = Decimal
MARCH_12 = dt.date(2026, 3, 12)


def complain(customer: str | NewCustomer = "GOODEARTH", *, said: str = "the jar fizzed when opened",
             on: dt.date = MARCH_12, actor: str = ACTOR, **what: Any) -> ComplaintRecorded:
    return record_complaint(customer=customer, said=said, on=on, actor=actor, **what)


def refused(call, code: str, field: str) -> None:
    before = Event.objects.count()
    with pytest.raises(LotlineError) as err:
        call()
    assert (err.value.code, err.value.field) == (code, field)
    assert Event.objects.count() == before


# --- with a code ---------------------------------------------------------------------------------


def test_a_complaint_with_a_batch_code_points_at_that_batch(story: JamStory) -> None:
    done = complain(code=story.jam.lower())
    assert done.complaint["id"] == "C-1"
    assert (done.complaint["lot"], done.complaint["via"], done.complaint["status"]) == (story.jam, "lot code", "open")
    assert done.complaint["code"] == story.jam.lower()  # as the customer read it
    assert done.candidates == []
    event = Event.objects.get(seq=done.event_seq)
    assert (event.kind, event.subject, event.actor) == ("complaint.recorded", "C-1", ACTOR)


def test_a_unit_serial_points_at_its_batch_and_keeps_the_unit(story: JamStory) -> None:
    done = complain(code=f"{story.jam}-17")
    assert (done.complaint["lot"], done.complaint["via"], done.complaint["unit_number"]) == (story.jam, "unit serial",
                                                                                               17)


def test_a_suppliers_lot_code_points_at_the_lot_received(story: JamStory) -> None:
    done = complain(code="vf-0302")
    assert (done.complaint["lot"], done.complaint["via"]) == (story.valley_strawberries, "supplier lot code")


def test_a_scanned_gs1_label_points_at_its_lot_and_unit(story: JamStory) -> None:
    done = complain(code=f"(01)09506000134352(17)271231(10){story.tarts}(21)5")
    assert (done.complaint["lot"], done.complaint["unit_number"]) == (story.tarts, 5)
    raw = complain(code=f"]C1010950600013435217271231" f"10{story.jam}\x1d2103")
    assert (raw.complaint["lot"], raw.complaint["unit_number"]) == (story.jam, 3)


def test_complaint_ids_run_on_and_are_found_in_any_case(story: JamStory) -> None:
    complain(code=story.jam)
    complain(code=story.tarts)
    assert complaint("c-2")["lot"] == story.tarts
    assert complaint(" C2 ")["id"] == "C-2"
    assert [c["id"] for c in complaints()["complaints"]] == ["C-2", "C-1"]


def test_the_customer_is_found_by_name(story: JamStory) -> None:
    assert complain("good earth co-op", code=story.jam).complaint["customer"] == "GOODEARTH"


def test_a_new_customer_is_added_with_the_complaint_in_one_transaction(story: JamStory) -> None:
    before = Event.objects.count()
    done = complain(NewCustomer("JLEE", "Jo Lee", contact="555-0199"), code=story.jam)
    assert done.complaint["customer"] == "JLEE" and done.complaint["customer_contact"] == "555-0199"
    assert list(Event.objects.filter(seq__gt=before).order_by("seq").values_list("kind", flat=True)) == [
        "customer.added", "complaint.recorded"]


def test_a_refused_complaint_does_not_add_its_new_customer(story: JamStory) -> None:
    refused(lambda: complain(NewCustomer("JLEE", "Jo Lee"), code="NO-SUCH-LOT"), "unknown_lot", "code")
    assert not Customer.objects.filter(ref="JLEE").exists()


def test_an_ambiguous_supplier_lot_code_is_refused_naming_the_code_field(story: JamStory) -> None:
    from lotline.lots.services import receive_lot

    receive_lot(item="SUGAR", supplier="HILL", quantity=D(5), unit="kg", received_on=MARCH_12,
                supplier_lot="VF-0302", actor=ACTOR)
    refused(lambda: complain(code="VF-0302"), "ambiguous_lot", "code")


# --- without a code: candidates, then a pick -----------------------------------------------------


def test_without_a_code_the_candidates_are_the_products_batches_shipped_to_the_customer(story: JamStory) -> None:
    done = complain(item="SJ", bought_on=dt.date(2026, 3, 10))
    assert done.complaint["lot"] is None and done.complaint["item"] == "SJ"
    assert [(c["lot"], c["shipped_on"], c["quantity"], c["days_before"]) for c in done.candidates] == [
        (story.jam, "2026-03-08", D(10), 2)]
    assert Event.objects.get(seq=done.event_seq).payload.count(story.jam) == 1  # the candidates offered are kept


def test_the_place_they_bought_it_names_whose_shipments_to_look_at(story: JamStory) -> None:
    ship_units([ShipmentLine(story.other_jam, "SATMKT", D(5), dt.date(2026, 3, 11))], actor=ACTOR)
    done = complain(NewCustomer("JLEE", "Jo Lee"), item="strawberry jam", bought_at="Saturday farmers market",
                    bought_on=dt.date(2026, 3, 12))
    # the nearest shipment before the day first
    assert [c["lot"] for c in done.candidates] == [story.other_jam, story.jam]
    assert done.complaint["bought_at"] == "SATMKT"


def test_a_place_without_a_date_lists_what_it_received_in_the_year_before(story: JamStory) -> None:
    done = complain("SATMKT", item="SJ", bought_at="SATMKT", on=dt.date(2026, 4, 1))
    assert [c["lot"] for c in done.candidates] == [story.jam]


def test_a_shipment_long_before_the_day_bought_is_no_candidate(story: JamStory) -> None:
    assert complain(item="SJ", bought_on=dt.date(2026, 6, 1), on=dt.date(2026, 6, 2)).candidates == []


def test_a_lot_picked_from_the_candidates_becomes_the_complaints_lot(story: JamStory) -> None:
    complain(item="SJ", bought_on=dt.date(2026, 3, 10))
    done = pick_lot("C-1", lot=story.jam.lower(), actor=ACTOR)
    assert (done.complaint["lot"], done.complaint["via"]) == (story.jam, "picked")
    assert Event.objects.get(seq=done.event_seq).kind == "complaint.lot_picked"
    assert [c["id"] for c in complaints_about(story.jam)] == ["C-1"]


def test_a_pick_of_an_unknown_lot_is_refused(story: JamStory) -> None:
    complain(item="SJ", bought_on=dt.date(2026, 3, 10))
    refused(lambda: pick_lot("C-1", lot="NOPE", actor=ACTOR), "unknown_lot", "lot")
    refused(lambda: pick_lot("C-9", lot=story.jam, actor=ACTOR), "unknown_complaint", "complaint")


# --- replies and status --------------------------------------------------------------------------


def test_a_reply_answers_an_open_complaint_and_closing_keeps_the_reply(story: JamStory) -> None:
    complain(code=story.jam)
    answered = answer_complaint("C-1", text="Refund sent; jar collected for testing", on=MARCH_12, actor=ACTOR)
    assert (answered.complaint["status"], answered.complaint["reply"]) == ("answered",
                                                                           "Refund sent; jar collected for testing")
    closed = answer_complaint("C-1", status="closed", actor=ACTOR).complaint
    assert (closed["status"], closed["reply"]) == ("closed", "Refund sent; jar collected for testing")


def test_a_closed_complaint_takes_no_reply_or_pick_until_it_is_reopened(story: JamStory) -> None:
    complain(code=story.jam)
    answer_complaint("C-1", text="no fault found", status="closed", actor=ACTOR)
    refused(lambda: answer_complaint("C-1", text="more", actor=ACTOR), "complaint_closed", "status")
    refused(lambda: pick_lot("C-1", lot=story.tarts, actor=ACTOR), "complaint_closed", "lot")
    assert answer_complaint("C-1", status="open", actor=ACTOR).complaint["status"] == "open"
    assert pick_lot("C-1", lot=story.tarts, actor=ACTOR).complaint["lot"] == story.tarts


def test_a_note_may_leave_a_complaint_open(story: JamStory) -> None:
    complain(code=story.jam)
    done = answer_complaint("C-1", text="left a message", status="open", actor=ACTOR)
    assert (done.complaint["status"], done.complaint["reply"]) == ("open", "left a message")


# --- rights --------------------------------------------------------------------------------------


def test_an_auditor_reads_complaints_but_records_nothing(story: JamStory, auditor) -> None:
    complain(code=story.jam)
    for call in (lambda: complain(code=story.jam, actor="ada"),
                 lambda: answer_complaint("C-1", text="x", actor="ada"),
                 lambda: pick_lot("C-1", lot=story.jam, actor="ada")):
        before = Event.objects.count()
        with pytest.raises(Forbidden):
            call()
        assert Event.objects.count() == before


def test_staff_record_complaints_but_only_an_owner_adds_a_customer(story: JamStory, staff) -> None:
    assert complain(code=story.jam, actor="sam").complaint["id"] == "C-1"
    before = Event.objects.count()
    with pytest.raises(Forbidden):
        complain(NewCustomer("JLEE", "Jo Lee"), code=story.jam, actor="sam")
    assert Event.objects.count() == before


# --- bad input -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("what", "code", "field"), [
    ({"said": "  "}, "missing", "said"),
    ({"said": "x" * 2001}, "too_long", "said"),
    ({}, "missing", "code"),
    ({"code": "NO-SUCH-LOT"}, "unknown_lot", "code"),
    ({"code": "x" * 101}, "too_long", "code"),
    ({"item": "SJ"}, "missing", "bought_on"),
    ({"item": "STRAW", "bought_on": dt.date(2026, 3, 1)}, "not_a_product", "item"),
    ({"item": "NOPE", "bought_on": dt.date(2026, 3, 1)}, "unknown_item", "item"),
    ({"item": "SJ", "bought_on": dt.date(2026, 3, 13)}, "impossible_date", "bought_on"),
    ({"item": "SJ", "bought_on": dt.date(1999, 3, 13)}, "date_too_old", "bought_on"),
    ({"item": "SJ", "bought_at": "NOWHERE"}, "unknown_customer", "bought_at"),
    ({"customer": "NOBODY", "code": "SJ-20260304-A"}, "unknown_customer", "customer"),
    ({"on": dt.date(2099, 1, 1), "code": "SJ-20260304-A"}, "future_date", "date"),
])
def test_it_refuses_a_bad_complaint_naming_the_field(story: JamStory, what: dict, code: str, field: str) -> None:
    args = {"customer": "GOODEARTH", "said": "fizzy", "on": MARCH_12, **what}
    refused(lambda: record_complaint(actor=ACTOR, **args), code, field)
    assert not Complaint.objects.exists()


@pytest.mark.parametrize(("what", "code", "field"), [
    ({}, "missing", "reply"),
    ({"text": "x" * 2001}, "too_long", "reply"),
    ({"status": "solved"}, "bad_choice", "status"),
    ({"text": "x", "on": dt.date(2099, 1, 1)}, "future_date", "on"),
])
def test_it_refuses_a_bad_reply_naming_the_field(story: JamStory, what: dict, code: str, field: str) -> None:
    complain(code=story.jam)
    refused(lambda: answer_complaint("C-1", actor=ACTOR, **what), code, field)


def test_an_unknown_complaint_id_is_refused(story: JamStory) -> None:
    refused(lambda: complaint("R-1"), "unknown_complaint", "complaint")
    refused(lambda: complaint("C-1"), "unknown_complaint", "complaint")


# --- the read table agrees with the events -------------------------------------------------------


def every_complaint_event(story: JamStory) -> None:
    complain(code=story.jam)
    complain(NewCustomer("JLEE", "Jo Lee"), item="SJ", bought_at="SATMKT")
    pick_lot("C-2", lot=story.jam, actor=ACTOR)
    pick_lot("C-2", lot=story.tarts, actor=ACTOR)
    answer_complaint("C-1", text="sorry", actor=ACTOR)
    answer_complaint("C-1", status="closed", actor=ACTOR)


def test_the_complaint_table_rebuilds_from_the_events_and_its_tallies_agree(story: JamStory) -> None:
    every_complaint_event(story)
    assert [t.examples for t in check_tallies() if t.differences] == []
    report = rebuild()
    assert report.tables["complaint"].rows_after == 2 and report.differences == 0


@pytest.mark.parametrize("edit", [
    "UPDATE complaint SET status = 'open' WHERE number = 1",
    "UPDATE complaint SET lot_id = (SELECT id FROM lot WHERE code = 'SJ-20260310-A') WHERE number = 2",
    "UPDATE complaint SET customer_id = (SELECT id FROM customer WHERE ref = 'SATMKT') WHERE number = 1",
    "DELETE FROM complaint WHERE number = 2",
])
def test_a_complaint_edited_in_the_table_is_caught_by_the_tallies(story: JamStory, edit: str) -> None:
    every_complaint_event(story)
    with connection.cursor() as cur:
        cur.execute(edit)
    found = {t.name: t.examples for t in check_tallies() if t.differences}
    assert list(found) == ["per complaint"]

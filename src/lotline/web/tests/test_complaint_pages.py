"""The complaint pages (list, new, one complaint), and complaints and their patterns on the lot page
and the home page, for every role."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from lotline.catalog.models import Customer
from lotline.complaints.models import Complaint
from lotline.complaints.services import answer_complaint, record_complaint
from lotline.ledger.models import Event
from lotline.testing import ACTOR, JamStory

pytestmark = pytest.mark.django_db
NEW = reverse("complaint_new")


def page(response) -> str:
    return response.content.decode()


def complain(code: str, customer: str = "GOODEARTH", said: str = "the jar fizzed") -> str:
    return record_complaint(customer=customer, code=code, said=said, on=dt.date(2026, 3, 14),
                            actor=ACTOR).complaint["id"]


FORM = {"customer": "GOODEARTH", "complained_on": "2026-03-14", "said": "the jar fizzed", "once": ""}


def test_a_complaint_with_a_code_is_recorded_and_its_page_shown(story: JamStory, staff_client: Client) -> None:
    response = staff_client.post(NEW, FORM | {"code": f"{story.jam}-17"})
    assert response.status_code == 302 and response["Location"] == "/complaints/C-1"
    shown = page(staff_client.get("/complaints/C-1"))
    assert "the jar fizzed" in shown and f'href="/lots/{story.jam}/"' in shown and "unit 17" in shown
    # one tap to a recall case or a drill on its lot (the recalls app's pages)
    assert 'href="/cases/new?complaint=C-1"' in shown and f'href="/drills/new?lot={story.jam}"' in shown


def test_without_a_code_the_page_lists_the_candidates_and_a_tap_picks_one(story: JamStory,
                                                                          staff_client: Client) -> None:
    response = staff_client.post(NEW, FORM | {"item": "SJ", "bought_on": "2026-03-10"})
    assert response["Location"] == "/complaints/C-1"
    shown = page(staff_client.get("/complaints/C-1"))
    assert "Which lot was it?" in shown and f'value="{story.jam}"' in shown and "(2 days before)" in shown
    picked = staff_client.post("/complaints/c-1", {"action": "pick", "lot": story.jam})
    assert picked.status_code == 302
    assert Complaint.objects.get(number=1).lot.code == story.jam
    assert "Which lot was it?" not in page(staff_client.get("/complaints/C-1"))


def test_a_bad_complaint_comes_back_with_the_field_at_fault(story: JamStory, staff_client: Client) -> None:
    before = Event.objects.count()
    response = staff_client.post(NEW, FORM | {"code": "NO-SUCH-LOT"})
    assert response.status_code == 404
    assert 'href="#id_code"' in page(response) and "no lot, batch, supplier lot or unit serial" in page(response)
    response = staff_client.post(NEW, FORM | {"item": "SJ"})
    assert response.status_code == 400 and 'href="#id_bought_on"' in page(response)
    response = staff_client.post(NEW, FORM | {"said": "", "code": story.jam})
    assert response.status_code == 400 and 'href="#id_said"' in page(response)
    assert Event.objects.count() == before


def test_an_owner_adds_a_new_customer_in_the_same_form(story: JamStory, owner_client: Client) -> None:
    response = owner_client.post(NEW, FORM | {"customer": "", "code": story.jam, "new_customer-ref": "JLEE",
                                              "new_customer-name": "Jo Lee", "new_customer-kind": "other",
                                              "new_customer-contact": "555-0199"})
    assert response.status_code == 302
    assert Complaint.objects.get(number=1).customer.name == "Jo Lee"
    refused = owner_client.post(NEW, FORM | {"customer": "", "code": story.jam, "new_customer-ref": "JL/2",
                                             "new_customer-name": "Jo Two"})
    assert refused.status_code == 400 and 'href="#id_new_customer-ref"' in page(refused)
    assert not Customer.objects.filter(name="Jo Two").exists()


def test_a_reply_answers_and_closing_then_reopening_works(story: JamStory, staff_client: Client) -> None:
    complain(story.jam)
    staff_client.post("/complaints/C-1", {"action": "reply", "text": "Refund sent", "status": ""})
    assert Complaint.objects.get(number=1).status == "answered"
    staff_client.post("/complaints/C-1", {"action": "reply", "text": "", "status": "closed"})
    shown = page(staff_client.get("/complaints/C-1"))
    assert "Reopen C-1" in shown and "Refund sent" in shown
    staff_client.post("/complaints/C-1", {"action": "reply", "text": "", "status": "open"})
    assert Complaint.objects.get(number=1).status == "open"


def test_a_reply_with_nothing_in_it_is_refused_naming_the_reply(story: JamStory, staff_client: Client) -> None:
    complain(story.jam)
    response = staff_client.post("/complaints/C-1", {"action": "reply", "text": "", "status": ""})
    assert response.status_code == 400 and 'href="#id_text"' in page(response)


def test_an_auditor_reads_the_pages_but_gets_no_forms_and_403_on_a_post(story: JamStory,
                                                                        auditor_client: Client) -> None:
    complain(story.jam)
    shown = page(auditor_client.get("/complaints/C-1"))
    assert "the jar fizzed" in shown and 'id="reply-form"' not in shown and "/cases/new" not in shown
    assert "New complaint" not in page(auditor_client.get("/complaints/"))
    assert auditor_client.get(NEW).status_code == 403
    assert auditor_client.post("/complaints/C-1", {"action": "reply", "text": "x"}).status_code == 403
    assert Complaint.objects.get(number=1).status == "open"


def test_the_list_shows_complaints_not_closed_by_default(story: JamStory, staff_client: Client) -> None:
    complain(story.jam, said="fizzy")
    complain(story.tarts, said="stale")
    answer_complaint("C-2", text="sorry", status="closed", actor=ACTOR)
    shown = page(staff_client.get("/complaints/"))
    assert "fizzy" in shown and "stale" not in shown
    assert "stale" in page(staff_client.get("/complaints/?status=closed"))


def test_the_lot_page_shows_its_complaints_with_reply_and_status(story: JamStory, staff_client: Client) -> None:
    complain(story.jam)
    answer_complaint("C-1", text="Refund sent", actor=ACTOR)
    shown = page(staff_client.get(reverse("lot", args=[story.jam])))
    assert 'id="complaints"' in shown and 'href="/complaints/C-1"' in shown and "Refund sent" in shown
    assert '<span class="badge answered">answered</span>' in shown
    assert 'id="complaints"' not in page(staff_client.get(reverse("lot", args=[story.other_jam])))


def test_a_pattern_names_the_likely_cause_on_the_home_page_and_each_lot_page(story: JamStory,
                                                                             staff_client: Client) -> None:
    complain(story.jam)
    complain(story.tarts, customer="SATMKT")
    trace = reverse("trace_result", args=["forward", story.jam])
    for url in ("/", reverse("lot", args=[story.jam]), reverse("lot", args=[story.tarts]), "/complaints/",
                "/complaints/C-2"):
        shown = page(staff_client.get(url))
        assert "Complaints that point the same way" in shown, url
        assert f'href="{trace}"' in shown, url
    assert "2 complaints not closed" in page(staff_client.get("/"))
    assert "point the same way" not in page(staff_client.get(reverse("lot", args=[story.other_jam])))


def test_an_unknown_complaint_is_the_404_page(story: JamStory, staff_client: Client) -> None:
    assert staff_client.get("/complaints/C-9").status_code == 404
    assert staff_client.get("/complaints/nonsense").status_code == 404

"""The lot page's trouble section: discard units of a lot, mark a batch failed; the same through the API."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from lotline.ledger.models import Event
from lotline.lots.models import Discard, Lot
from lotline.lots.queries import on_hand

pytestmark = pytest.mark.django_db


def test_staff_discard_dropped_units_and_see_what_is_left(story, staff_client):
    form = {"quantity": "3", "unit": "", "reason": "tray dropped", "once": "d" * 32}
    response = staff_client.post(reverse("lot_discard", args=[story.tarts]), form)
    assert response.status_code == 302 and response["Location"] == reverse("lot", args=[story.tarts])
    assert on_hand([story.tarts])[story.tarts] == Decimal(27)  # 60 made, 30 shipped, 3 dropped
    text = staff_client.get(response["Location"]).content.decode()
    assert "lost 3 units (discarded); 27 units left" in text and "tray dropped" in text
    again = staff_client.post(reverse("lot_discard", args=[story.tarts]), form)  # a double tap
    assert again["Location"] == response["Location"] and Discard.objects.count() == 1


def test_a_discard_in_another_unit_is_converted(story, staff_client):
    staff_client.post(reverse("lot_discard", args=[story.sugar]),
                      {"quantity": "500", "unit": "g", "reason": "bag split", "once": "e" * 32})
    assert on_hand([story.sugar])[story.sugar] == Decimal("16.5")  # 25 kg, 8 kg used, 0.5 kg spilt


@pytest.mark.parametrize(("form", "status", "words"), [
    ({"quantity": "31", "reason": "flood"}, 409, "has 30 units on hand, not 31 units"),
    ({"quantity": "1", "unit": "kg", "reason": "wrong unit"}, 400, "kg does not convert to unit"),
    ({"quantity": "0", "reason": "nothing"}, 400, "must be more than zero"),
    ({"quantity": "1", "reason": ""}, 400, "This field is required"),
])
def test_a_wrong_discard_is_refused_next_to_its_field_and_nothing_is_recorded(story, staff_client, form, status,
                                                                               words):
    response = staff_client.post(reverse("lot_discard", args=[story.tarts]), form)
    text = response.content.decode()
    assert response.status_code == status and words in text
    assert "<details class=\"card lot-trouble\" open>" in text  # the form stays open with its error
    assert not Discard.objects.exists()


def test_staff_mark_a_batch_failed_and_its_buttons_go(story, staff_client):
    response = staff_client.post(reverse("lot_fail", args=[story.tarts]), {"reason": "mould", "once": "f" * 32})
    assert response.status_code == 302 and Lot.objects.get(code=story.tarts).status == "failed"
    text = staff_client.get(response["Location"]).content.decode()
    assert "is marked failed" in text and "Discard from" not in text and f"Hold {story.tarts}" not in text


def test_a_received_lot_cannot_be_marked_failed_and_has_no_such_button(story, staff_client):
    text = staff_client.get(reverse("lot", args=[story.sugar])).content.decode()
    assert f"Discard from {story.sugar}" in text and "failed</button>" not in text
    response = staff_client.post(reverse("lot_fail", args=[story.sugar]), {"reason": "bad"})
    assert response.status_code == 400 and "is a received lot, not a batch" in response.content.decode()


def test_an_auditor_sees_no_trouble_section_and_cannot_post_to_it(story, auditor_client):
    assert "lot-trouble" not in auditor_client.get(reverse("lot", args=[story.tarts])).content.decode()
    assert auditor_client.post(reverse("lot_discard", args=[story.tarts]),
                               {"quantity": "1", "reason": "sneaky"}).status_code == 403
    assert auditor_client.post(reverse("lot_fail", args=[story.tarts]), {"reason": "sneaky"}).status_code == 403
    api = auditor_client.post(f"/api/lots/{story.tarts}/discards", {"quantity": 1, "reason": "sneaky"},
                              content_type="application/json")
    assert api.status_code == 403
    assert not Discard.objects.exists() and Lot.objects.get(code=story.tarts).status == "active"


def test_the_api_discards_and_fails(story, staff_client):
    response = staff_client.post(f"/api/lots/{story.tarts}/discards", {"quantity": "2.5", "reason": "crushed"},
                                 content_type="application/json")
    assert response.status_code == 201 and response.json()["on_hand"] == "27.5"
    too_much = staff_client.post(f"/api/lots/{story.tarts}/discards", {"quantity": 99, "reason": "flood"},
                                 content_type="application/json")
    assert too_much.status_code == 409 and too_much.json()["code"] == "more_than_on_hand"
    failed = staff_client.post(f"/api/lots/{story.tarts}/fail", {"reason": "mould"}, content_type="application/json")
    assert failed.status_code == 200 and failed.json()["status"] == "failed"
    again = staff_client.post(f"/api/lots/{story.tarts}/fail", {"reason": "mould"}, content_type="application/json")
    assert again.status_code == 409 and again.json()["code"] == "illegal_transition"
    assert Event.objects.filter(kind="batch.failed", subject=story.tarts).count() == 1

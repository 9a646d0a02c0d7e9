"""The reading side of the web app: home, the search box, lot pages with their holds, traces,
recalls with their one-click hold, CSV downloads, for every role."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lotline.catalog.services import add_records
from lotline.ledger.models import Event
from lotline.lots.models import Lot
from lotline.lots.services import InputLine, ShipmentLine, place_hold, receive_lot, record_batch, ship_units
from lotline.testing import ACTOR, ANYWAY, JamStory

pytestmark = pytest.mark.django_db

RECALL = {"supplier": "VALLEY", "item": "", "from": "2026-03-01", "to": "2026-03-05"}


def page(response) -> str:
    return response.content.decode()


def status_of(code: str) -> str:
    return Lot.objects.get(code=code).status


def grow(story: JamStory, batches: int) -> None:
    """More of the same: jam batches from the Valley strawberries, each shipped to the co-op."""
    for n in range(batches):
        code = record_batch(product="SJ", quantity_produced=Decimal(10), produced_on=dt.date(2026, 3, 5),
                            inputs=[InputLine(story.valley_strawberries, Decimal("0.5"))], confirmed=ANYWAY,
                            actor=ACTOR).code
        ship_units([ShipmentLine(code, "GOODEARTH", Decimal(n % 3 + 1), dt.date(2026, 3, 9))], confirmed=ANYWAY,
                   actor=ACTOR)


# --- home and the search box -------------------------------------------------------------------


def test_the_home_page_lists_todays_batches_low_lots_and_near_best_by_dates(jam_catalog, staff_client):
    today = timezone.localdate()
    low = receive_lot(item="STRAW", supplier="VALLEY", quantity=Decimal(20), unit="kg", received_on=today,
                      actor=ACTOR).code
    old_sugar = receive_lot(item="SUGAR", supplier="COSTCO", quantity=Decimal(5), unit="kg", received_on=today,
                            best_by=today + dt.timedelta(days=3), actor=ACTOR).code
    plenty = receive_lot(item="PECTN", supplier="COSTCO", quantity=Decimal(5), unit="kg", received_on=today,
                         best_by=today + dt.timedelta(days=60), actor=ACTOR).code
    jam = record_batch(product="SJ", quantity_produced=Decimal(40), produced_on=today,
                       inputs=[InputLine(low, Decimal(19))], actor=ACTOR).code
    text = page(staff_client.get("/"))
    today_part = text.split("Batches made today", 1)[1].split("On hold", 1)[0]
    low_part = text.split("Running low", 1)[1].split("Best-by date", 1)[0]
    near_part = text.split("Best-by date near or past", 1)[1]
    assert jam in today_part
    assert low in low_part and old_sugar not in low_part
    assert old_sugar in near_part and plenty not in near_part


def test_a_supplier_lot_code_typed_in_the_search_box_opens_the_lot(story, auditor_client):
    response = auditor_client.get("/", {"q": "vf-0302"})
    assert response.status_code == 302 and response["Location"] == reverse("lot", args=[story.valley_strawberries])


def test_a_unit_serial_opens_its_batch(story, auditor_client):
    response = auditor_client.get("/", {"q": f"{story.jam}-12"})
    assert response["Location"] == reverse("lot", args=[story.jam])


def test_a_supplier_lot_code_two_suppliers_used_lists_both_to_choose_from(story, staff_client):
    other = receive_lot(item="SUGAR", supplier="HILL", quantity=Decimal(5), unit="kg",
                        received_on=dt.date(2026, 3, 9), supplier_lot="VF-0302", actor=ACTOR).code
    response = staff_client.get("/", {"q": "VF-0302"})
    assert response.status_code == 200
    assert "2 lots match" in page(response)
    assert reverse("lot", args=[other]) in page(response)
    assert reverse("lot", args=[story.valley_strawberries]) in page(response)


def test_a_code_nobody_knows_says_so(story, staff_client):
    response = staff_client.get("/", {"q": "NO-SUCH-THING"})
    assert response.status_code == 200 and "Nothing found for “NO-SUCH-THING”" in page(response)


# --- the lot page --------------------------------------------------------------------------------


def test_a_batch_page_shows_what_went_in_where_it_went_and_its_history(story, auditor_client):
    text = page(auditor_client.get(reverse("lot", args=[story.jam])))
    assert reverse("lot", args=[story.valley_strawberries]) in text and "VF-0302" in text  # an input
    assert reverse("lot", args=[story.tarts]) in text  # used in the tarts
    assert "Saturday farmers market" in text and "555-0201" in text  # shipped
    recorded = Event.objects.get(subject=story.jam, kind="batch.recorded")
    shipped = Event.objects.get(kind="units.shipped")  # one event for the four lines, naming no lot
    assert recorded.hash in text and shipped.hash in text


def test_a_received_lot_page_shows_its_supplier_and_balance(story, staff_client):
    text = page(staff_client.get(reverse("lot", args=[story.valley_strawberries])))
    assert "Valley Farm" in text and "555-0101" in text and "VF-0302" in text
    assert "12 kg" in text  # 20 received, 8 into the jam


def test_an_unknown_lot_is_a_404_page(story, staff_client):
    response = staff_client.get(reverse("lot", args=["NOPE-1"]))
    assert response.status_code == 404 and "NOPE-1" in page(response)


@pytest.mark.parametrize("role", ["owner", "staff"])
def test_owner_and_staff_see_the_hold_button(story, role, request):
    client = request.getfixturevalue(f"{role}_client")
    assert f"Hold {story.tarts}" in page(client.get(reverse("lot", args=[story.tarts])))


def test_an_auditor_sees_no_hold_button_and_cannot_hold_with_a_plain_post(story, auditor_client):
    text = page(auditor_client.get(reverse("lot", args=[story.tarts])))
    assert f"Hold {story.tarts}" not in text and 'action="/lots/' not in text
    response = auditor_client.post(reverse("lot_hold", args=[story.tarts]), {"reason": "sneaky"})
    assert response.status_code == 403
    assert status_of(story.tarts) == "active"


def test_staff_hold_a_lot_and_release_it(story, staff_client):
    form = {"reason": "label misprint", "once": "a" * 32}
    response = staff_client.post(reverse("lot_hold", args=[story.tarts]), form)
    assert response.status_code == 302 and response["Location"] == reverse("lot", args=[story.tarts])
    assert status_of(story.tarts) == "on_hold"
    text = page(staff_client.get(response["Location"]))
    assert "label misprint" in text and f"Release {story.tarts}" in text
    staff_client.post(reverse("lot_release", args=[story.tarts]), {"reason": "labels redone", "once": "b" * 32})
    assert status_of(story.tarts) == "active"


def test_a_hold_submitted_twice_is_recorded_once(story, staff_client):
    form = {"reason": "double tap", "once": "c" * 32}
    first = staff_client.post(reverse("lot_hold", args=[story.tarts]), form)
    second = staff_client.post(reverse("lot_hold", args=[story.tarts]), form)
    assert first["Location"] == second["Location"]
    assert Event.objects.filter(kind="lot.held", subject=story.tarts).count() == 1


def test_a_hold_without_a_reason_is_refused_next_to_the_field(story, staff_client):
    response = staff_client.post(reverse("lot_hold", args=[story.tarts]), {"reason": ""})
    assert response.status_code == 400 and "This field is required" in page(response)
    assert status_of(story.tarts) == "active"


def test_holding_a_lot_already_on_hold_says_why_not(story, staff_client):
    place_hold(story.tarts, reason="first", actor=ACTOR)
    response = staff_client.post(reverse("lot_hold", args=[story.tarts]), {"reason": "again"})
    assert response.status_code == 409 and "cannot be put on hold" in page(response)


def test_the_chain_check_is_loaded_on_request(story, auditor_client):
    assert 'hx-get="/verify/"' in page(auditor_client.get(reverse("lot", args=[story.jam])))
    fragment = auditor_client.get(reverse("verify"), HTTP_HX_REQUEST="true")
    assert "chain intact" in page(fragment) and "<html" not in page(fragment)
    assert "<html" in page(auditor_client.get(reverse("verify")))


def test_the_lot_page_asks_the_same_number_of_queries_for_a_long_history(story, staff_client,
                                                                        django_assert_max_num_queries):
    url = reverse("lot", args=[story.valley_strawberries])
    # 19: the lot's own 11, its complaints, the complaints not closed (the patterns it may be in), the
    # EPCIS events kept about it, and its samples and results (lotline.quality: the lot, its samples, results,
    # recall case proposals and two-person releases)
    with django_assert_max_num_queries(19):
        small = staff_client.get(url)
    grow(story, 12)
    with django_assert_max_num_queries(19):
        big = staff_client.get(url)
    assert page(big).count("Strawberry jam") > page(small).count("Strawberry jam") + 10


# --- traces ----------------------------------------------------------------------------------------


def test_the_trace_form_runs_a_trace_from_its_query(story, auditor_client):
    response = auditor_client.get(reverse("trace"), {"code": story.tarts, "direction": "back"})
    text = page(response)
    assert response.status_code == 200
    assert story.valley_strawberries in text and "VF-0302" in text and "Valley Farm" in text
    assert "<svg" in text and 'class="lineage"' in text


def test_a_forward_trace_lists_customers_with_contacts_and_units_on_hand(story, staff_client):
    text = page(staff_client.get(reverse("trace_result", args=["forward", story.valley_strawberries])))
    customers = text.split("Customers to contact", 1)[1].split("Units on hand", 1)[0]
    assert "Good Earth Co-op" in customers and "buyer@goodearth.example" in customers
    assert "24 units of" in customers  # the market's jars of jam
    on_hand = text.split("Units on hand", 1)[1]
    assert story.tarts in on_hand and "30 units" in on_hand


def test_an_unknown_code_is_named_on_the_trace_form(story, staff_client):
    response = staff_client.get(reverse("trace"), {"code": "NOPE", "direction": "forward"})
    assert response.status_code == 404 and "no lot, batch, supplier lot or unit serial" in page(response)


def test_a_trace_downloads_as_csv(story, auditor_client):
    response = auditor_client.get(reverse("trace_csv"), {"code": story.valley_strawberries, "direction": "forward"})
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(page(response))))
    assert {r["code"] for r in rows if r["record"] == "batch in trace"} == {story.jam, story.tarts}
    market = next(r for r in rows if r["record"] == "shipment" and r["customer"] == "SATMKT")
    assert (market["code"], market["quantity"], market["contact"]) == (story.jam, "24", "555-0201")


def test_a_person_without_a_role_cannot_download_a_trace(story, client, django_user_model):
    client.force_login(django_user_model.objects.create_user("nobody"))
    response = client.get(reverse("trace_csv"), {"code": story.jam, "direction": "forward"})
    assert response.status_code == 403


def test_the_trace_page_asks_the_same_number_of_queries_for_a_bigger_answer(story, staff_client,
                                                                           django_assert_max_num_queries):
    url = reverse("trace_result", args=["forward", story.valley_strawberries])
    with django_assert_max_num_queries(4):
        small = staff_client.get(url)
    grow(story, 12)
    with django_assert_max_num_queries(4):
        big = staff_client.get(url)
    assert len(page(big)) > len(page(small))


# --- recalls ------------------------------------------------------------------------------------


def test_a_recall_lists_affected_and_not_affected_batches_and_customers(story, auditor_client):
    text = page(auditor_client.get(reverse("recall"), RECALL))
    affected = text.split("Batches affected", 1)[1].split("Customers to contact", 1)[0]
    assert story.jam in affected and story.tarts in affected and story.other_jam not in affected
    not_affected = text.split("NOT affected", 1)[1]
    assert story.other_jam in not_affected
    assert "Saturday farmers market" in text and "555-0201" in text
    assert "Online order #1847" not in text  # only the other jam went there
    assert "Hold 2 lots" not in text  # an auditor gets no hold button


def test_staff_hold_every_affected_lot_on_hand_in_one_click(story, staff_client):
    text = page(staff_client.get(reverse("recall"), RECALL))
    assert "Hold 2 lots" in text  # the strawberries left and the tarts; the jam is all gone
    response = staff_client.post(reverse("recall_hold"), {**RECALL, "reason": "Valley Farm recall", "once": "d" * 32})
    assert response.status_code == 302 and response["Location"].startswith(reverse("recall"))
    assert status_of(story.valley_strawberries) == status_of(story.tarts) == "on_hold"
    assert status_of(story.other_jam) == "active"
    after = page(staff_client.get(response["Location"]))
    assert "2 lots put on hold" in after and "Every affected lot on hand is on hold" in after


def test_an_auditor_cannot_hold_a_recall_with_a_plain_post(story, auditor_client):
    response = auditor_client.post(reverse("recall_hold"), {**RECALL, "reason": "nope"})
    assert response.status_code == 403
    assert status_of(story.tarts) == "active"


def test_staff_of_another_site_cannot_hold_a_recall_there(story, client, django_user_model):
    from lotline.accounts.services import add_person

    add_records("site", [{"code": "K2", "name": "Market kitchen"}], actor=ACTOR)
    kim = add_person("kim", "kim-password", role="staff", sites=("K2",), actor=ACTOR)
    client.force_login(django_user_model.objects.get(pk=kim))
    assert "Hold 2 lots" not in page(client.get(reverse("recall"), RECALL))
    response = client.post(reverse("recall_hold"), {**RECALL, "reason": "not mine"})
    assert response.status_code == 403 and status_of(story.tarts) == "active"


def test_a_recall_downloads_as_csv_with_the_batches_not_affected(story, auditor_client):
    rows = list(csv.DictReader(io.StringIO(page(auditor_client.get(reverse("recall_csv"), RECALL)))))
    assert [r["code"] for r in rows if r["record"] == "received lot recalled"] == [story.valley_strawberries]
    assert [r["code"] for r in rows if r["record"] == "batch NOT affected"] == [story.other_jam]


def test_a_recall_of_an_unknown_supplier_is_named_next_to_the_field(story, staff_client):
    response = staff_client.get(reverse("recall"), {**RECALL, "supplier": "Nobody Farm"})
    assert response.status_code == 404 and "no supplier" in page(response)


def test_the_recall_page_asks_the_same_number_of_queries_for_a_bigger_answer(story, staff_client,
                                                                            django_assert_max_num_queries):
    with django_assert_max_num_queries(9):
        small = staff_client.get(reverse("recall"), RECALL)
    grow(story, 12)
    with django_assert_max_num_queries(9):
        big = staff_client.get(reverse("recall"), RECALL)
    assert page(big).count("Strawberry jam") > page(small).count("Strawberry jam") + 10


@pytest.mark.parametrize("name", ["trace", "recall"])
def test_each_role_opens_the_trace_and_recall_forms(name, owner_client, staff_client, auditor_client):
    for c in (owner_client, staff_client, auditor_client):
        assert c.get(reverse(name)).status_code == 200


def test_someone_signed_out_is_sent_to_sign_in_from_every_reading_page(story, client: Client):
    for url in (reverse("lot", args=[story.jam]), reverse("trace"), reverse("recall"), reverse("verify")):
        assert client.get(url)["Location"].startswith(reverse("login"))


def test_a_big_answer_lists_its_first_rows_and_counts_them_all(story, owner_client, monkeypatch):
    from lotline.web import trace_views

    monkeypatch.setattr(trace_views, "PAGE_ROWS", 1)
    page = owner_client.get(f"/trace/forward/{story.valley_strawberries}/").content.decode()
    assert "The first 1 of" in page and "the CSV download has every row" in page

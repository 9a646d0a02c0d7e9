"""The recording pages: receive, record a batch, ship and a market day, for each role, with the
mistakes a person makes at the stove or the stall."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from lotline.accounts.services import add_person
from lotline.catalog.recipes import RecipeLineIn, set_recipe
from lotline.catalog.services import add_site
from lotline.ledger.models import Event
from lotline.lots.models import Lot, LotInput, Shipment
from lotline.lots.services import place_hold, receive_lot
from lotline.testing import ACTOR, JamStory

pytestmark = pytest.mark.django_db
D = Decimal
MARCH_1, MARCH_3, MARCH_9 = dt.date(2026, 3, 1), dt.date(2026, 3, 3), dt.date(2026, 3, 9)
PAGES = ["receive", "batch_new", "ship", "market_day"]


def events() -> int:
    return Event.objects.count()


def field_html(page: str, name: str) -> str:
    """The label wrapping form field `name`: where its errors are shown."""
    match = re.search(rf'<label for="id_{name}"[^>]*>.*?</label>', page, re.S)
    assert match, f"no field {name}"
    return match[0]


def receive(item: str, qty: str, on: dt.date, best_by: dt.date | None = None) -> str:
    return receive_lot(item=item, supplier="VALLEY", quantity=D(qty), unit="kg", received_on=on, best_by=best_by,
                       actor=ACTOR).code


# --- who may record ---------------------------------------------------------------------------


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("who", ["owner_client", "staff_client"])
def test_owners_and_staff_open_the_recording_pages(jam_catalog, request, who, page):
    response = request.getfixturevalue(who).get(reverse(page))
    assert response.status_code == 200
    assert 'name="once"' in response.content.decode()


@pytest.mark.parametrize("page", PAGES)
def test_an_auditor_can_neither_open_nor_post_a_recording_page(jam_catalog, auditor_client, page):
    before = events()
    assert auditor_client.get(reverse(page)).status_code == 403
    posted = auditor_client.post(reverse(page), {"item": "STRAW", "supplier": "VALLEY", "quantity": "5",
                                                 "received_on": "2026-03-01", "site": "K1", "product": "SJ",
                                                 "quantity_produced": "10", "produced_on": "2026-03-01",
                                                 "customer": "SATMKT", "lot": "X", "shipped_on": "2026-03-01",
                                                 "lines": "1 X"})
    assert posted.status_code == 403
    assert events() == before


def test_someone_signed_out_is_sent_to_sign_in(jam_catalog, client):
    assert client.post(reverse("receive"), {"item": "STRAW"}).status_code == 302


def test_the_recording_pages_are_in_the_menu_of_staff_not_of_an_auditor(jam_catalog, staff_client, auditor_client):
    assert f'href="{reverse("batch_new")}"' in staff_client.get(reverse("receive")).content.decode()
    assert f'href="{reverse("batch_new")}"' not in auditor_client.get(reverse("home")).content.decode()


# --- receive ----------------------------------------------------------------------------------


def receipt(**changes: str) -> dict[str, str]:
    return {"item": "STRAW", "supplier": "VALLEY", "supplier_lot": "VF-0302", "quantity": "20", "unit": "",
            "received_on": "2026-03-02", "best_by": "2026-03-12", "reference_doc_type": "invoice",
            "reference_doc": "INV-7", "site": "K1", "once": "receipt-1"} | changes


def test_receiving_records_the_lot_and_shows_its_code(jam_catalog, staff_client):
    response = staff_client.post(reverse("receive"), receipt())
    lot = Lot.objects.get()
    assert response.status_code == 302
    assert (lot.code, lot.item.code, lot.supplier.ref, lot.supplier_lot, lot.quantity, lot.unit, lot.best_by) == (
        "STRAW-20260302-A", "STRAW", "VALLEY", "VF-0302", D(20), "kg", dt.date(2026, 3, 12))
    shown = staff_client.get(response["Location"]).content.decode()
    assert lot.code in shown
    assert response["Location"] == reverse("lot", args=[lot.code])


def test_the_receive_form_defaults_to_today_and_lists_recent_suppliers_first(jam_catalog, owner_client):
    receive_lot(item="SUGAR", supplier="COSTCO", quantity=D(5), unit="kg", received_on=MARCH_1, actor=ACTOR)
    page = owner_client.get(reverse("receive")).content.decode()
    options = re.findall(r'<option value="(\w+)">[^<]*\((?:VALLEY|HILL|COSTCO)\)', page)
    assert options == ["COSTCO", "HILL", "VALLEY"]  # Costco bought from lately, then by name
    assert f'value="{dt.date.today().isoformat()}"' in field_html(page, "received_on")


def test_a_receipt_mistake_is_shown_next_to_its_field_and_nothing_is_written(jam_catalog, staff_client):
    before = events()
    response = staff_client.post(reverse("receive"), receipt(best_by="2026-02-01"))
    page = response.content.decode()
    assert response.status_code == 400
    assert "before the lot&#x27;s date" in field_html(page, "best_by")
    assert "errorlist" not in field_html(page, "quantity")
    assert events() == before


def test_a_unit_that_does_not_fit_the_item_is_shown_next_to_the_unit(jam_catalog, staff_client):
    response = staff_client.post(reverse("receive"), receipt(unit="l"))
    assert response.status_code == 400
    assert "does not convert to kg" in field_html(response.content.decode(), "unit")
    assert not Lot.objects.exists()


def test_a_receipt_submitted_twice_is_recorded_once(jam_catalog, staff_client):
    first = staff_client.post(reverse("receive"), receipt())
    again = staff_client.post(reverse("receive"), receipt())
    assert first.status_code == again.status_code == 302
    assert again["Location"] == first["Location"]
    assert Lot.objects.count() == 1


@pytest.fixture
def k2_staff(jam_catalog, django_user_model) -> Client:
    """Kim works at the market kitchen (K2) only."""
    add_site("K2", "Market kitchen", actor=ACTOR)
    client = Client()
    client.force_login(django_user_model.objects.get(pk=add_person("kim", "pw-kim-1234", role="staff",
                                                                   sites=["K2"], actor="alice")))
    return client


def test_staff_cannot_receive_at_a_site_they_do_not_work_at(k2_staff):
    before = events()
    page = k2_staff.get(reverse("receive")).content.decode()
    assert 'value="K1"' not in page  # only their own site is offered
    response = k2_staff.post(reverse("receive"), receipt(site="K1"))
    assert response.status_code == 403
    assert "may not record at site K1" in response.content.decode()
    assert events() == before


def test_staff_cannot_record_a_batch_at_a_site_they_do_not_work_at(k2_staff):
    before = events()
    assert k2_staff.post(reverse("batch_new"), batch_form([])).status_code == 403
    assert events() == before


def test_staff_with_one_site_receive_there(k2_staff):
    response = k2_staff.post(reverse("receive"), receipt(site="K2"))
    assert response.status_code == 302
    assert Lot.objects.get().site.code == "K2"


# --- record a batch ---------------------------------------------------------------------------


@pytest.fixture
def kitchen(jam_catalog) -> dict[str, str]:
    """A jam recipe (8 kg strawberries, 4 kg sugar for 40 jars) and lots to make it from: the
    small strawberry lot's best-by date comes first, so it is suggested first."""
    set_recipe("SJ", [RecipeLineIn("STRAW", D(8), "kg"), RecipeLineIn("SUGAR", D(4000), "g")], batch_quantity=D(40),
               actor=ACTOR)
    return {"big": receive("STRAW", "20", MARCH_1, best_by=dt.date(2026, 3, 20)),
            "small": receive("STRAW", "10", MARCH_3, best_by=dt.date(2026, 3, 10)),
            "sugar": receive("SUGAR", "25", MARCH_1)}


def rows(page: str) -> list[tuple[str, str, str, str]]:
    """(ingredient, lot, quantity, unit) of each input line on the batch form."""
    found = re.findall(r'name="line_ingredient" value="([^"]*)".*?name="line_lot" value="([^"]*)".*?'
                       r'name="line_quantity" value="([^"]*)".*?name="line_unit" value="([^"]*)"', page, re.S)
    return [tuple(r) for r in found]


def test_the_recipe_fills_in_the_ingredients_from_the_oldest_lots_scaled_to_the_batch(kitchen, staff_client):
    response = staff_client.get(reverse("batch_new"), {"product": "SJ", "quantity_produced": "80",
                                                       "produced_on": "2026-03-04"})
    page = response.content.decode()
    assert response.status_code == 200
    # 16 kg of strawberries: all 10 kg of the lot to use first (best by 3/10), 6 kg of the next; the
    # sugar in the recipe's own grams (the lot is counted in kg: the verb converts)
    assert rows(page) == [("STRAW", kitchen["small"], "10", "kg"), ("STRAW", kitchen["big"], "6", "kg"),
                          ("SUGAR", kitchen["sugar"], "8000", "g"), ("", "", "", ""), ("", "", "", "")]
    assert "needs 16 kg" in page and "needs 8000 g" in page


def test_choosing_the_product_refills_the_lines_without_recording(kitchen, staff_client):
    before = events()
    response = staff_client.post(reverse("batch_new"), {"fill": "1", "product": "SJ", "quantity_produced": "",
                                                        "site": "K1", "produced_on": "2026-03-04"})
    assert response.status_code == 200
    assert rows(response.content.decode())[0] == ("STRAW", kitchen["small"], "8", "kg")  # one batch: 8 kg
    assert events() == before


def test_an_ingredient_the_open_lots_do_not_cover_is_flagged(kitchen, staff_client):
    page = staff_client.get(reverse("batch_new"), {"product": "SJ", "quantity_produced": "200",
                                                   "produced_on": "2026-03-04"}).content.decode()
    assert "short by 10 kg" in page  # 40 kg needed, 30 kg on hand


def batch_form(lines: list[tuple[str, str, str, str]], **changes: str) -> dict[str, str | list[str]]:
    fields = {"product": "SJ", "quantity_produced": "40", "quantity_discarded": "2", "produced_on": "2026-03-04",
              "site": "K1", "made_by": "Maria", "reference_doc": "", "once": "batch-1"} | changes
    columns = {f"line_{name}": [line[i] for line in lines] for i, name in enumerate(("ingredient", "lot", "quantity",
                                                                                        "unit"))}
    return {**fields, **columns}


def test_a_batch_split_across_two_lots_is_recorded_and_its_number_shown_big(kitchen, staff_client):
    lines = [("STRAW", kitchen["small"], "5", "kg"), ("STRAW", kitchen["big"], "3000", "g"),
             ("SUGAR", kitchen["sugar"].lower(), "4", ""), ("", "", "", "")]
    response = staff_client.post(reverse("batch_new"), batch_form(lines))
    assert response.status_code == 302
    batch = Lot.objects.get(kind="batch")
    assert response["Location"] == reverse("batch_made", args=[batch.code])
    used = sorted(LotInput.objects.filter(batch=batch).values_list("input_lot__code", "quantity_in_lot_unit"))
    assert used == sorted([(kitchen["small"], D(5)), (kitchen["big"], D(3)), (kitchen["sugar"], D(4))])
    assert (batch.quantity, batch.quantity_discarded, batch.made_by) == (D(40), D(2), "Maria")
    page = staff_client.get(response["Location"]).content.decode()
    assert f'<p class="big-code">{batch.code}</p>' in page
    assert f'{reverse("ship")}?lot={batch.code}' in page and reverse("batch_new") in page


def test_an_earlier_batch_can_go_into_a_new_one(story: JamStory, staff_client):
    lines = [("", story.other_jam, "6", ""), ("", "", "", "")]
    response = staff_client.post(reverse("batch_new"), batch_form(lines, product="JT", produced_on="2026-03-12"))
    assert response.status_code == 302
    tarts = Lot.objects.filter(item__code="JT").order_by("-id").first()
    assert list(tarts.inputs.values_list("input_lot__code", flat=True)) == [story.other_jam]


def test_a_failed_batch_is_recorded_as_failed(kitchen, staff_client):
    lines = [("STRAW", kitchen["small"], "8", "kg")]
    response = staff_client.post(reverse("batch_new"), batch_form(lines, quantity_produced="0",
                                                                  quantity_discarded="0", failed="on"))
    assert response.status_code == 302
    batch = Lot.objects.get(kind="batch")
    assert batch.status == "failed"
    assert "Failed batch recorded" in staff_client.get(response["Location"]).content.decode()


def test_a_lot_mistake_is_shown_on_its_line_and_nothing_is_written(kitchen, staff_client):
    before = events()
    lines = [("STRAW", kitchen["small"], "8", "kg"), ("SUGAR", kitchen["sugar"], "40", "kg")]
    response = staff_client.post(reverse("batch_new"), batch_form(lines))
    page = response.content.decode()
    assert response.status_code == 409  # more_than_on_hand: the page answers with the code's status
    sugar_line = page[page.index(f'value="{kitchen["sugar"]}"'):]
    assert "holds 25 kg" in sugar_line[:sugar_line.index("</div>")]
    assert rows(page)[:2] == [("STRAW", kitchen["small"], "8", "kg"), ("SUGAR", kitchen["sugar"], "40", "kg")]
    assert events() == before


def test_a_line_that_cannot_be_read_is_named_before_anything_is_tried(kitchen, staff_client):
    lines = [("STRAW", kitchen["small"], "eight", "kg"), ("", "", "3", "")]
    response = staff_client.post(reverse("batch_new"), batch_form(lines))
    page = response.content.decode()
    assert response.status_code == 400
    assert "&#x27;eight&#x27; is not a number" in page and "which lot?" in page
    assert not Lot.objects.filter(kind="batch").exists()


def test_a_batch_field_mistake_is_shown_next_to_the_field(kitchen, staff_client):
    response = staff_client.post(reverse("batch_new"), batch_form([], quantity_produced="10",
                                                                  quantity_discarded="12"))
    assert response.status_code == 400
    assert "more than the 10 made" in field_html(response.content.decode(), "quantity_discarded")


def test_a_batch_submitted_twice_is_recorded_once(kitchen, staff_client):
    lines = [("STRAW", kitchen["small"], "8", "kg")]
    first = staff_client.post(reverse("batch_new"), batch_form(lines))
    again = staff_client.post(reverse("batch_new"), batch_form(lines))
    assert first["Location"] == again["Location"]
    assert Lot.objects.filter(kind="batch").count() == 1


def test_another_line_comes_blank_for_its_ingredient(kitchen, staff_client, auditor_client):
    page = staff_client.get(reverse("batch_line"), {"ingredient": "STRAW"}).content.decode()
    assert rows(page) == [("STRAW", "", "", "")] and 'list="lots-STRAW"' in page
    assert auditor_client.get(reverse("batch_line")).status_code == 403


# --- ship and sell ----------------------------------------------------------------------------


def shipment(lot: str, **changes: str) -> dict[str, str]:
    return {"customer": "good earth", "lot": lot, "quantity": "6", "unit": "", "shipped_on": "2026-03-14",
            "reference_doc_type": "order", "reference_doc": "PO-77", "once": "ship-1"} | changes


def test_a_shipment_is_recorded_to_the_customer_named(story: JamStory, staff_client):
    response = staff_client.post(reverse("ship"), shipment(story.other_jam))
    assert response.status_code == 302
    sent = Shipment.objects.get(reference_doc="PO-77")
    assert (sent.lot.code, sent.customer.ref, sent.quantity) == (story.other_jam, "GOODEARTH", D(6))
    assert sent.ref in staff_client.get(response["Location"]).content.decode()


def test_the_ship_form_starts_from_the_batch_just_made(story: JamStory, staff_client):
    page = staff_client.get(reverse("ship"), {"lot": story.other_jam}).content.decode()
    assert f'value="{story.other_jam}"' in field_html(page, "lot")


def test_a_held_lot_is_refused_next_to_the_lot_field(story: JamStory, staff_client):
    place_hold(story.other_jam, reason="lid seal check", actor=ACTOR)
    before = events()
    response = staff_client.post(reverse("ship"), shipment(story.other_jam))
    assert response.status_code == 409  # lot_unusable
    assert "on hold and cannot be shipped" in field_html(response.content.decode(), "lot")
    assert events() == before


def test_an_unknown_customer_is_named_next_to_the_customer(story: JamStory, staff_client):
    response = staff_client.post(reverse("ship"), shipment(story.other_jam, customer="Nobody at all"))
    assert response.status_code == 404  # unknown_customer
    assert "Nobody at all" in field_html(response.content.decode(), "customer")


def test_a_shipment_submitted_twice_is_recorded_once(story: JamStory, staff_client):
    before = Shipment.objects.count()
    first = staff_client.post(reverse("ship"), shipment(story.other_jam))
    again = staff_client.post(reverse("ship"), shipment(story.other_jam))
    assert first["Location"] == again["Location"]
    assert Shipment.objects.count() == before + 1


def test_staff_cannot_ship_from_a_site_they_do_not_work_at(story: JamStory, k2_staff):
    before = events()
    assert k2_staff.post(reverse("ship"), shipment(story.other_jam)).status_code == 403
    assert events() == before


def test_a_market_day_records_every_line_in_one_go(story: JamStory, staff_client):
    text = f"4 jars {story.other_jam} to good earth, 6 {story.other_jam.lower()}\n\n2 {story.other_jam} to order #1847"
    response = staff_client.post(reverse("market_day"), {"shipped_on": "2026-03-14", "customer": "Saturday market",
                                                         "reference_doc": "market 14/3", "lines": text,
                                                         "once": "day-1"})
    assert response.status_code == 302
    seq = int(response["Location"].rstrip("/").rsplit("/", 1)[1])
    assert list(Shipment.objects.filter(event_seq=seq).order_by("id").values_list("customer__ref", "quantity")) == [
        ("GOODEARTH", D(4)), ("SATMKT", D(6)), ("ORDER1847", D(2))]
    page = staff_client.get(response["Location"]).content.decode()
    assert page.count(story.other_jam) == 3


def test_a_market_day_with_one_bad_line_writes_nothing_and_names_the_line(story: JamStory, staff_client):
    before = events()
    text = f"4 {story.other_jam} to good earth\n40 {story.other_jam} to Saturday market"  # 34 on hand
    response = staff_client.post(reverse("market_day"), {"shipped_on": "2026-03-14", "lines": text, "once": "d-2"})
    page = response.content.decode()
    assert response.status_code == 409  # more_than_on_hand
    assert f"line 2 (40 {story.other_jam} to Saturday market): lot {story.other_jam} holds 34" in field_html(
        page, "lines")
    assert events() == before


def test_a_market_day_line_it_cannot_read_is_named(story: JamStory, staff_client):
    response = staff_client.post(reverse("market_day"), {"shipped_on": "2026-03-14", "once": "d-3",
                                                         "lines": f"4 {story.other_jam}\nsix {story.other_jam}"})
    page = field_html(response.content.decode(), "lines")
    assert response.status_code == 400
    assert "line 1: to which customer?" in page and "line 2: &#x27;six&#x27; is not a quantity" in page

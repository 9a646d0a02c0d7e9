"""The recording pages at the stove: a phone's Back button, an expired lot, a batch with nothing in,
dates and quantities typed wrong. Nothing goes wrong quietly: each is refused or asked about."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from lotline.catalog.recipes import RecipeLineIn, set_recipe
from lotline.days import today
from lotline.ledger.models import Event
from lotline.lots.models import Discard, Lot, Shipment
from lotline.lots.services import receive_lot
from lotline.testing import ACTOR, JamStory

pytestmark = pytest.mark.django_db
D = Decimal
MARCH_10 = dt.date(2026, 3, 10)


def events() -> int:
    return Event.objects.count()


def field_html(page: str, name: str) -> str:
    match = re.search(rf'<label for="id_{name}"[^>]*>.*?</label>', page, re.S)
    assert match, f"no field {name}"
    return match[0]


def record_anyway(page: str) -> str:
    """The codes the page's "Record anyway" button confirms."""
    match = re.search(r'<button type="submit" name="confirm" value="([^"]*)">Record anyway</button>', page)
    assert match, "no Record anyway button"
    return match[1]


def rows(page: str) -> list[tuple[str, str, str, str]]:
    found = re.findall(r'name="line_ingredient" value="([^"]*)".*?name="line_lot" value="([^"]*)".*?'
                       r'name="line_quantity" value="([^"]*)".*?name="line_unit" value="([^"]*)"', page, re.S)
    return [tuple(r) for r in found]


def receipt(**changes: str) -> dict[str, str]:
    return {"item": "STRAW", "supplier": "VALLEY", "supplier_lot": "VF-0302", "quantity": "20", "unit": "",
            "received_on": "2026-03-02", "best_by": "", "reference_doc_type": "invoice", "reference_doc": "INV-7",
            "site": "K1", "once": "receipt-1"} | changes


# --- Back, then submit again --------------------------------------------------------------------


def test_back_then_submit_again_records_once_and_a_fresh_form_with_the_same_values_asks(jam_catalog, staff_client):
    first = staff_client.post(reverse("receive"), receipt())
    again = staff_client.post(reverse("receive"), receipt())  # Back, then the same form sent again
    assert (first.status_code, again["Location"]) == (302, first["Location"])
    before = events()
    twin = staff_client.post(reverse("receive"), receipt(once="receipt-2"))  # a new form, the same receipt
    page = twin.content.decode()
    assert twin.status_code == 409
    assert "Check before recording" in page and "is this a second one?" in page and record_anyway(page) == "near_twin"
    assert events() == before and Lot.objects.count() == 1
    second = staff_client.post(reverse("receive"), receipt(once="receipt-3", confirm="near_twin"))
    assert second.status_code == 302 and Lot.objects.count() == 2
    lot_page = staff_client.get(second["Location"]).content.decode()
    assert "confirmed</span>" in lot_page and "is this a second one?" in lot_page


def test_the_record_anyway_button_comes_after_the_forms_own_button(jam_catalog, staff_client):
    staff_client.post(reverse("receive"), receipt())
    page = staff_client.post(reverse("receive"), receipt(once="receipt-2")).content.decode()
    # Enter presses the first button: the form's own, which asks again, never "Record anyway"
    assert page.index(">Receive</button>") < page.index(">Record anyway</button>")
    assert 'href="#confirm"' in page


def test_a_shipment_and_a_market_day_line_made_twice_in_a_row_ask_too(story: JamStory, staff_client):
    line = {"customer": "SATMKT", "lot": story.other_jam, "quantity": "2", "unit": "", "shipped_on": "2026-03-14",
            "reference_doc_type": "", "reference_doc": ""}
    assert staff_client.post(reverse("ship"), line | {"once": "s-1"}).status_code == 302
    twin = staff_client.post(reverse("ship"), line | {"once": "s-2"})
    assert twin.status_code == 409 and record_anyway(twin.content.decode()) == "near_twin"
    day = {"shipped_on": "2026-03-14", "lines": f"1 {story.other_jam} to good earth\n2 {story.other_jam} to SATMKT"}
    page = staff_client.post(reverse("market_day"), day | {"once": "d-1"}).content.decode()
    assert "line 2 (2 " in page and record_anyway(page) == "near_twin"
    assert staff_client.post(reverse("market_day"), day | {"once": "d-2", "confirm": "near_twin"}).status_code == 302
    assert Shipment.objects.filter(shipped_on=dt.date(2026, 3, 14)).count() == 3


def test_a_discard_made_twice_in_a_row_asks_on_the_lot_page(story: JamStory, staff_client):
    discard = {"quantity": "1", "unit": "", "reason": "cracked jar"}
    url = reverse("lot_discard", args=[story.other_jam])
    assert staff_client.post(url, discard | {"once": "x-1"}).status_code == 302
    twin = staff_client.post(url, discard | {"once": "x-2"})
    page = twin.content.decode()
    assert twin.status_code == 409 and record_anyway(page) == "near_twin"
    assert '<details class="card lot-trouble" open' in page  # the discard form stays open, with its question
    assert staff_client.post(url, discard | {"once": "x-3", "confirm": "near_twin"}).status_code == 302
    assert Discard.objects.filter(lot__code=story.other_jam).count() == 2


# --- dates and quantities typed wrong -------------------------------------------------------------


@pytest.mark.parametrize(("field", "value", "words"), [
    ("received_on", "2099-06-01", "is in the future"), ("received_on", "0001-01-01", "before 2000-01-01"),
    ("best_by", "9999-12-31", "more than 30 years ahead"), ("quantity", "0.0000001", "at most 6 decimal places"),
    ("quantity", "٣", "is not a number"), ("quantity", "1e-400", "is not a number"),
    ("quantity", "1000000000", "less than 1000000000"), ("quantity", "1,500", "no thousands separators"),
])
def test_a_receipt_date_or_quantity_out_of_bounds_is_refused_next_to_its_field(jam_catalog, staff_client, field,
                                                                                value, words):
    response = staff_client.post(reverse("receive"), receipt(**{field: value}))
    assert response.status_code == 400
    assert words in field_html(response.content.decode(), field).replace("&#x27;", "'")
    assert not Lot.objects.exists()


def test_the_date_pickers_offer_no_day_after_tomorrow(jam_catalog, staff_client):
    tomorrow = (today() + dt.timedelta(days=1)).isoformat()
    for page in ("receive", "batch_new", "ship", "market_day"):
        html = staff_client.get(reverse(page)).content.decode()
        assert f'max="{tomorrow}"' in html, page


def test_a_batch_made_next_year_is_refused_next_to_its_date(jam_catalog, staff_client):
    response = staff_client.post(reverse("batch_new"), {
        "product": "SJ", "quantity_produced": "40", "produced_on": "2027-06-01", "site": "K1", "once": "b-1"})
    assert response.status_code == 400
    assert "is in the future" in field_html(response.content.decode(), "produced_on")


def test_a_comma_from_a_phones_keypad_is_a_decimal_point(jam_catalog, staff_client):
    assert staff_client.post(reverse("receive"), receipt(quantity="2,5")).status_code == 302
    assert Lot.objects.get().quantity == D("2.5")


# --- the batch form: expired lots, nothing in, the recipe's units -----------------------------------


@pytest.fixture
def kitchen(jam_catalog) -> dict[str, str]:
    """A jam recipe (8 kg strawberries, 4 kg sugar); on 10 March one strawberry lot is past its
    best-by date, another is fine; the sugar was bought in pounds."""
    set_recipe("SJ", [RecipeLineIn("STRAW", D(8), "kg"), RecipeLineIn("SUGAR", D(4), "kg")], batch_quantity=D(40),
               actor=ACTOR)

    def receive(item: str, qty: str, unit: str, best_by: dt.date | None) -> str:
        return receive_lot(item=item, supplier="VALLEY", quantity=D(qty), unit=unit, received_on=dt.date(2026, 3, 1),
                           best_by=best_by, actor=ACTOR).code

    return {"past": receive("STRAW", "20", "kg", dt.date(2026, 3, 8)),
            "fresh": receive("STRAW", "30", "kg", dt.date(2026, 3, 20)),
            "sugar": receive("SUGAR", "50", "lb", None)}


def batch(lines: list[tuple[str, str, str, str]], **changes: str) -> dict:
    data = {"product": "SJ", "quantity_produced": "40", "quantity_discarded": "0", "produced_on": "2026-03-10",
            "site": "K1", "made_by": "Maria", "reference_doc": "", "once": "batch-1"} | changes
    return data | {f"line_{name}": [line[i] for line in lines] for i, name in enumerate(("ingredient", "lot",
                                                                                          "quantity", "unit"))}


def test_the_form_suggests_the_usable_lot_not_the_one_past_its_best_by(kitchen, staff_client):
    page = staff_client.get(reverse("batch_new"), {"product": "SJ", "produced_on": "2026-03-10"}).content.decode()
    assert rows(page)[:2] == [("STRAW", kitchen["fresh"], "8", "kg"), ("SUGAR", kitchen["sugar"], "4", "kg")]
    assert f'<option value="{kitchen["past"]}">20 kg on hand, best by March 8, 2026 (past best-by)' in page


def test_a_recipe_line_is_filled_in_in_the_recipes_unit_not_the_lots(kitchen, staff_client):
    page = staff_client.get(reverse("batch_new"), {"product": "SJ", "produced_on": "2026-03-10"}).content.decode()
    assert ("SUGAR", kitchen["sugar"], "4", "kg") in rows(page)  # not 8.81849 lb
    assert "needs 4 kg" in page and "8.81849" not in page


def test_when_only_expired_lots_are_left_they_are_shown_apart_and_not_filled_in(kitchen, staff_client):
    page = staff_client.get(reverse("batch_new"), {"product": "SJ", "produced_on": "2026-03-10",
                                                   "quantity_produced": "200"}).content.decode()
    assert ("STRAW", kitchen["fresh"], "30", "kg") in rows(page)  # 40 kg needed: the usable 30 kg, then
    assert ("STRAW", "", "10", "kg") in rows(page)  # a line for the 10 kg short, its lot left to the person
    assert kitchen["past"] not in [lot for _i, lot, _q, _u in rows(page)]
    assert f"Past best-by (not filled in; using one asks you to confirm): {kitchen['past']} (20 kg" in page


def test_using_an_expired_lot_asks_first_and_the_batch_says_it_was_recorded_anyway(kitchen, staff_client):
    lines = [("STRAW", kitchen["past"], "8", "kg"), ("SUGAR", kitchen["sugar"], "4", "kg")]
    before = events()
    asked = staff_client.post(reverse("batch_new"), batch(lines))
    page = asked.content.decode()
    assert asked.status_code == 409 and events() == before
    assert f"Lot {kitchen['past']} was past its best-by date (2026-03-08)" in page
    assert record_anyway(page) == "expired_input"
    assert rows(page)[0] == ("STRAW", kitchen["past"], "8", "kg")  # the lines as typed, kept
    made = staff_client.post(reverse("batch_new"), batch(lines, once="batch-2", confirm="expired_input"))
    assert made.status_code == 302
    shown = staff_client.get(made["Location"]).content.decode()
    assert "recorded anyway</span> Lot " in shown and kitchen["past"] in shown


def test_a_batch_with_nothing_in_asks_before_it_is_recorded(kitchen, staff_client):
    asked = staff_client.post(reverse("batch_new"), batch([]))
    page = asked.content.decode()
    assert asked.status_code == 409 and "nothing traceable" in page and record_anyway(page) == "no_inputs"
    assert not Lot.objects.filter(kind="batch").exists()
    made = staff_client.post(reverse("batch_new"), batch([], once="batch-2", confirm="no_inputs"))
    assert made.status_code == 302 and Lot.objects.filter(kind="batch").count() == 1


# --- one way to show a quantity -----------------------------------------------------------------------


def test_the_lot_page_shows_quantities_to_three_decimals(jam_catalog, staff_client):
    code = receive_lot(item="SUGAR", supplier="COSTCO", quantity=D("13.227736"), unit="lb", actor=ACTOR).code
    page = staff_client.get(reverse("lot", args=[code])).content.decode()
    assert "13.228 lb" in page and "13.227736" not in page

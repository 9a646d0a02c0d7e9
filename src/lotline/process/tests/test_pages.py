"""Process records on the web: the fields on the batch screen once the product is known, a value
outside target warned about and recorded, bad values shown on their field, values corrected from the
lot page, the owner's fields page, and "make another like it"."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from lotline.ledger.models import Event
from lotline.lots.models import Lot
from lotline.process.fields import set_fields
from lotline.process.queries import history_of, values_of
from lotline.process.services import record_values
from lotline.testing import ACTOR

from .test_process import JAM_FIELDS


@pytest.fixture
def jam_fields(story) -> None:
    set_fields("SJ", JAM_FIELDS, actor=ACTOR)


def batch(story, **process: str) -> dict[str, str | list[str]]:
    return {"product": "SJ", "quantity_produced": "30", "quantity_discarded": "0", "produced_on": "2026-03-12",
            "site": "K1", "made_by": "Maria", "reference_doc": "", "once": "batch-1",
            "line_ingredient": ["SUGAR"], "line_lot": [story.sugar], "line_quantity": ["4"], "line_unit": ["kg"],
            **{f"process_{code}": value for code, value in process.items()}}


def test_the_batch_screen_asks_the_products_fields_with_unit_and_target_once_the_product_is_known(jam_fields,
                                                                                                     staff_client):
    assert 'name="process_peak_temp"' not in staff_client.get(reverse("batch_new")).content.decode()
    page = staff_client.post(reverse("batch_new"), {"product": "SJ", "fill": "1"}).content.decode()  # htmx
    assert 'name="process_peak_temp"' in page and "Target 103 to 105 °C" in page and 'name="process_notes"' in page
    warned = staff_client.get(reverse("process_warning"), {"product": "SJ", "field": "peak_temp",
                                                           "process_peak_temp": "107"})
    assert warned.content.decode() == "Above the target 103 to 105 °C: recorded as measured, check it"


def test_a_batch_is_recorded_with_its_values_and_one_outside_target_is_kept(jam_fields, story, staff_client):
    response = staff_client.post(reverse("batch_new"), batch(story, peak_temp="107", cook_time="25", notes="ok"))
    assert response.status_code == 302
    made = Lot.objects.get(code=response["Location"].rstrip("/").rsplit("/", 1)[1])
    found = values_of([made.code])[made.code]
    assert found["peak_temp"].in_target is False and found["notes"].text == "ok"
    lot_page = staff_client.get(reverse("lot", args=[made.code])).content.decode()
    assert "outside target" in lot_page and "Make another like it" in lot_page


def test_a_bad_value_is_shown_on_its_field_and_nothing_is_recorded(jam_fields, story, staff_client):
    events = Event.objects.count()
    response = staff_client.post(reverse("batch_new"), batch(story, peak_temp="hot"))
    page = response.content.decode()
    assert response.status_code == 400 and Event.objects.count() == events
    assert re.search(r'id="process-peak_temp".*?errorlist"><li>&#x27;hot&#x27; is not a number', page, re.S)
    assert 'href="#process-peak_temp"' in page  # the summary at the top links to it


def test_a_value_corrected_on_the_lot_page_is_a_new_event_and_the_earlier_one_is_shown(jam_fields, story,
                                                                                     staff_client):
    record_values(story.jam, {"peak_temp": "104"}, actor=ACTOR)
    url = reverse("lot_process", args=[story.jam])
    refused = staff_client.post(url, {"process_peak_temp": "104.5", "once": "p-1"})
    assert refused.status_code == 400 and "say why peak_temp changed" in refused.content.decode()
    done = staff_client.post(url, {"process_peak_temp": "104.5", "reason": "misread", "once": "p-2"})
    assert done.status_code == 302
    assert [h.reading.value for h in history_of(story.jam)] == [104.5, 104]
    page = staff_client.get(reverse("lot", args=[story.jam])).content.decode()
    assert "Earlier values (corrected since)" in page and "104 °C" in page


def test_the_owner_edits_the_fields_on_the_products_page_and_staff_only_see_them(story, owner_client, staff_client):
    url = reverse("process_fields", args=["SJ"])
    form = {"rows": "3", "once": "f-1", "code_1": "ph", "label_1": "pH", "kind_1": "number", "unit_1": "pH",
            "target_max_1": "4.6", "code_2": "fill_temp", "label_2": "Fill temperature", "kind_2": "number",
            "unit_2": "°C", "target_min_2": "85", "target_max_2": "80"}
    refused = owner_client.post(url, form)
    assert refused.status_code == 400 and "above its maximum" in refused.content.decode()
    assert owner_client.post(url, form | {"target_max_2": "", "once": "f-2"}).status_code == 302
    assert "pH" in staff_client.get(url).content.decode()
    assert staff_client.post(url, form | {"once": "f-3"}).status_code == 403
    assert 'href="/catalog/items/SJ/process/"' in owner_client.get(reverse("catalog_record",
                                                                          args=["items", "SJ"])).content.decode()


def test_make_another_like_it_prefills_the_batch_screen_with_x_and_its_values_as_targets(jam_fields, story,
                                                                                        staff_client):
    record_values(story.jam, {"peak_temp": "104", "cook_time": "24"}, actor=ACTOR)
    page = staff_client.get(reverse("batch_new"), {"like": story.jam}).content.decode()
    assert f"Record a batch like {story.jam}" in page
    assert re.search(r'<option value="SJ" selected', page)
    assert f"{story.jam} had 104 °C" in page and 'name="process_peak_temp" id="process-peak_temp" value=""' in page
    assert "from Valley Farm" in page and f'value="{story.sugar}"' in page


def test_a_retired_field_is_offered_on_the_lot_page_only_where_it_still_applies(jam_fields, story, staff_client):
    import datetime as dt

    from lotline.days import today
    from lotline.process.services import make_batch

    record_values(story.jam, {"brix": "66"}, actor=ACTOR)
    set_fields("SJ", [f for f in JAM_FIELDS if f.code != "brix"], actor=ACTOR)  # brix retired today
    old = staff_client.get(reverse("lot", args=[story.other_jam])).content.decode()
    assert 'name="process_brix"' in old  # made before it was retired: its value may still be added
    new, _ = make_batch(product="SJ", quantity_produced=30, produced_on=today() + dt.timedelta(days=1),
                        inputs=[], confirmed={"no_inputs"}, process={}, actor=ACTOR)
    page = staff_client.get(reverse("lot", args=[new.code])).content.decode()
    assert 'name="process_brix"' not in page and 'name="process_peak_temp"' in page
    done = staff_client.post(reverse("lot_process", args=[new.code]), {"process_peak_temp": "104", "once": "r-1"})
    assert done.status_code == 302

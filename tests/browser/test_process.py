"""Process records on a phone (390 px): a batch of jam recorded with its process values (one outside
its target, warned about as it is typed and recorded anyway), the values on the lot page, and "make
another like it" pre-filling the next batch (the same strawberries first) with the first one's values
as targets. The fields page is checked in test_accessibility.py."""

from __future__ import annotations

import re

from browser_steps import checked, sign_in
from django.urls import reverse

from lotline.process.fields import set_fields
from lotline.process.queries import values_of
from lotline.process.tests.test_process import JAM_FIELDS


def test_a_batch_with_its_process_values_and_another_made_like_it(phone_390, owner, story, screenshot):
    set_fields("SJ", JAM_FIELDS, actor="olivia")
    page = phone_390
    sign_in(page, "olivia", "olivia-password")
    page.goto(reverse("batch_new"))
    page.locator("[name=product]").select_option("SJ")
    page.get_by_label("Peak temperature").wait_for()  # the product's fields, once it is chosen
    page.locator("[name=quantity_produced]").fill("30")
    page.locator("#rows-other [name=line_lot]").first.fill(story.valley_strawberries)
    page.locator("#rows-other [name=line_quantity]").first.fill("8")
    page.get_by_label("Cook time").fill("24")
    page.get_by_label("Peak temperature").fill("106.5")
    page.get_by_label("Brix").click()  # leaving the field asks for its warning
    page.get_by_text("Above the target 103 to 105 °C").wait_for()
    page.get_by_label("Notes").fill("boiled over once")
    checked(page, screenshot, "batch-with-values")
    page.get_by_role("button", name="Record the batch").click()
    page.wait_for_url(re.compile(r"/batch/made/"))
    made = page.locator(".big-code").inner_text().strip()
    assert values_of([made])[made]["peak_temp"].in_target is False

    page.goto(reverse("lot", args=[made]))
    process = page.locator("#process")
    process.get_by_text("outside target").wait_for()
    process.scroll_into_view_if_needed()
    checked(page, screenshot, "lot-values")

    page.get_by_role("link", name="Make another like it").click()
    page.get_by_role("heading", name=f"Record a batch like {made}").wait_for()
    assert page.locator("[name=product]").input_value() == "SJ"
    assert page.locator(f"input[name=line_lot][value='{story.valley_strawberries}']").count() == 1
    page.get_by_text(f"{made} had 106.5 °C").wait_for()
    checked(page, screenshot, "like-batch")

"""Old codes in a real browser: links to lots whose codes hold '/', '..', '?' or '#' (recorded before
the code rule) lead to those lots, though a browser folds '..' in an address and cuts it at '#';
the recall's hold-all button is there to press; and a code with a '.' (allowed) does not break the
batch form's "another lot" button."""

from __future__ import annotations

from decimal import Decimal

import pytest
from browser_steps import sign_in
from django.db import connection
from django.urls import reverse
from playwright.sync_api import expect

from lotline.catalog.recipes import RecipeLineIn, set_recipe
from lotline.catalog.services import add_records
from lotline.lots.models import Lot

OLD_CODES = {"jam": "SJ/0304 #1?", "sugar": "..", "tarts": "T/../x"}
RECALL = "supplier=VALLEY&item=&from=2026-03-01&to=2026-03-05"


@pytest.fixture
def old_codes(story, staff) -> dict[str, str]:
    with connection.cursor() as cur:
        for name, code in OLD_CODES.items():
            cur.execute("UPDATE lot SET code = %s WHERE code = %s", [code, getattr(story, name)])
    return OLD_CODES


def test_links_to_old_codes_lead_to_their_lots_and_the_recall_can_hold_them(desktop, old_codes, screenshot):
    page = desktop
    sign_in(page, "sam", "sam-password")
    page.goto(reverse("trace_result", args=["back", old_codes["tarts"]]))
    screenshot(page, "trace-back-of-old-codes")
    for code in (old_codes["sugar"], old_codes["jam"]):
        page.goto(reverse("trace_result", args=["back", old_codes["tarts"]]))
        page.locator("table").get_by_role("link", name=code, exact=True).first.click()
        assert page.locator("h1.big-code").inner_text() == code
    page.goto(reverse("trace_result", args=["back", old_codes["tarts"]]))
    page.locator(f'svg.lineage g[data-node="l:{old_codes["jam"]}"] a').click()  # the picture's link
    assert page.locator("h1.big-code").inner_text() == old_codes["jam"]

    page.goto(f"{reverse('recall')}?{RECALL}")
    page.get_by_label("Hold every affected lot on hand").fill("Valley Farm recall")
    screenshot(page, "recall-of-old-codes")
    page.get_by_role("button", name="Hold 2 lots").click()
    page.get_by_text("2 lots put on hold").wait_for()
    assert Lot.objects.get(code=old_codes["tarts"]).status == "on_hold"


def test_another_lot_of_an_ingredient_whose_code_has_a_dot_adds_a_line_to_its_own_section(desktop, jam_catalog,
                                                                                         staff):
    add_records("item", [{"code": "PECTN.2", "name": "Apple pectin", "kind": "ingredient", "unit": "kg"}],
                actor="olivia")
    set_recipe("SJ", [RecipeLineIn("STRAW", Decimal(8), "kg"), RecipeLineIn("PECTN.2", Decimal("0.2"), "kg")],
               batch_quantity=Decimal(40), actor="olivia")
    page = desktop
    sign_in(page, "sam", "sam-password")
    page.goto(f"{reverse('batch_new')}?product=SJ")
    section = page.locator("fieldset.inputs", has_text="Apple pectin")
    before = section.locator("[name=line_lot]").count()
    section.get_by_role("button", name="Another lot of apple pectin").click()
    expect(section.locator("[name=line_lot]")).to_have_count(before + 1)

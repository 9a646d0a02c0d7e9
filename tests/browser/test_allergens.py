"""Allergens on a phone: the lot page gives each with its reason and flags what the label misses; the
equipment page records a clean-down, after which the next batch no longer may contain the earlier one's."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from browser_steps import axe_violations, fits_the_screen, sign_in
from django.urls import reverse

from lotline.catalog import services as catalog
from lotline.lots.models import Lot
from lotline.lots.services import InputLine, record_batch
from lotline.testing import ACTOR, ANYWAY


def _batch(product: str, on: dt.date, lot: str) -> str:
    return record_batch(product=product, quantity_produced=Decimal(10), produced_on=on, equipment="POT1",
                        inputs=[InputLine(lot, Decimal(1))], confirmed=ANYWAY, actor=ACTOR).code


def test_the_lot_page_says_why_and_a_clean_down_ends_the_cross_contact(phone, owner, story, screenshot):
    catalog.add_records("equipment", [{"code": "POT1", "name": "stockpot 1", "site": "K1"}], actor=ACTOR)
    flour = Lot.objects.get(item__code="FLOUR").code
    tarts = _batch("JT", dt.date(2026, 3, 11), flour)
    jam = _batch("SJ", dt.date(2026, 3, 13), story.sugar)
    sign_in(phone, "olivia", "olivia-password")
    phone.goto(reverse("lot", args=[jam]))
    section = phone.locator("#allergens")
    assert "May contain wheat" in section.inner_text() and tarts in section.inner_text()
    assert fits_the_screen(phone) and axe_violations(phone) == []
    screenshot(phone, "jam-may-contain-wheat")
    phone.goto(reverse("lot", args=[tarts]))
    assert "Not declared on its label" in phone.locator("#allergens").inner_text()
    screenshot(phone, "tarts-undeclared-wheat")

    phone.goto(reverse("catalog_record", args=["equipment", "POT1"]))
    phone.get_by_label("Note").fill("washed, sanitised")
    phone.get_by_role("button", name="Record a clean-down of POT1").click()
    phone.wait_for_url(f"**{reverse('catalog_record', args=['equipment', 'POT1'])}")
    assert "washed, sanitised" in phone.locator("#cleanings ~ ul").inner_text()
    screenshot(phone, "pot-cleaned")

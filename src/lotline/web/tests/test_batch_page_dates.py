"""The batch page reads the day a batch is made as a date, whatever the address says."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from lotline.catalog.recipes import RecipeLineIn, set_recipe
from lotline.days import today
from lotline.lots.services import receive_lot
from lotline.testing import ACTOR

pytestmark = pytest.mark.django_db


@pytest.fixture
def jam_recipe(jam_catalog: None) -> str:
    """A jam recipe and a strawberry lot received today, good for a month: the page suggests it."""
    set_recipe("SJ", [RecipeLineIn("STRAW", Decimal(8), "kg")], batch_quantity=Decimal(40), actor=ACTOR)
    return receive_lot(item="STRAW", supplier="VALLEY", quantity=Decimal(20), unit="kg", received_on=today(),
                       best_by=today() + dt.timedelta(days=30), actor=ACTOR).code


@pytest.mark.parametrize("produced_on", ["not a date", "2026-02-30", "4 March"])
def test_a_day_that_is_not_a_date_suggests_the_lots_open_today(jam_recipe: str, staff_client: Client,
                                                                produced_on: str) -> None:
    response = staff_client.get(reverse("batch_new"), {"product": "SJ", "produced_on": produced_on})
    assert response.status_code == 200
    page = response.content.decode()
    assert f'name="line_lot" value="{jam_recipe}"' in page
    assert "past best-by" not in page.lower()


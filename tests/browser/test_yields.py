"""Yields on a 390 px phone: the product page's plots (SVG drawn on the server, failed batches crossed,
each with its CSV) and the sites compared, the site that differs highlighted."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from browser_steps import checked, sign_in
from django.urls import reverse

from lotline.lots.services import InputLine, ShipmentLine, mark_failed, ship_units
from lotline.testing import ACTOR
from lotline.yields.tests.cast import add_network, jam, receive

START = dt.date(2026, 1, 5)


def _history() -> None:
    """Four months of jam at three sites: K3's batches come out short and two of them fail."""
    add_network()
    for s, site in enumerate(("K1", "K2", "K3")):
        berries = receive("STRAW", "VALLEY" if s else "HILL", "400", "kg", site=site, on=START)
        for week in range(8):
            jars = 22 + (week * 3 + s) % 5 if site == "K3" else 28 + (week * 7 + s) % 4
            code = jam(site, START + dt.timedelta(days=14 * week + s), str(jars), [InputLine(berries, Decimal(6))],
                       equipment=f"pot {1 + week % 2}, sterilizer")
            if week == 1:
                ship_units([ShipmentLine(code, "SHOP", Decimal(20), START + dt.timedelta(days=20))], actor=ACTOR)
            if site == "K3" and week in (3, 6):
                mark_failed(code, reason="did not set", on=START + dt.timedelta(days=14 * week + 3), actor=ACTOR)


def test_a_phone_shows_the_yield_plots_and_the_sites_compared(phone_390, owner, screenshot) -> None:
    _history()
    sign_in(phone_390, "olivia", "olivia-password")
    phone_390.goto(reverse("catalog_record", args=["items", "SJ"]))
    plots = phone_390.locator("figure.plot svg.chart")
    assert plots.count() == 5
    yield_plot = phone_390.get_by_role("img", name="Yield of SJ by batch")
    assert yield_plot.locator("path.failed").count() == 2
    assert yield_plot.bounding_box()["width"] <= 390
    checked(phone_390, screenshot, "product-plots")
    with phone_390.expect_download() as download:
        phone_390.get_by_role("link", name="CSV of this plot").first.click()
    assert download.value.suggested_filename == "yields-SJ-yield.csv"

    phone_390.goto(reverse("sites") + "?from=2026-01-01&to=2026-04-30")
    assert phone_390.locator("td.highlighted").first.inner_text().startswith("92.6 ▼ below")
    checked(phone_390, screenshot, "sites-compared")

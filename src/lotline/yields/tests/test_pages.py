"""The product page's plots (failed batches marked, a sentence for no history), the CSV behind a plot
holding the plotted numbers with its cells neutralised, and the sites compared page and CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from lotline.lots.services import InputLine, mark_failed
from lotline.testing import ACTOR

from .cast import add_network, jam, receive
from .test_sites import three_sites

pytestmark = pytest.mark.django_db
D = Decimal
JAN = dt.date(2026, 1, 10)


def product_page(client: Client, code: str = "SJ") -> str:
    response = client.get(reverse("catalog_record", args=["items", code]))
    assert response.status_code == 200
    return response.content.decode()


def plot_of(page: str, slug: str) -> str:
    return re.search(rf'<svg[^>]*aria-labelledby="plot-{slug}-SJ-t[^>]*>.*?</svg>', page, re.S).group(0)


def rows(response) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(b"".join(response).decode() if response.streaming else
                                           response.content.decode())))


def jam_history() -> list[str]:
    add_network()
    berries = receive("STRAW", "VALLEY", "100", "kg")
    made = [jam("K1", JAN + dt.timedelta(days=i), jars, [InputLine(berries, D(6))], equipment=kit)
            for i, (jars, kit) in enumerate([("30", "pot 1"), ("27", "=HYPERLINK(1)"), ("24", "pot 1")])]
    mark_failed(made[2], reason="burnt", on=JAN + dt.timedelta(days=2), actor=ACTOR)
    return made


@pytest.mark.sqlite_only  # the SQL runs on PostgreSQL in test_yields, test_sites and the API test
def test_the_product_page_plots_each_batch_and_marks_the_failed_one(owner_client: Client) -> None:
    jam_history()
    page = product_page(owner_client)
    svg = plot_of(page, "yield")
    assert 'role="img"' in svg and "<title id=\"plot-yield-SJ-t\">Yield of SJ by batch</title>" in svg
    assert svg.count('class="batch"') == 2 and svg.count('class="failed"') == 1
    assert "failed batch</text>" in svg  # the legend names the cross
    assert re.search(r'class="failed" data-value="90\.7"', svg)  # 24 jars of 8 oz from 6 kg
    for slug in ("discarded", "site", "equipment", "supplier"):
        assert plot_of(page, slug)
    assert "The main ingredient, whose suppliers are compared, is the input with the most kilograms" in page


def test_the_csv_behind_a_plot_holds_the_numbers_plotted_with_cells_neutralised(owner_client: Client) -> None:
    jam_history()
    svg = plot_of(product_page(owner_client), "yield")
    plotted = re.findall(r'class="(?:batch|failed)" data-value="([^"]*)"', svg)
    response = owner_client.get(reverse("yield_csv", args=["SJ", "yield"]))
    assert response["Content-Disposition"] == 'attachment; filename="yields-SJ-yield.csv"'
    table = rows(response)
    assert [r["yield_percent"] for r in table] == plotted == ["113.4", "102.1", "90.7"]
    assert [r["failed"] for r in table] == ["no", "no", "yes"]
    by_kit = rows(owner_client.get(reverse("yield_csv", args=["SJ", "equipment"])))
    assert [(r["group"], r["median_yield_percent"], r["failed"]) for r in by_kit] == [
        ("pot 1", "113.4", "1"), ("'=HYPERLINK(1)", "102.1", "0")]
    assert owner_client.get(reverse("yield_csv", args=["NOPE", "yield"])).status_code == 404
    assert owner_client.get(reverse("yield_csv", args=["SJ", "colour"])).status_code == 404


@pytest.mark.sqlite_only  # the SQL runs on PostgreSQL in test_yields, test_sites and the API test
def test_a_product_never_made_has_a_sentence_not_an_empty_chart(owner_client: Client) -> None:
    add_network()
    page = product_page(owner_client)
    assert "No batch of SJ was made, so there is no yield to show yet." in page
    assert "<svg" not in page


@pytest.mark.sqlite_only  # the SQL runs on PostgreSQL in test_yields, test_sites and the API test
def test_a_product_whose_weight_is_unknown_says_why_and_plots_its_discards(owner_client: Client) -> None:
    add_network()
    berries = receive("STRAW", "VALLEY", "100", "kg")
    from lotline.lots.services import record_batch

    record_batch(product="JT", quantity_produced=D(60), produced_on=JAN, inputs=[InputLine(berries, D(2))],
                 site="K1", actor=ACTOR)
    page = product_page(owner_client, "JT")
    assert "No yield is known for these batches: JT is counted in unit and its packaging size" in page
    assert "plot-discarded-JT" in page and "plot-yield-JT" not in page


@pytest.mark.sqlite_only  # the SQL runs on PostgreSQL in test_yields, test_sites and the API test
def test_the_sites_page_highlights_the_site_that_differs(auditor_client: Client) -> None:
    three_sites()
    query = {"from": "2026-03-01", "to": "2026-03-31"}
    page = auditor_client.get(reverse("sites"), query).content.decode()
    assert "more than 2 median absolute deviations" in page
    k3 = (r'<th scope="row" class="num">K3</th>\s*<td class="highlighted">\s*'
          r'<strong>77.5</strong> <span class="flag">▼ below')
    assert re.search(k3, page)
    table = rows(auditor_client.get(reverse("sites_csv"), query))
    assert [(r["site"], r["median_yield"], r["median_yield_highlighted"]) for r in table] == [
        ("K1", "113.4", "no"), ("K2", "113.4", "no"), ("K3", "77.5", "yes")]
    backwards = {"from": "2026-03-31", "to": "2026-03-01"}
    refused = auditor_client.get(reverse("sites"), backwards)
    assert refused.status_code == 400 and "the period ends (2026-03-01) before it starts" in refused.content.decode()
    assert auditor_client.get(reverse("sites_csv"), backwards).status_code == 400


def test_the_api_gives_a_products_yields_and_the_sites_table(owner: object) -> None:
    from lotline.testing import TokenApi

    made = jam_history()
    api = TokenApi(owner)
    answer = api.get("/api/products/sj/yields", site="K1").json()
    assert [(b["batch"], b["ratio"], b["failed"]) for b in answer["batches"]] == [
        (made[0], "1.134", False), (made[1], "1.0206", False), (made[2], "0.9072", True)]
    assert answer["by_equipment"][0] == {"key": "pot 1", "batches": 2, "failed": 1, "failed_rate": "50",
                                         "with_yield": 1, "median_yield": "113.4"}
    table = api.get("/api/sites-compared", **{"from": "2026-01-01", "to": "2026-01-31"}).json()
    assert [(r["site"], r["cells"][0]["value"]) for r in table["rows"]] == [("K1", "107.8")]

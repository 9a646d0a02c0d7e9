"""Sites compared, on a crafted three-site history: one site's yield and one site's complaints stand
out, and only those are highlighted."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from lotline.complaints.services import record_complaint
from lotline.lots.services import InputLine, ShipmentLine, mark_failed, ship_units
from lotline.quality.services import ResultLine, SpecLine, record_results, set_specs
from lotline.testing import ACTOR
from lotline.yields.sites import Cell, highlighted, sites_compared

from .cast import add_network, jam, receive

pytestmark = pytest.mark.django_db
D = Decimal
DAY = dt.date(2026, 3, 2)


def three_sites() -> dict[str, list[str]]:
    """K1 and K2 make 30 and 29 jars from 6 kg of berries; K3 only 20 (and one batch failed); each
    ships 40 jars; two complaints about K2's jam."""
    add_network()
    made: dict[str, list[str]] = {}
    for site, jars in (("K1", ("30", "30", "29")), ("K2", ("29", "30", "30")), ("K3", ("20", "21", "30"))):
        berries = receive("STRAW", "VALLEY", "100", "kg", site=site, on=DAY)
        made[site] = [jam(site, DAY + dt.timedelta(days=i), n, [InputLine(berries, D(6))]) for i, n in enumerate(jars)]
        ship_units([ShipmentLine(made[site][0], "SHOP", D(20), DAY + dt.timedelta(days=3)),
                    ShipmentLine(made[site][1], "SHOP", D(20), DAY + dt.timedelta(days=3))], actor=ACTOR)
    mark_failed(made["K3"][2], reason="did not set", on=DAY + dt.timedelta(days=3), actor=ACTOR)
    for _ in range(2):
        record_complaint(customer="SHOP", said="mould under the lid", code=made["K2"][0], on=DAY + dt.timedelta(days=5),
                         actor=ACTOR)
    return made


def test_the_site_that_differs_most_from_the_network_is_highlighted() -> None:
    made = three_sites()
    set_specs("SJ", [SpecLine("pH", "at_most", number=D("4.6"), unit="pH")], actor=ACTOR)
    for site, ph in (("K1", "4.2"), ("K2", "4.3"), ("K3", "4.9")):
        record_results(lab="Valley Labs", lot=made[site][0], actor=ACTOR,
                       results=[ResultLine("pH", value=D(ph), unit="pH")])
    record_results(lab="Valley Labs", lot=made["K1"][1], actor=ACTOR,
                   results=[ResultLine("pH", value=D("4.1"), unit="pH")])
    table = sites_compared(first=dt.date(2026, 3, 1), last=dt.date(2026, 3, 31))
    assert [c.key for c in table.columns] == ["median_yield", "failed_rate", "complaints_per_1000", "out_of_spec_rate"]
    cells = {(r.site, c.column): c for r in table.rows for c in r.cells}
    assert [(r.site, r.product) for r in table.rows] == [("K1", "SJ"), ("K2", "SJ"), ("K3", "SJ")]
    yields = {s: cells[(s, "median_yield")] for s in ("K1", "K2", "K3")}
    assert {s: (c.value, c.highlighted) for s, c in yields.items()} == {
        "K1": (D("113.4"), False), "K2": (D("113.4"), False), "K3": (D("77.5"), True)}
    assert yields["K3"].network == D("113.4")
    failed = cells[("K3", "failed_rate")]
    assert (failed.value, failed.count, failed.of, failed.highlighted) == (D("33.3"), 1, D(3), True)
    complaints = {s: cells[(s, "complaints_per_1000")] for s in ("K1", "K2", "K3")}
    assert (complaints["K2"].value, complaints["K2"].count, complaints["K2"].of) == (D("50.0"), 2, D(40))
    assert [s for s, c in complaints.items() if c.highlighted] == ["K2"]
    assert complaints["K1"].value == D("0.0")
    spec = {s: cells[(s, "out_of_spec_rate")] for s in ("K1", "K2", "K3")}
    assert {s: (c.value, c.count, c.of, c.highlighted) for s, c in spec.items()} == {
        "K1": (D("0.0"), 0, D(2), False), "K2": (D("0.0"), 0, D(1), False), "K3": (D("100.0"), 1, D(1), True)}


def test_a_period_that_ends_before_it_starts_is_refused_naming_to() -> None:
    from lotline.errors import ErrorCode, LotlineError

    with pytest.raises(LotlineError) as refused:
        sites_compared(first=dt.date(2026, 5, 1), last=dt.date(2026, 1, 1))
    assert (refused.value.code, refused.value.field) == (ErrorCode.IMPOSSIBLE_DATE, "to")


def test_the_rule_needs_three_sites_and_a_deviation_above_the_floor() -> None:
    def cells(*values: str) -> dict[tuple[str, str], Cell]:
        return {(f"K{i}", "SJ"): Cell("median_yield", D(v)) for i, v in enumerate(values, 1)}

    def marked(found: dict[tuple[str, str], Cell]) -> list[str]:
        return [site for (site, _), c in found.items() if c.highlighted]

    assert marked(highlighted(cells("95", "60"), D(1))) == []  # two sites: which one differs?
    assert marked(highlighted(cells("95", "94", "80"), D(1))) == ["K3"]
    assert marked(highlighted(cells("95", "95", "93.5"), D(1))) == []  # within 2 x the floor
    assert marked(highlighted(cells("95", "95", "92.9"), D(1))) == ["K3"]


@pytest.mark.sqlite_only  # the same SQL as the table's test, which runs on PostgreSQL too
def test_lotline_sites_compared_prints_the_table_and_its_json() -> None:
    import io
    import json

    from django.core.management import call_command

    three_sites()
    out = io.StringIO()
    call_command("sites", "compared", "--from", "2026-03-01", "--to", "2026-03-31", "--json", stdout=out)
    rows = json.loads(out.getvalue())["rows"]
    assert [(r["site"], r["cells"][0]["value"], r["cells"][0]["highlighted"]) for r in rows] == [
        ("K1", "113.4", False), ("K2", "113.4", False), ("K3", "77.5", True)]
    out = io.StringIO()
    call_command("yields", "SJ", "--site", "K3", "--by", "site", stdout=out)
    assert "K3" in out.getvalue() and "77.5" in out.getvalue()

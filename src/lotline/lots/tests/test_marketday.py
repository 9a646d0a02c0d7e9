"""A market day typed as text: each way a person writes a sale, and the line named when one is wrong."""

import datetime as dt
from decimal import Decimal

import pytest

from lotline.errors import LotlineError
from lotline.lots.marketday import parse_market_day, ship_market_day
from lotline.lots.models import Shipment
from lotline.lots.services import place_hold
from lotline.testing import ACTOR

pytestmark = pytest.mark.django_db
D = Decimal
DAY = dt.date(2026, 3, 14)


def sales(text: str, **kw) -> list[tuple]:
    return [(m.line, m.shipment.quantity, m.shipment.unit, m.shipment.lot, m.shipment.customer)
            for m in parse_market_day(text, shipped_on=DAY, **kw)]


def test_it_reads_each_way_a_sale_is_written(story):
    jam, other = story.jam, story.other_jam
    text = f"""24 jars {jam} to Saturday market
        6 {other.lower()} for order #1847

        2x {other} GOODEARTH; 1 {other}"""
    assert sales(text, customer="SATMKT") == [
        (1, D(24), "unit", jam, "SATMKT"),
        (2, D(6), "", other, "ORDER1847"),
        (4, D(2), "", other, "GOODEARTH"),
        (4, D(1), "", other, "SATMKT"),
    ]


def test_two_sales_may_share_a_line_after_a_comma(story):
    text = f"4 jars {story.other_jam} to Saturday market, 6 {story.other_jam} to order #1847"
    assert [(n, q, c) for n, q, _u, _l, c in sales(text)] == [(1, D(4), "SATMKT"), (1, D(6), "ORDER1847")]


def test_a_sale_it_cannot_read_on_a_shared_line_is_named_as_typed(story):
    with pytest.raises(LotlineError) as err:
        parse_market_day(f"4 {story.other_jam} to Saturday market; six {story.other_jam}", shipped_on=DAY)
    [problem] = err.value.problems
    assert (problem.row, problem.typed, problem.field, problem.code) == (1, f"six {story.other_jam}", "quantity",
                                                                         "not_a_number")
    assert problem.where == f"line 1 (six {story.other_jam})"


def test_every_line_it_cannot_read_is_named(story):
    text = f"24 {story.jam} to Saturday market\nsome jars {story.jam}\n3 jars\n5 {story.jam}\n2 {story.jam} to Nobody"
    with pytest.raises(LotlineError) as err:
        parse_market_day(text, shipped_on=DAY)
    assert [(p.where, p.code) for p in err.value.problems] == [
        ("line 2", "not_a_number"), ("line 3", "missing"), ("line 4", "missing"), ("line 5", "unknown_customer")]


def test_nothing_typed_is_nothing_to_ship(jam_catalog):
    with pytest.raises(LotlineError) as err:
        parse_market_day("  \n ", shipped_on=DAY)
    assert err.value.problems[0].field == "lines"


def test_a_market_day_is_recorded_whole_or_not_at_all_naming_the_line_typed(story):
    place_hold(story.tarts, reason="flour recall", actor=ACTOR)
    before = Shipment.objects.count()
    lines = parse_market_day(f"2 {story.other_jam}\n\n3 {story.tarts}", shipped_on=DAY, customer="SATMKT")
    with pytest.raises(LotlineError) as err:
        ship_market_day(lines, actor=ACTOR)
    problem = err.value.problems[0]
    assert (problem.row, problem.typed, problem.file) == (3, f"3 {story.tarts}", "")
    assert problem.where == f"line 3 (3 {story.tarts})" and err.value.status == 409
    assert Shipment.objects.count() == before


def test_a_good_market_day_is_one_shipment_event(story):
    lines = parse_market_day(f"2 {story.other_jam}; 3 {story.other_jam} to good earth", shipped_on=DAY,
                             customer="Saturday farmers market", reference_doc="market 14/3")
    recorded = ship_market_day(lines, actor=ACTOR)
    assert len({r.event_seq for r in recorded}) == 1
    assert list(Shipment.objects.filter(event_seq=recorded[0].event_seq).order_by("id").values_list(
        "customer__ref", "quantity", "reference_doc")) == [("SATMKT", D(2), "market 14/3"),
                                                           ("GOODEARTH", D(3), "market 14/3")]

"""The picture of a trace: columns left to right, every edge drawn, every text escaped, and a
column of hundreds folded into a count."""

import datetime as dt
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from lotline.catalog.services import add_records
from lotline.lots.services import InputLine, receive_lot, record_batch
from lotline.testing import ACTOR
from lotline.trace.picture import layout, lineage_svg
from lotline.trace.queries import recall, trace_back, trace_forward

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"


def drawn(svg_text):
    """The node ids and the number of edges of an SVG picture (parsing it proves it is well formed)."""
    root = ET.fromstring(svg_text)
    nodes = [g.get("data-node") for g in root.iter(f"{SVG}g") if "node" in g.get("class", "").split()]
    return nodes, len(list(root.iter(f"{SVG}path")))


def test_a_forward_trace_reads_from_the_supplier_to_the_customers(story):
    picture = layout(trace_forward(story.valley_strawberries))
    assert [c.title for c in picture.columns] == ["Suppliers", "Received lots", "Batches, step 1", "Batches, step 2",
                                                  "Customers"]
    assert [[n.label for n in c.nodes] for c in picture.columns] == [
        ["Valley Farm"], [story.valley_strawberries], [story.jam], [story.tarts],
        ["Good Earth Co-op", "Saturday farmers market"]]
    nodes, edges = drawn(lineage_svg(trace_forward(story.valley_strawberries)))
    assert len(nodes) == 6
    # VALLEY -> lot -> jam -> tarts, jam -> market, jam -> co-op, tarts -> co-op
    assert edges == len(picture.edges) == 6


def test_an_edge_that_skips_a_column_runs_through_a_lane_of_its_own(story):
    picture = layout(trace_forward(story.valley_strawberries))
    tarts_column = 3
    # the jam's shipments to customers pass the tarts' column below the tarts, not behind them
    assert picture.lanes == {(f"l:{story.jam}", tarts_column): 1}
    assert picture.columns[tarts_column].rows == 2


def test_a_back_trace_draws_every_ingredient_lot_and_its_supplier(story):
    picture = layout(trace_back(story.tarts))
    assert [c.title for c in picture.columns] == ["Suppliers", "Received lots", "Batches, step 1", "Batches, step 2"]
    assert sorted(n.label for n in picture.columns[0].nodes) == ["Costco Main St", "Valley Farm"]
    assert len(picture.columns[1].nodes) == 3  # strawberries, sugar, flour
    # 3 supplier -> lot, strawberries and sugar -> jam, jam and flour -> tarts
    assert len(picture.edges) == 7
    start = next(n for n in picture.nodes() if n.label == story.tarts)
    assert "start" in start.marks


def test_a_recall_marks_what_is_affected_and_what_is_not(story):
    picture = layout(recall(supplier="VALLEY", first=dt.date(2026, 3, 1), last=dt.date(2026, 3, 5)))
    marks = {n.label: n.marks for n in picture.nodes()}
    assert "affected" in marks[story.jam] and "affected" in marks[story.tarts]
    assert "affected" in marks["Saturday farmers market"]
    assert marks[story.other_jam] == {"not_affected"}  # same product, made then, with Hillside's berries
    assert all(hot for _a, _b, hot in picture.edges)


def test_every_text_in_the_picture_is_escaped(jam_catalog):
    add_records("supplier", [{"ref": "EVIL", "name": '<script>alert("x")</script> & Sons'}], actor=ACTOR)
    code = receive_lot(item="STRAW", supplier="EVIL", quantity=Decimal(5), unit="kg", received_on=dt.date(2026, 3, 2),
                       supplier_lot="<b>LOT&1</b>", actor=ACTOR).code
    svg_text = lineage_svg(trace_forward(code), link=lambda c: f"/lots/{c}/?a=1&b=2")
    assert "<script>" not in svg_text and "<b>" not in svg_text
    assert "&lt;script&gt;" in svg_text and "&lt;b&gt;LOT&amp;1&lt;/b&gt;" in svg_text
    assert 'href="/lots/' + code + '/?a=1&amp;b=2"' in svg_text
    nodes, edges = drawn(svg_text)
    assert nodes == ["s:EVIL", f"l:{code}"] and edges == 1


def test_a_column_of_more_than_25_folds_into_a_count(jam_catalog):
    lot = receive_lot(item="STRAW", supplier="VALLEY", quantity=Decimal(40), unit="kg",
                      received_on=dt.date(2026, 3, 2), actor=ACTOR).code
    for day in range(1, 31):
        record_batch(product="SJ", quantity_produced=Decimal(10), produced_on=dt.date(2026, 4, day),
                     inputs=[InputLine(lot, Decimal(1))], actor=ACTOR)
    picture = layout(trace_forward(lot))
    batches = picture.columns[2].nodes
    assert len(batches) == 25
    assert batches[-1].kind == "more" and batches[-1].label == "6 more batches"
    # supplier -> lot, lot -> each of the 24 batches drawn, lot -> the folded six (one edge)
    assert len(picture.edges) == 1 + 24 + 1
    nodes, edges = drawn(lineage_svg(trace_forward(lot)))
    assert len(nodes) == 1 + 1 + 25 and edges == 26


def test_a_picture_can_fold_early_for_a_small_screen(jam_catalog):
    lot = receive_lot(item="STRAW", supplier="VALLEY", quantity=Decimal(40), unit="kg",
                      received_on=dt.date(2026, 3, 2), actor=ACTOR).code
    for day in range(1, 4):
        record_batch(product="SJ", quantity_produced=Decimal(10), produced_on=dt.date(2026, 4, day),
                     inputs=[InputLine(lot, Decimal(1))], actor=ACTOR)
    picture = layout(trace_forward(lot), max_rows=2)
    assert [n.label for n in picture.columns[2].nodes][-1] == "2 more batches"

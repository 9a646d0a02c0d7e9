"""Rebuilding the read tables from the event log: a consistent database comes back the same."""

from decimal import Decimal

import pytest

from lotline.ledger.models import Event
from lotline.ledger.rebuild import rebuild
from lotline.lots.models import Lot, Shipment

pytestmark = pytest.mark.django_db


def test_rebuilding_a_consistent_database_replays_every_event_and_finds_no_difference(story):
    report = rebuild()
    assert report.events_replayed == Event.objects.count()
    assert report.differences == 0
    assert all(t.rows_before == t.rows_after for t in report.tables.values())
    assert report.tables["lot"].rows_after == Lot.objects.count() == 7


def test_rebuilding_reports_and_repairs_a_quantity_changed_behind_the_log(story):
    Lot.objects.filter(code=story.jam).update(quantity=Decimal(400))
    report = rebuild()
    lot = report.tables["lot"]
    assert (lot.missing, lot.extra) == (1, 1)
    assert report.differences == 2
    assert any(story.jam in example for example in lot.examples)
    assert Lot.objects.get(code=story.jam).quantity == Decimal(40)
    assert rebuild().differences == 0


def test_rebuilding_restores_a_shipment_deleted_behind_the_log(story):
    Shipment.objects.filter(lot__code=story.jam, customer__ref="SATMKT").delete()
    report = rebuild()
    assert (report.tables["shipment"].missing, report.tables["shipment"].extra) == (0, 1)
    assert Shipment.objects.filter(lot__code=story.jam, customer__ref="SATMKT").count() == 1

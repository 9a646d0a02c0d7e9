"""A recording made once per test run and copied into each test (lotline.testing.take_snapshot and
restore, behind the `demo_db` fixture): the copy is the recording, and the ledger goes on from it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management.color import no_style
from django.db import connection

from lotline.catalog.services import add_records
from lotline.ledger.log import verify
from lotline.ledger.models import ChainHead, Event
from lotline.lots.models import Lot, Shipment
from lotline.lots.services import receive_lot
from lotline.testing import restore, take_snapshot, tell_jam_story


def test_a_snapshot_leaves_the_database_as_it_was(db: None) -> None:
    take_snapshot(tell_jam_story)
    assert not Event.objects.exists() and not Lot.objects.exists()
    assert ChainHead.objects.get().seq == 0


def test_a_restored_snapshot_holds_what_was_recorded_and_its_chain_verifies(db: None) -> None:
    story, snapshot = take_snapshot(tell_jam_story)
    restore(snapshot)
    assert Lot.objects.get(code=story.jam).quantity == Decimal(40)
    assert Shipment.objects.count() == 4
    assert ChainHead.objects.get().seq == Event.objects.count() > 0
    assert verify().ok


def restart_id_sequences() -> None:
    """Ids from 1 again, as a flush with reset_sequences (a transactional test's) leaves them."""
    sequences = connection.introspection.sequence_list()
    with connection.cursor() as cur:
        for sql in connection.ops.sequence_reset_by_name_sql(no_style(), sequences):
            cur.execute(sql)


def test_the_ledger_goes_on_from_a_restored_snapshot(db: None) -> None:
    restart_id_sequences()
    _, snapshot = take_snapshot(tell_jam_story)  # lots 1, 2, 3...
    restart_id_sequences()
    restore(snapshot)
    events, lots = Event.objects.count(), Lot.objects.count()
    receive_lot(item="STRAW", supplier="VALLEY", quantity=Decimal(5), unit="kg", received_on=dt.date(2026, 3, 20),
                actor="alice")  # new rows get ids after the copied ones (PostgreSQL's sequences moved on)
    assert (Event.objects.count(), Lot.objects.count()) == (events + 1, lots + 1)
    assert verify().ok


def test_the_demo_db_fixture_holds_the_demo_business(demo_db: dict) -> None:
    assert demo_db["loaded"] is True
    assert Event.objects.count() == demo_db["events"]
    assert verify().ok


def test_the_story_is_copied_into_an_empty_ledger(db: None, request: pytest.FixtureRequest) -> None:
    _, snapshot = request.getfixturevalue("story_snapshot")
    story = request.getfixturevalue("story")
    assert Event.objects.count() == len(snapshot.tables["ledger_event"].added)
    assert Lot.objects.filter(code=story.tarts).exists()


def test_the_story_is_told_again_after_something_recorded_before_it(db: None, request: pytest.FixtureRequest) -> None:
    add_records("supplier", [{"ref": "FARM9", "name": "Farm nine"}], actor="alice")
    story = request.getfixturevalue("story")
    assert "FARM9" in Event.objects.order_by("seq").first().payload
    assert Lot.objects.filter(code=story.tarts).exists()
    assert verify().ok

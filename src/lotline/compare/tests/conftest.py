"""The crafted history (lotline.compare.crafted), recorded once per run and copied into each test."""

from __future__ import annotations

import pytest

from lotline.compare.crafted import Crafted, record_crafted_history
from lotline.ledger.models import Event
from lotline.testing import Snapshot, restore, take_snapshot


@pytest.fixture(scope="session")
def crafted_snapshot(django_db_setup, django_db_blocker) -> tuple[Crafted, Snapshot]:
    with django_db_blocker.unblock():
        return take_snapshot(record_crafted_history)


@pytest.fixture
def crafted(crafted_snapshot: tuple[Crafted, Snapshot], db) -> Crafted:
    """20 batches of jam: the 6 made with Hillside Orchard's strawberries failed."""
    if Event.objects.exists():
        return record_crafted_history()
    result, rows = crafted_snapshot
    restore(rows)
    return result

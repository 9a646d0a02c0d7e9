"""Docs that cannot drift: every event kind is documented, and every kind has a projector."""

from pathlib import Path

from lotline.ledger.kinds import EventKind
from lotline.ledger.log import _projectors

EVENTS_DOC = Path(__file__).resolve().parents[4] / "docs" / "events.md"


def test_every_event_kind_is_documented():
    text = EVENTS_DOC.read_text()
    assert [k.value for k in EventKind if f"`{k.value}`" not in text] == []


def test_every_event_kind_has_a_projector():
    assert [k.value for k in EventKind if k.value not in _projectors] == []

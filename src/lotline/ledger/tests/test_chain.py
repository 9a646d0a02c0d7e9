"""The hash chain: each event links to the one before it; `verify` names the first one tampered with."""

import datetime as dt
from itertools import pairwise

import pytest
from django.db import connection

from lotline.ledger.kinds import EventKind
from lotline.ledger.log import GENESIS_HASH, event_hash, record, verify
from lotline.ledger.models import ChainHead, Event

pytestmark = pytest.mark.django_db


def _events() -> list[Event]:
    return list(Event.objects.order_by("seq"))


def _jam_batch_event(story) -> Event:
    return Event.objects.get(kind=EventKind.BATCH_RECORDED, subject=story.jam)


def test_each_event_links_to_the_one_before_it_by_its_hash(story):
    events = _events()
    assert [e.seq for e in events] == list(range(1, len(events) + 1))
    assert events[0].prev_hash == GENESIS_HASH
    for before, after in pairwise(events):
        assert after.prev_hash == before.hash


def test_each_hash_covers_the_content_of_its_event(story):
    for e in _events():
        content = (e.seq, e.kind, e.recorded_at, e.actor, e.site, e.subject, e.payload, e.prev_hash)
        assert e.hash == event_hash(*content)


def test_the_chain_head_points_at_the_last_event(story):
    last = _events()[-1]
    head = ChainHead.objects.get()
    assert (head.seq, head.hash) == (last.seq, last.hash)


@pytest.mark.django_db(transaction=True)  # a plain test already runs inside a transaction
def test_an_event_can_only_be_recorded_inside_a_write():
    with pytest.raises(RuntimeError, match="writing"):
        record(EventKind.SITE_ADDED, {"sites": {"columns": [], "rows": []}}, actor="alice")
    assert not Event.objects.exists()


def test_verify_passes_on_an_untouched_chain(story):
    result = verify()
    assert result.ok
    assert result.events_checked == Event.objects.count()
    assert result.first_bad_seq is None


def test_verify_passes_on_an_empty_log():
    assert verify().ok
    assert verify().events_checked == 0


@pytest.mark.parametrize("field, value", [
    ("actor", "mallory"),
    ("site", "K9"),
    ("subject", "SJ-20260304-Z"),
    ("kind", str(EventKind.LOT_CORRECTED)),
    ("recorded_at", dt.datetime(2026, 3, 5, 12, 0, tzinfo=dt.UTC)),
])
def test_verify_names_an_event_whose_fields_were_edited(story, field, value):
    seq = _jam_batch_event(story).seq
    Event.objects.filter(seq=seq).update(**{field: value})
    result = verify()
    assert not result.ok
    assert result.first_bad_seq == seq
    assert "changed" in result.reason
    assert result.events_checked == seq - 1


def test_verify_names_an_event_whose_payload_was_edited_in_sql(story):
    event = _jam_batch_event(story)
    forged = event.payload.replace('"40"', '"400"', 1)
    assert forged != event.payload
    with connection.cursor() as cur:
        cur.execute("UPDATE ledger_event SET payload = %s WHERE seq = %s", [forged, event.seq])
    result = verify()
    assert (result.ok, result.first_bad_seq) == (False, event.seq)


def test_verify_notices_an_edit_whose_hash_was_recomputed(story):
    """Someone who rewrites an event and its hash still breaks the next event's link to it."""
    e = _jam_batch_event(story)
    new_hash = event_hash(e.seq, e.kind, e.recorded_at, "mallory", e.site, e.subject, e.payload, e.prev_hash)
    Event.objects.filter(seq=e.seq).update(actor="mallory", hash=new_hash)
    result = verify()
    assert (result.ok, result.first_bad_seq) == (False, e.seq + 1)
    assert "previous-hash" in result.reason


def test_verify_names_an_event_deleted_from_the_middle(story):
    seq = _jam_batch_event(story).seq
    Event.objects.filter(seq=seq).delete()
    result = verify()
    assert (result.ok, result.first_bad_seq) == (False, seq)
    assert "missing" in result.reason


def test_verify_names_the_last_event_when_it_was_deleted(story):
    last = _events()[-1].seq
    Event.objects.filter(seq=last).delete()
    result = verify()
    assert (result.ok, result.first_bad_seq) == (False, last)
    assert f"#{last}" in result.reason

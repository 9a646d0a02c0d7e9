"""`lotline backup` and `lotline restore`, on SQLite (online backup) and PostgreSQL (pg_dump, pg_restore).

The tests commit what they record (transaction=True): pg_dump reads the database from another process.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from lotline.errors import LotlineError
from lotline.ledger.backup import backup, read_backup, restore
from lotline.ledger.checkpoints import current_head, logged
from lotline.ledger.models import Event
from lotline.ledger.verification import verify_ledger
from lotline.lots.services import discard_units
from lotline.testing import JamStory, tell_jam_story
from lotline.trace.queries import recall, trace_back, trace_forward

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def told() -> JamStory:
    return tell_jam_story()


def events() -> list[tuple]:
    return list(Event.objects.order_by("seq").values_list("seq", "kind", "actor", "payload", "hash"))


def answers(story: JamStory) -> list:
    return [*(f(code) for code in (story.jam, story.valley_strawberries, story.tarts)
              for f in (trace_back, trace_forward)),
            recall(supplier="VALLEY", item="STRAW", first=dt.date(2026, 2, 1), last=dt.date(2026, 3, 31))]


def empty_the_database() -> None:
    """A new, empty database: what a restore goes into."""
    call_command("flush", interactive=False, verbosity=0)


def test_a_backup_is_checked_signed_and_private(told, tmp_path: Path):
    done = backup(tmp_path / "lotline.backup")
    assert done.events == Event.objects.count() and done.head == current_head()
    assert done.sealed.checkpoint.made_for in ("backup", "verify", "export")
    assert (tmp_path / "lotline.backup").stat().st_mode & 0o777 == 0o600
    check = read_backup(tmp_path / "lotline.backup")
    assert check.chain.ok and check.head == current_head()


def test_a_backup_never_overwrites_a_file(told, tmp_path: Path):
    (tmp_path / "old").write_text("keep me")
    with pytest.raises(LotlineError, match="already there"):
        backup(tmp_path / "old")
    assert (tmp_path / "old").read_text() == "keep me"


def test_backup_then_restore_gives_the_same_events_and_the_same_traces(told, tmp_path: Path):
    before_events, before_answers = events(), answers(told)
    backup(tmp_path / "lotline.backup")
    empty_the_database()
    assert Event.objects.count() == 0
    restored = restore(tmp_path / "lotline.backup")
    assert restored.ok and restored.lost == []
    assert events() == before_events
    assert json.dumps(answers(told), default=str) == json.dumps(before_answers, default=str)
    assert verify_ledger().ok
    assert logged()[-1].made_for == "restore"


def test_restore_refuses_a_database_that_holds_events(told, tmp_path: Path):
    backup(tmp_path / "lotline.backup")
    with pytest.raises(LotlineError, match="empty database"):
        restore(tmp_path / "lotline.backup")


def test_restore_sets_aside_the_checkpoints_of_events_recorded_after_the_backup(told, tmp_path: Path):
    backup(tmp_path / "lotline.backup")
    discard_units(told.sugar, Decimal(1), reason="spilt", actor="alice")
    lost_head = current_head()
    assert verify_ledger().ok
    empty_the_database()
    restored = restore(tmp_path / "lotline.backup")
    assert restored.lost == [f"#{lost_head.seq} (verify, {logged()[-3].signed_at[:19]})"]
    assert restored.ok and verify_ledger().ok  # the lost event's checkpoint no longer counts


def test_a_backup_of_a_tampered_ledger_fails_its_check_and_is_never_restored(told, tmp_path: Path):
    with connection.cursor() as cur:
        cur.execute("UPDATE ledger_event SET actor = 'mallory' WHERE seq = 3")
    with pytest.raises(LotlineError, match="does not verify: event #3: its content does not match"):
        backup(tmp_path / "lotline.backup")
    empty_the_database()
    with pytest.raises(LotlineError, match="event #3: its content does not match"):
        restore(tmp_path / "lotline.backup")
    assert Event.objects.count() == 0


def test_restore_refuses_a_backup_of_another_ledger(told, tmp_path: Path):
    backup(tmp_path / "ours.backup")
    empty_the_database()
    tell_jam_story(actor="bob")  # the same story, told by someone else: other events, other hashes
    backup(tmp_path / "theirs.backup")
    empty_the_database()
    with pytest.raises(LotlineError, match="another ledger"):
        restore(tmp_path / "theirs.backup")


def test_the_commands_back_up_and_restore(told, tmp_path: Path):
    out = io.StringIO()
    call_command("backup", str(tmp_path / "b"), "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["head"]["witness"] == str(current_head())
    empty_the_database()
    call_command("restore", str(tmp_path / "b"), stdout=out)
    assert f"head {data['head']['witness']}" in out.getvalue()
    with pytest.raises(CommandError, match="empty database"):
        call_command("restore", str(tmp_path / "b"))

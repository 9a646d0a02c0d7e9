"""Signed checkpoints and witnesses: a chain rewritten or cut off by someone who can write the database
passes the hash walk, and still fails `verify`."""

from __future__ import annotations

import base64
import json
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from lotline.ledger.checkpoints import (
    RESTORE,
    Checkpoint,
    Head,
    current_head,
    key_path,
    log_path,
    logged,
    public_key,
    public_key_pem,
    quick_problem,
    seal,
    signature_ok,
    stored,
    witnessed,
)
from lotline.ledger.log import GENESIS_HASH, event_hash, verify
from lotline.ledger.models import Checkpoint as CheckpointRow
from lotline.ledger.models import Event
from lotline.ledger.verification import read_witness, verify_ledger

pytestmark = pytest.mark.django_db


def rewrite_history_from(seq: int) -> None:
    """What someone with the database file can do: change an event, recompute every later hash, and
    point the chain head at the new end, all in SQL."""
    prev = Event.objects.get(seq=seq - 1).hash if seq > 1 else GENESIS_HASH
    with connection.cursor() as cur:
        for e in Event.objects.filter(seq__gte=seq).order_by("seq"):
            actor = "mallory" if e.seq == seq else e.actor
            digest = event_hash(e.seq, e.kind, e.recorded_at, actor, e.site, e.subject, e.payload, prev)
            cur.execute("UPDATE ledger_event SET actor = %s, prev_hash = %s, hash = %s WHERE seq = %s",
                        [actor, prev, digest, e.seq])
            prev = digest
        cur.execute("UPDATE ledger_head SET hash = %s", [prev])


def cut_off_after(seq: int) -> None:
    """Delete the last events and make the chain head say the chain ends at `seq`."""
    with connection.cursor() as cur:
        cur.execute("DELETE FROM ledger_event WHERE seq > %s", [seq])
        cur.execute("UPDATE ledger_head SET seq = %s, hash = (SELECT hash FROM ledger_event WHERE seq = %s)",
                    [seq, seq])


def test_verify_signs_the_head_into_the_log_beside_the_key_and_the_database(story):
    check = verify_ledger()
    assert check.ok
    assert check.sealed.checkpoint.head == current_head() == Head(Event.objects.count(), Event.objects.last().hash)
    assert logged() == stored() == [check.sealed.checkpoint]
    assert signature_ok(check.sealed.checkpoint, public_key())
    assert log_path().parent == key_path().parent


def test_a_rewritten_chain_passes_the_hash_walk_but_fails_against_the_last_checkpoint(story):
    assert verify_ledger().ok
    rewrite_history_from(5)
    assert verify().ok  # every hash was recomputed: the walk alone cannot tell
    check = verify_ledger()
    assert not check.ok
    assert "event #" in check.problems[0] and "rewritten" in check.problems[0]
    assert "(verify, in the checkpoint log)" in check.problems[0]
    assert check.sealed is None


def test_a_chain_cut_off_after_a_checkpoint_fails_verify(story):
    end = current_head().seq
    assert verify_ledger().ok
    cut_off_after(end - 2)
    assert verify().ok
    check = verify_ledger()
    assert not check.ok
    assert f"the chain ends at event #{end - 2}" in check.problems[0] and "cut off" in check.problems[0]


def test_a_rewritten_chain_fails_against_a_witness_its_recipient_holds(story):
    witness = str(current_head())  # printed on an export, with no checkpoint log on this machine
    rewrite_history_from(3)
    check = verify_ledger(read_witness(witness))
    assert not check.ok
    assert f"event #{witness.split(':')[0]} is not the one the witness" in check.problems[0]


def test_a_chain_cut_off_fails_against_a_witness_its_recipient_holds(story):
    witness = str(current_head())
    cut_off_after(current_head().seq - 1)
    check = verify_ledger(read_witness(witness))
    assert not check.ok
    assert "cut off" in check.problems[0]


def test_an_intact_chain_passes_an_old_witness(story):
    witness = read_witness(str(Head(3, Event.objects.get(seq=3).hash)))
    check = verify_ledger(witness)
    assert check.ok
    assert check.witnesses_checked == 1


def test_verify_notices_checkpoints_deleted_from_the_database(story):
    verify_ledger()
    CheckpointRow.objects.all().delete()
    check = verify_ledger()
    assert not check.ok
    assert "the database lacks the checkpoint" in check.problems[0]


def test_verify_notices_a_checkpoint_forged_in_the_database(story):
    cp = verify_ledger().sealed.checkpoint
    CheckpointRow.objects.create(seq=cp.seq, hash=cp.hash, signed_at="2030-01-01T00:00:00.000000+00:00",
                                 made_for="verify", key_id=cp.key_id, signature=cp.signature)
    check = verify_ledger()
    assert not check.ok
    assert "false signature" in check.problems[0]


def test_a_checkpoint_by_another_key_is_noted_and_its_head_still_checked(story):
    """A database brought from another machine: its checkpoints, not this machine's key or log."""
    cp = verify_ledger().sealed.checkpoint
    log_path().unlink()
    CheckpointRow.objects.update(key_id="0123456789abcdef")
    check = verify_ledger()
    assert check.ok
    assert check.notes and "another key (0123456789abcdef)" in check.notes[0]
    log_path().unlink()
    rewrite_history_from(cp.seq)
    assert any("in the database" in p for p in verify_ledger().problems)


def test_a_head_already_signed_is_not_signed_again(story):
    first = seal("export")
    again = seal("trace report")
    assert again.checkpoint == first.checkpoint
    assert len(logged()) == len(stored()) == 1


def test_no_checkpoint_is_signed_when_a_glance_finds_the_chain_cut_off(story):
    seal("export")
    cut_off_after(current_head().seq - 1)
    refused = seal("export")
    assert refused.checkpoint is None
    assert "cut off" in refused.refused
    assert "NOT signed" in refused.line()


def test_the_glance_finds_a_chain_head_that_does_not_point_at_the_last_event(story):
    assert quick_problem() == ""
    Event.objects.filter(seq=current_head().seq).delete()
    assert "the last event is" in quick_problem()


def test_no_checkpoint_is_signed_after_a_failed_verify_until_one_passes(story):
    rewrite_history_from(2)
    verify_ledger(read_witness(str(Head(2, "0" * 64))))
    assert "the last verify" in seal("export").refused
    assert verify_ledger().ok
    assert seal("export").checkpoint is not None


def test_a_restore_sets_aside_the_checkpoints_of_events_lost_with_the_old_database():
    def cp(seq: int, made_for: str = "export") -> Checkpoint:
        return Checkpoint(seq, "a" * 64, "2026-01-01T00:00:00.000000+00:00", made_for, "k", "s")

    log = [cp(3), cp(9), cp(12), cp(7, RESTORE), cp(8), cp(10)]
    assert [c.seq for c in witnessed(log)] == [3, 7, 8, 10]


def test_a_witness_is_read_from_text_or_a_file(tmp_path: Path):
    digest = "ab" * 32
    assert [(w.seq, w.hash) for w in read_witness(f"12:{digest}")] == [(12, digest)]
    file = tmp_path / "recall.csv"
    file.write_text(f"record,code\n# ledger head 40:{digest} signed ...\n")
    assert [(w.seq, w.hash) for w in read_witness(str(file))] == [(40, digest)]
    assert read_witness("12:abc") == []


def test_the_verify_command_fails_on_a_witness_the_chain_lost(story):
    witness = str(current_head())
    cut_off_after(current_head().seq - 1)
    with pytest.raises(CommandError, match="does not verify"):
        call_command("verify", "--witness", witness)


def test_the_verify_command_refuses_a_witness_it_cannot_read(story):
    with pytest.raises(CommandError, match="neither SEQ:HASH"):
        call_command("verify", "--witness", "12:xyz")


def test_the_verify_command_prints_the_head_and_its_checkpoint(story, capsys):
    call_command("verify", "--json")
    data = json.loads(capsys.readouterr().out)
    assert data["head"] == {"seq": current_head().seq, "hash": current_head().hash, "witness": str(current_head())}
    assert data["checkpoint"]["witness"] == str(current_head())
    assert data["ok"] and data["problems"] == []
    call_command("verify")
    assert f"witness {current_head()}" in capsys.readouterr().out


def test_a_recipient_checks_a_checkpoint_with_the_public_key_and_openssl_alone(story, tmp_path: Path):
    cp = seal("export").checkpoint
    (tmp_path / "key.pem").write_text(public_key_pem())
    (tmp_path / "message").write_bytes(f"lotline checkpoint {cp.seq}:{cp.hash} {cp.signed_at}".encode())
    (tmp_path / "signature").write_bytes(base64.b64decode(cp.signature))
    checked = subprocess.run(["openssl", "pkeyutl", "-verify", "-pubin", "-inkey", "key.pem", "-rawin",
                              "-in", "message", "-sigfile", "signature"], cwd=tmp_path, capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    assert "Signature Verified Successfully" in checked.stdout


def test_the_checkpoint_key_is_created_private(story):
    seal("export")
    assert key_path().stat().st_mode & 0o777 == 0o600
    assert log_path().stat().st_mode & 0o777 == 0o600
    assert key_path().parent.stat().st_mode & 0o777 == 0o700

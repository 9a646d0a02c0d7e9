"""`verify` in full: the hash chain, the signed checkpoints, the witnesses a recipient holds, and
the read tables' tallies; on success, a new checkpoint of the head.

The chain walk (log.verify) proves the events agree with each other; the checkpoints and witnesses
prove they are still the events that were there when the head was signed or handed out; the tallies
prove the read tables still say what the events say.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .checkpoints import (
    Checkpoint,
    Head,
    Seal,
    checkpoint_problem,
    current_head,
    key_id_of,
    log_path,
    logged,
    public_key,
    remember_verify,
    seal,
    signature_ok,
    stored,
    witnessed,
)
from .log import GENESIS_HASH, VerifyResult, verify
from .models import Event
from .tallies import TallyDiff, check_tallies

WITNESS = re.compile(r"\b(\d+):([0-9a-f]{64})\b")
PROBLEMS_SHOWN = 5

# Checks other apps add to every verify, each returning its problems as text (lotline.quality: each
# certificate of analysis against its SHA-256, which SQL cannot compute on SQLite)
_extra_checks: list[Callable[[], list[str]]] = []


def extra_check(check: Callable[[], list[str]]) -> Callable[[], list[str]]:
    _extra_checks.append(check)
    return check


@dataclass(frozen=True)
class Witness:
    """A head someone holds (from an export, a report, a checkpoint), and where it comes from."""

    seq: int
    hash: str
    source: str


def witnesses_in(text: str, source: str) -> list[Witness]:
    """Every SEQ:HASH in `text`: a witness typed in, an export's ledger_head.csv, a report's last line,
    the checkpoint log."""
    return [Witness(int(seq), digest, source) for seq, digest in WITNESS.findall(text)]


def read_witness(value: str) -> list[Witness]:
    """`--witness SEQ:HASH`, or a file holding witnesses; [] when it is neither."""
    if WITNESS.fullmatch(value.strip().lower()):
        return witnesses_in(value.strip().lower(), f"the witness {value.strip()[:20]}…")
    path = Path(value)
    if path.is_file():
        return witnesses_in(path.read_text(encoding="utf-8", errors="replace"), f"the witness in {path}")
    return []


@dataclass
class LedgerCheck:
    chain: VerifyResult
    head: Head
    checkpoints_checked: int = 0
    witnesses_checked: int = 0
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    tallies: list[TallyDiff] = field(default_factory=list)
    sealed: Seal | None = None

    @property
    def ok(self) -> bool:
        return self.chain.ok and not self.problems and not any(t.differences for t in self.tallies)

    def first_problem(self) -> str:
        if not self.chain.ok:
            return f"event #{self.chain.first_bad_seq}: {self.chain.reason}"
        if self.problems:
            return self.problems[0]
        bad = next((t for t in self.tallies if t.differences), None)
        return f"the read tables differ from the events ({bad.name}): {bad.examples[0]}" if bad else ""

    def as_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "events_checked": self.chain.events_checked,
                "first_bad_event": self.chain.first_bad_seq, "reason": self.chain.reason,
                "head": {"seq": self.head.seq, "hash": self.head.hash, "witness": str(self.head)},
                "checkpoints_checked": self.checkpoints_checked, "witnesses_checked": self.witnesses_checked,
                "problems": self.problems, "notes": self.notes,
                "tallies": [t.__dict__ for t in self.tallies],
                "checkpoint": self.sealed.checkpoint.as_dict() if self.sealed and self.sealed.checkpoint else None}


def verify_ledger(witnesses: Iterable[Witness] = (), *, made_for: str = "verify") -> LedgerCheck:
    """Check everything; remember the outcome (the home page shows it) and, when all is well, sign
    the head."""
    check = LedgerCheck(verify(), current_head())
    from_log, from_db = _signed_checkpoints(check)
    given = list(witnesses)
    check.witnesses_checked = len(given)
    _against_the_chain(check, [*(_as_witness(cp, "the checkpoint log") for cp in from_log),
                               *(_as_witness(cp, "the database") for cp in from_db), *given])
    check.tallies = check_tallies()
    for extra in _extra_checks:
        check.problems += extra()
    remember_verify(check.ok, check.head, check.first_problem())
    if check.ok:
        check.sealed = seal(made_for, check.head)
    return check


def _as_witness(cp: Checkpoint, where: str) -> Witness:
    return Witness(cp.seq, cp.hash, f"the checkpoint signed {cp.signed_at[:19].replace('T', ' ')} UTC "
                                    f"({cp.made_for}, in {where})")


def _signed_checkpoints(check: LedgerCheck) -> tuple[list[Checkpoint], list[Checkpoint]]:
    """The checkpoints of the log and of the database whose signatures hold; the others are problems."""
    key = public_key()
    ours = key_id_of(key)
    log, in_db = logged(), stored()
    check.checkpoints_checked = len(log) + len(in_db)
    bad_log = [cp for cp in log if cp.key_id != ours or not signature_ok(cp, key)]
    if bad_log:
        check.problems.append(f"{len(bad_log)} checkpoints in {log_path()} do not carry the key's signature (the "
                              f"first: #{bad_log[0].seq} of {bad_log[0].signed_at}): the log was edited, or the key "
                              "beside it replaced")
    forged = [cp for cp in in_db if cp.key_id == ours and not signature_ok(cp, key)]
    if forged:
        check.problems.append(f"{len(forged)} checkpoints in the database carry a false signature (the first: "
                              f"#{forged[0].seq}): someone wrote them there by hand")
    if others := sorted({cp.key_id for cp in in_db if cp.key_id != ours}):
        check.notes.append(f"{sum(cp.key_id in others for cp in in_db)} checkpoints in the database were signed "
                           f"by another key ({', '.join(others)}): the heads they name were checked, not their "
                           "signatures")
    from_log = witnessed([cp for cp in log if cp not in bad_log])
    if from_log:
        # the last one logged: each checkpoint reaches the database before its log line (checkpoints._keep)
        last = from_log[-1]
        if last not in in_db:
            check.problems.append(
                f"the database lacks the checkpoint of event #{last.seq} signed {last.signed_at} ({last.made_for}) "
                f"that {log_path()} holds: its checkpoints were deleted, or the database was put back from an "
                "older copy without `lotline restore`")
    return from_log, [cp for cp in in_db if cp not in forged]


def _against_the_chain(check: LedgerCheck, witnesses: list[Witness]) -> None:
    """Each witness's hash must still be the event's at its seq, and the chain must reach it."""
    last = Event.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    hashes = _hashes_at({w.seq for w in witnesses})
    failures: dict[tuple[int, str], str] = {}
    for w in sorted(witnesses, key=lambda w: w.seq):
        if (w.seq, w.hash) not in failures and (problem := checkpoint_problem(
                Head(w.seq, w.hash), last, hashes.get(w.seq), source=w.source)):
            failures[(w.seq, w.hash)] = problem
    shown = list(failures.values())
    check.problems += shown[:PROBLEMS_SHOWN]
    if len(shown) > PROBLEMS_SHOWN:
        check.problems.append(f"and {len(shown) - PROBLEMS_SHOWN} more checkpoints or witnesses fail")


def _hashes_at(seqs: set[int], chunk: int = 500) -> dict[int, str]:
    wanted = sorted(seqs - {0})
    found = {0: GENESIS_HASH}
    for start in range(0, len(wanted), chunk):
        found |= dict(Event.objects.filter(seq__in=wanted[start:start + chunk]).values_list("seq", "hash"))
    return found

"""Signed checkpoints of the hash chain: what stops someone who can write the database from rewriting
history quietly.

The hash chain alone proves nothing to someone who can write the database file: they can change
an event and recompute every later hash, or cut off the last events and fix the chain head. So
the chain's head (its last seq and hash) is signed with an Ed25519 key kept outside the database
at every verify, export, report and backup, and

- appended to the checkpoint log beside the key (the copy that counts: writing the database does
  not reach it) and copied into the `ledger_checkpoint` table (it travels with the database);
- printed on the export or report as a witness, `SEQ:HASH`, so its recipients hold it too.

`lotline verify` then fails when the chain no longer holds a witnessed hash at its seq (rewritten)
or ends before it (cut off). The signature lets a recipient check a checkpoint with the public key
alone (docs/architecture.md shows how with openssl). A checkpoint is not an event: recording one
would move the head it signs.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings

from lotline.datafolder import append_private, private_folder, write_private

from .log import GENESIS_HASH, writing
from .models import ChainHead, Event
from .models import Checkpoint as CheckpointRow

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

LOG_NAME = "checkpoints.log"
LAST_VERIFY_NAME = "last_verify.json"
RESTORE = "restore"  # a checkpoint made for a restore starts the log afresh above its seq (see witnessed)


@dataclass(frozen=True)
class Head:
    """Where the chain ends: the witness a recipient keeps, written SEQ:HASH."""

    seq: int
    hash: str

    def __str__(self) -> str:
        return f"{self.seq}:{self.hash}"


@dataclass(frozen=True)
class Checkpoint:
    seq: int
    hash: str
    signed_at: str  # ISO 8601, UTC, to the microsecond: part of what is signed
    made_for: str
    key_id: str
    signature: str  # base64 of the 64-byte Ed25519 signature of message()

    @property
    def head(self) -> Head:
        return Head(self.seq, self.hash)

    def message(self) -> bytes:
        """The signed text: `lotline checkpoint SEQ:HASH SIGNED_AT`."""
        return f"lotline checkpoint {self.head} {self.signed_at}".encode()

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "witness": str(self.head)}


def current_head() -> Head:
    head = ChainHead.objects.filter(pk=1).values_list("seq", "hash").first()
    return Head(*head) if head else Head(0, GENESIS_HASH)


# --- the key ----------------------------------------------------------------------------------


def key_path() -> Path:
    return Path(settings.CHECKPOINT_KEY)


def log_path() -> Path:
    return key_path().parent / LOG_NAME


def signing_key() -> Ed25519PrivateKey:
    """The checkpoint key, created 0600 (PEM, PKCS#8) the first time it is needed."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    path = key_path()
    if not path.exists():
        private_folder(path.parent)
        pem = Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        write_private(path, pem)  # two processes starting at once: the first one's key is kept
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError(f"{path} is not an Ed25519 private key")
    return key


def public_key() -> Ed25519PublicKey:
    return signing_key().public_key()


def public_key_pem() -> str:
    from cryptography.hazmat.primitives import serialization

    return public_key().public_bytes(serialization.Encoding.PEM,
                                     serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def key_id_of(key: Ed25519PublicKey) -> str:
    from cryptography.hazmat.primitives import serialization

    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def sign(head: Head, made_for: str) -> Checkpoint:
    key = signing_key()
    at = dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")
    unsigned = Checkpoint(head.seq, head.hash, at, made_for, key_id_of(key.public_key()), "")
    signature = base64.b64encode(key.sign(unsigned.message())).decode()
    return Checkpoint(head.seq, head.hash, at, made_for, unsigned.key_id, signature)


def signature_ok(checkpoint: Checkpoint, key: Ed25519PublicKey) -> bool:
    from cryptography.exceptions import InvalidSignature

    try:
        key.verify(base64.b64decode(checkpoint.signature), checkpoint.message())
    except (InvalidSignature, ValueError):
        return False
    return True


# --- the log beside the key, and the copy in the database ----------------------------------------


def _from_dict(data: dict[str, Any]) -> Checkpoint:
    return Checkpoint(int(data["seq"]), data["hash"], data["signed_at"], data["made_for"], data["key_id"],
                      data["signature"])


def logged() -> list[Checkpoint]:
    """Every checkpoint in the log, oldest first."""
    path = log_path()
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as lines:
        return [_from_dict(json.loads(line)) for line in lines if line.strip()]


def last_logged() -> Checkpoint | None:
    """The log's last line, read from the end of the file (the home page asks on every visit)."""
    path = log_path()
    try:
        with path.open("rb") as f:
            size = f.seek(0, 2)
            f.seek(max(0, size - 4096))
            tail = f.read().decode("utf-8", errors="replace").strip().splitlines()
    except FileNotFoundError:
        return None
    return _from_dict(json.loads(tail[-1])) if tail else None


def witnessed(checkpoints: list[Checkpoint]) -> list[Checkpoint]:
    """The checkpoints the chain must still hold: a restore puts back an older database, so the
    checkpoints logged before it above the restored head are of events that were lost with it."""
    kept, ceiling = [], None
    for cp in reversed(checkpoints):
        if ceiling is None or cp.seq <= ceiling:
            kept.append(cp)
        if cp.made_for == RESTORE:
            ceiling = cp.seq if ceiling is None else min(ceiling, cp.seq)
    return kept[::-1]


def stored() -> list[Checkpoint]:
    """The copies in the database (they came along with it from a backup, or from another server)."""
    fields = ("seq", "hash", "signed_at", "made_for", "key_id", "signature")
    return [Checkpoint(*row) for row in CheckpointRow.objects.order_by("id").values_list(*fields)]


def _keep(checkpoint: Checkpoint) -> None:
    # Both under the chain's lock (seal), the database row first: the log's lines then come in
    # the order the database received them. Were the commit to fail after the line was written,
    # verify would report the log's last checkpoint missing from the database: a false alarm,
    # rare enough (a one-row insert) to accept for a log written before anyone is told the head.
    CheckpointRow.objects.create(**asdict(checkpoint))
    private_folder(log_path().parent)
    append_private(log_path(), json.dumps(checkpoint.as_dict(), sort_keys=True) + "\n")


# --- the cheap checks, and sealing --------------------------------------------------------------


def hash_at(seq: int) -> str | None:
    if seq == 0:
        return GENESIS_HASH
    return Event.objects.filter(seq=seq).values_list("hash", flat=True).first()


def quick_problem(head: Head | None = None) -> str:
    """What a glance finds wrong, or "": the head against the last event and the last checkpoint.

    Three indexed reads, whatever the size of the log: the home page runs it on every visit.
    The full walk of the chain is `lotline verify`.
    """
    head = head or current_head()
    last = Event.objects.order_by("-seq").values_list("seq", "hash").first() or (0, GENESIS_HASH)
    if (head.seq, head.hash) != last:
        return f"the chain head says it ends at event #{head.seq}, but the last event is #{last[0]}"
    if (verdict := last_verify()) and not verdict["ok"]:
        return f"the last verify ({verdict['at'][:16].replace('T', ' ')} UTC) failed: {verdict['problem']}"
    checkpoint = last_logged()
    if checkpoint is None:
        return ""
    return checkpoint_problem(checkpoint, head.seq, hash_at(checkpoint.seq))


def checkpoint_problem(checkpoint: Checkpoint | Head, chain_ends: int, found: str | None, *,
                       source: str = "") -> str:
    """Why the chain (ending at `chain_ends`, holding `found` at the checkpoint's seq) fails a
    checkpoint or witness, or ""."""
    source = source or _source(checkpoint)
    if checkpoint.seq > chain_ends:
        return (f"the chain ends at event #{chain_ends}, but {source} saw it reach #{checkpoint.seq}: "
                "events were cut off")
    if found != checkpoint.hash:
        return (f"event #{checkpoint.seq} is not the one {source} saw (its hash differs): the chain was rewritten "
                f"from event #{checkpoint.seq} or before")
    return ""


def _source(checkpoint: Checkpoint | Head) -> str:
    if isinstance(checkpoint, Checkpoint):
        return f"the checkpoint signed {checkpoint.signed_at[:19].replace('T', ' ')} UTC ({checkpoint.made_for})"
    return f"the witness {checkpoint.seq}:{checkpoint.hash[:12]}…"


@dataclass(frozen=True)
class Seal:
    """The head an export or report states, and its checkpoint; `refused` says why none was signed."""

    head: Head
    checkpoint: Checkpoint | None
    refused: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"seq": self.head.seq, "hash": self.head.hash, "witness": str(self.head),
                "checkpoint": self.checkpoint.as_dict() if self.checkpoint else None,
                "not_signed_because": self.refused or None}

    def line(self) -> str:
        """One line for the foot of a report or CSV file."""
        if self.checkpoint is None:
            return f"ledger head {self.head} (NOT signed: {self.refused})"
        cp = self.checkpoint
        return (f"ledger head {self.head} signed {cp.signed_at} by key {cp.key_id} "
                f"(check it: lotline verify --witness {self.head})")


def seal(made_for: str, head: Head | None = None) -> Seal:
    """Sign the chain's head (or `head`, read earlier in an export's snapshot) unless a glance finds
    the chain broken; a head already signed last is not signed again."""
    with writing():  # holds the end of the chain, so no event or other checkpoint slips in between
        now = current_head()
        head = head or now
        if problem := quick_problem(now):
            return Seal(head, None, problem)
        last = last_logged()
        if last is not None and last.head == head:
            return Seal(head, last)
        checkpoint = sign(head, made_for)
        _keep(checkpoint)
        return Seal(head, checkpoint)


# --- the last verify -----------------------------------------------------------------------------


def last_verify() -> dict[str, Any] | None:
    try:
        return json.loads((key_path().parent / LAST_VERIFY_NAME).read_text())
    except (FileNotFoundError, ValueError):
        return None


def remember_verify(ok: bool, head: Head, problem: str = "") -> None:
    """Keep the outcome of the last full verify beside the key, for the home page."""
    folder = private_folder(key_path().parent)
    text = json.dumps({"at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "ok": ok,
                       "head": str(head), "problem": problem})
    tmp = folder / f".{LAST_VERIFY_NAME}.tmp"
    tmp.unlink(missing_ok=True)
    write_private(tmp, text.encode())
    tmp.replace(folder / LAST_VERIFY_NAME)


def glance() -> dict[str, Any]:
    """What the home page says about the ledger on every visit, without walking the chain."""
    head = current_head()
    verdict = last_verify()
    if verdict:
        verdict["when"] = verdict["at"][:16].replace("T", " ")
    return {"head": head, "problem": quick_problem(head), "last_verify": verdict}


# --- the head on an export -----------------------------------------------------------------------

HEAD_FILE = "ledger_head.csv"  # in an export's folder, ZIP or workbook (sheet ledger_head); an import skips it
HEAD_COLUMNS = ["witness", "seq", "hash", "signed_at", "made_for", "key_id", "signature", "public_key",
                "not_signed_because"]


def head_row(sealed: Seal) -> list[Any]:
    """The row of HEAD_FILE: the witness, and what a recipient needs to check its signature."""
    cp = sealed.checkpoint
    signed = [cp.signed_at, cp.made_for, cp.key_id, cp.signature, public_key_pem().strip()] if cp else [""] * 5
    return [str(sealed.head), sealed.head.seq, sealed.head.hash, *signed, sealed.refused]


def show_head(console: Any, head: dict[str, Any]) -> None:
    """The head at the foot of a command's tables (`head` is Seal.as_dict())."""
    if cp := head["checkpoint"]:
        console.print(f"Ledger head: event #{head['seq']}, witness [bold]{head['witness']}[/bold], signed "
                      f"{cp['signed_at'][:19]} UTC by key {cp['key_id']}", highlight=False)
    else:
        console.print(f"Ledger head: event #{head['seq']}, witness [bold]{head['witness']}[/bold], "
                      f"[red]NOT signed[/red]: {head['not_signed_because']}", highlight=False)

"""Appending to the event log and checking its hash chain.

Each event's hash is SHA-256 over a canonical JSON array of its fields and the previous event's
hash, so changing, removing or reordering any stored event breaks the chain from there on.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from .kinds import EventKind
from .models import ChainHead, Event

GENESIS_HASH = "0" * 64

Projector = Callable[[Mapping[str, Any], int], None]
_projectors: dict[str, Projector] = {}


class StoredPayload(Mapping[str, Any]):
    """An event's payload as its projector sees it: the stored text, parsed the first time it is read.

    On SQLite the projectors of lot events read their rows from the stored event in SQL, so the
    text of an import's 5,000-row event is never parsed in Python at all.
    """

    def __init__(self, text: str) -> None:
        self._text = text
        self._parsed: dict[str, Any] | None = None

    def _data(self) -> dict[str, Any]:
        if self._parsed is None:
            self._parsed = json.loads(self._text)
        return self._parsed

    def __getitem__(self, key: str) -> Any:
        return self._data()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data())

    def __len__(self) -> int:
        return len(self._data())


def projector(kind: EventKind) -> Callable[[Projector], Projector]:
    """Register the function that applies one kind of event to the read tables."""

    def register(fn: Projector) -> Projector:
        _projectors[str(kind)] = fn
        return fn

    return register


def project(kind: str, payload: Mapping[str, Any], seq: int) -> None:
    """Apply an event to the read tables (at record time, and again when rebuilding)."""
    _projectors[kind](payload, seq)


def json_default(value: Any) -> str:
    """Decimals as plain numbers (8.5, never 8.50 or 1E+1) and dates as ISO text: in events and in --json."""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"cannot store {type(value).__name__} in an event payload")


def canonical_json(payload: Any) -> str:
    """The one text form of a payload: sorted keys, no spaces, decimals and dates as strings."""
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=json_default)


def _timestamp(at: dt.datetime) -> str:
    return at.astimezone(dt.UTC).isoformat(timespec="microseconds")


def event_hash(
    seq: int, kind: str, recorded_at: dt.datetime, actor: str, site: str, subject: str, payload: str, prev: str
) -> str:
    content = json.dumps([seq, kind, _timestamp(recorded_at), actor, site, subject, payload, prev])
    return hashlib.sha256(content.encode()).hexdigest()


def _lock_head() -> ChainHead:
    """Lock the end of the chain for this transaction; see ChainHead for why."""
    head = ChainHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        head, _ = ChainHead.objects.get_or_create(pk=1, defaults={"seq": 0, "hash": GENESIS_HASH})
    return head


@contextmanager
def writing() -> Iterator[None]:
    """The transaction of one domain write, holding the end of the chain from the start.

    Taking the lock first serialises writers before they read anything they decide on (the next
    batch number, a lot's balance), so two people recording at once cannot both take the same.
    """
    with transaction.atomic():
        _lock_head()
        yield


def record(kind: EventKind, payload: dict[str, Any], *, actor: str, site: str = "", subject: str = "") -> Event:
    """Append one event and apply it to the read tables, both inside the caller's transaction."""
    return append(kind, canonical_json(payload), actor=actor, site=site, subject=subject)


def append(kind: EventKind, text: str, *, actor: str, site: str = "", subject: str = "") -> Event:
    """record() for a payload already written as its canonical text (an import has SQLite write it).

    The caller vouches that `text` is canonical_json of the payload: it is hashed and stored as is.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("record() must run inside ledger.writing()")
    head = _lock_head()
    seq = head.seq + 1
    at = timezone.now()
    digest = event_hash(seq, str(kind), at, actor, site, subject[:120], text, head.hash)
    event = Event.objects.create(
        seq=seq, kind=str(kind), recorded_at=at, actor=actor, site=site, subject=subject[:120],
        payload=text, prev_hash=head.hash, hash=digest,
    )
    ChainHead.objects.filter(pk=1).update(seq=seq, hash=digest)
    project(str(kind), StoredPayload(text), seq)
    return event


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    events_checked: int
    first_bad_seq: int | None = None
    reason: str = ""


def _stored_events(chunk: int = 2000) -> Iterable[tuple]:
    fields = ("seq", "kind", "recorded_at", "actor", "site", "subject", "payload", "prev_hash", "hash")
    return Event.objects.order_by("seq").values_list(*fields).iterator(chunk_size=chunk)


Digest = tuple[int, str, str, bool]  # seq, prev_hash, hash, whether the hash matches the event's content


def digest(seq: int, kind: str, at: dt.datetime, actor: str, site: str, subject: str, payload: str, prev_hash: str,
           stored: str) -> Digest:
    """What the walk needs of one stored event (a backup's events are read in another order, then sorted)."""
    return seq, prev_hash, stored, event_hash(seq, kind, at, actor, site, subject, payload, prev_hash) == stored


def verify() -> VerifyResult:
    """Walk the chain from the first event; name the first one that does not match."""
    head = ChainHead.objects.filter(pk=1).first()
    return walk((digest(*row) for row in _stored_events()), (head.seq, head.hash) if head else (0, GENESIS_HASH))


def walk(digests: Iterable[Digest], head: tuple[int, str]) -> VerifyResult:
    """Check events in seq order against each other and against the chain head (seq, hash)."""
    prev, expected, checked = GENESIS_HASH, 1, 0
    for seq, prev_hash, stored, content_ok in digests:
        if seq != expected:
            return VerifyResult(False, checked, expected, f"event #{expected} is missing (next is #{seq})")
        if prev_hash != prev:
            return VerifyResult(False, checked, seq, "its previous-hash does not match the event before it")
        if not content_ok:
            return VerifyResult(False, checked, seq, "its content does not match its hash (it was changed)")
        prev, expected, checked = stored, expected + 1, checked + 1
    head_seq, head_hash = head
    if (head_seq, head_hash) != (checked, prev):
        return VerifyResult(False, checked, checked + 1 if head_seq > checked else head_seq,
                            f"the chain should end at event #{head_seq} but ends at #{checked}")
    return VerifyResult(True, checked)

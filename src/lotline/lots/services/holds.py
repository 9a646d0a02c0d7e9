"""Holding lots back, releasing them, and marking batches failed."""

from __future__ import annotations

import datetime as dt

from lotline.days import today
from lotline.errors import ErrorCode, LotlineError
from lotline.ledger.kinds import EventKind
from lotline.ledger.log import record, writing
from lotline.lots.lifecycle import check_transition
from lotline.lots.models import LotKind, LotStatus
from lotline.lots.queries import find_lots

from .common import Recorded, check_day, lot_to_change, reason_given, require_lot_sites


def _change(code: str, to: LotStatus, kind: EventKind, reason: str, on: dt.date | None, actor: str,
            *, batches_only: bool = False) -> Recorded:
    reason_given(reason)
    day = check_day(on or today(), "on")
    with writing():
        lot = lot_to_change(actor, code)
        if batches_only and lot.kind != LotKind.BATCH:
            raise LotlineError(ErrorCode.NOT_A_BATCH, f"{lot.code} is a received lot, not a batch", field="lot")
        check_transition(lot, to)
        payload = {"lot": lot.code, "reason": reason.strip(), "on": day.isoformat()}
        event = record(kind, payload, actor=actor, site=lot.site.code, subject=lot.code)
    return Recorded(lot.code, event.seq)


def place_hold(code: str, *, reason: str, on: dt.date | None = None, actor: str) -> Recorded:
    """Hold a lot: it cannot be used in a batch or shipped until released."""
    return _change(code, LotStatus.ON_HOLD, EventKind.LOT_HELD, reason, on, actor)


def place_holds(codes: list[str], *, reason: str, on: dt.date | None = None, actor: str) -> list[Recorded]:
    """Hold many lots in one go (every affected lot of a recall): all of them or, on any refusal,
    none. Lots already on hold stay as they are and are not in the answer."""
    reason_given(reason)
    wanted = list(dict.fromkeys(codes))
    held = []
    # One transaction holding the chain head: no lot can be shipped between two of the holds.
    with writing():
        require_lot_sites(actor, wanted)
        lots = find_lots(wanted)
        if missing := [code for code in wanted if code not in lots]:
            raise LotlineError(ErrorCode.UNKNOWN_LOT, f"unknown lot {missing[0]!r}", field="lot")
        day = check_day(on or today(), "on").isoformat()
        for lot in {lots[code].pk: lots[code] for code in wanted}.values():  # a lot named twice is held once
            if lot.status == LotStatus.ON_HOLD:
                continue
            check_transition(lot, LotStatus.ON_HOLD)
            event = record(EventKind.LOT_HELD, {"lot": lot.code, "reason": reason.strip(), "on": day},
                           actor=actor, site=lot.site.code, subject=lot.code)
            held.append(Recorded(lot.code, event.seq))
    return held


def release_hold(code: str, *, reason: str, on: dt.date | None = None, actor: str) -> Recorded:
    return _change(code, LotStatus.ACTIVE, EventKind.LOT_RELEASED, reason, on, actor)


def mark_failed(code: str, *, reason: str, on: dt.date | None = None, actor: str) -> Recorded:
    """A batch that failed (burnt, failed a test): never used or shipped again."""
    return _change(code, LotStatus.FAILED, EventKind.BATCH_FAILED, reason, on, actor, batches_only=True)

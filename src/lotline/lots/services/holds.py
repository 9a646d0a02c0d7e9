"""Holding lots back, releasing them, and marking batches failed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from lotline.days import today
from lotline.errors import ErrorCode, LotlineError
from lotline.ledger.kinds import EventKind
from lotline.ledger.log import record, writing
from lotline.lots.lifecycle import check_transition
from lotline.lots.models import Lot, LotKind, LotStatus
from lotline.lots.queries import find_lots, on_hand

from .common import Recorded, check_day, lot_to_change, reason_given, require_lot_sites

# What another app asks of every release, whichever way in it comes from (a page, the API, an import,
# a recall case): lotline.quality's rule that a lot held for an out-of-spec lab result is released by
# a second person. A rule refuses with a LotlineError, or returns what the lot.released event adds.
ReleaseRule = Callable[[Lot, str], dict[str, Any]]
release_rules: list[ReleaseRule] = []


@dataclass(frozen=True)
class StatusChanged(Recorded):
    """A lot held, released or failed, as recorded: its status now, why and when, and what the lot
    is (its item, date, site, and the units on hand that the status now lets go or keeps back)."""

    status: LotStatus
    reason: str
    on: dt.date
    item: str
    item_name: str
    lot_date: dt.date
    site: str
    unit: str
    on_hand: Decimal


def _changed(lot: Lot, to: LotStatus, kind: EventKind, reason: str, day: dt.date, actor: str,
             left: Decimal) -> StatusChanged:
    """Record one lot's change of status (inside the caller's writing())."""
    check_transition(lot, to)
    payload = {"lot": lot.code, "reason": reason, "on": day.isoformat()}
    if kind == EventKind.LOT_RELEASED:
        for rule in release_rules:
            payload |= rule(lot, actor)
    event = record(kind, payload, actor=actor, site=lot.site.code, subject=lot.code)
    return StatusChanged(lot.code, event.seq, to, reason, day, lot.item.code, lot.item.name, lot.lot_date,
                         lot.site.code, lot.unit, left)


def _change(code: str, to: LotStatus, kind: EventKind, reason: str, on: dt.date | None, actor: str,
            *, batches_only: bool = False) -> StatusChanged:
    reason = reason_given(reason)
    day = check_day(on or today(), "on")
    with writing():
        lot = lot_to_change(actor, code)
        if batches_only and lot.kind != LotKind.BATCH:
            raise LotlineError(ErrorCode.NOT_A_BATCH, f"{lot.code} is a received lot, not a batch", field="lot")
        return _changed(lot, to, kind, reason, day, actor, on_hand([lot.code])[lot.code])


def place_hold(code: str, *, reason: str, on: dt.date | None = None, actor: str) -> StatusChanged:
    """Hold a lot: it cannot be used in a batch or shipped until released. on None: the business's today."""
    return _change(code, LotStatus.ON_HOLD, EventKind.LOT_HELD, reason, on, actor)


def place_holds(codes: list[str], *, reason: str, on: dt.date | None = None, actor: str) -> list[StatusChanged]:
    """Hold many lots in one go (every affected lot of a recall): all of them or, on any refusal,
    none. Lots already on hold stay as they are and are not in the answer."""
    # One transaction holding the chain head: no lot can be shipped between two of the holds.
    with writing():
        require_lot_sites(actor, list(dict.fromkeys(codes)))
        return hold_owed(codes, reason=reason, on=on, actor=actor)


def hold_owed(codes: list[str], *, reason: str, on: dt.date | None = None, actor: str) -> list[StatusChanged]:
    """place_holds for holds another verb owes, whatever sites its actor records at: the lots
    downstream of an out-of-spec lab result (lotline.quality), held in the name of the person who
    recorded it. The caller checked that person's own right; releasing still takes the right at
    each lot's site."""
    reason = reason_given(reason)
    wanted = list(dict.fromkeys(codes))
    held = []
    with writing():
        lots = find_lots(wanted)
        if missing := [code for code in wanted if code not in lots]:
            raise LotlineError(ErrorCode.UNKNOWN_LOT, f"unknown lot {missing[0]!r}", field="lot")
        day = check_day(on or today(), "on")
        to_hold = [lot for lot in {lots[code].pk: lots[code] for code in wanted}.values()  # named twice: held once
                   if lot.status != LotStatus.ON_HOLD]
        left = on_hand([lot.code for lot in to_hold])
        for lot in to_hold:
            held.append(_changed(lot, LotStatus.ON_HOLD, EventKind.LOT_HELD, reason, day, actor, left[lot.code]))
    return held


def release_hold(code: str, *, reason: str, on: dt.date | None = None, actor: str) -> StatusChanged:
    """Release a held lot: it can be used and shipped again."""
    return _change(code, LotStatus.ACTIVE, EventKind.LOT_RELEASED, reason, on, actor)


def mark_failed(code: str, *, reason: str, on: dt.date | None = None, actor: str) -> StatusChanged:
    """A batch that failed (burnt, failed a test): never used or shipped again."""
    return _change(code, LotStatus.FAILED, EventKind.BATCH_FAILED, reason, on, actor, batches_only=True)

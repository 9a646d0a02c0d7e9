"""Holding every lot a supplier recall reaches that is still on hand, in one go.

The recall page's button and `POST /api/recall/holds` are shells over `hold_recalled_lots`; the
page also asks `hold_plan` what the button would hold, to say so on it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from lotline.accounts.rights import Right, User, require
from lotline.ledger.log import writing
from lotline.lots.models import LotStatus
from lotline.lots.services import place_holds

from .queries import Trace, recall

# Why an affected lot is skipped: a stable code (the API's `why`) and its words
Why = Literal["failed", "on_hold", "nothing_on_hand"]
SKIPPED: dict[Why, str] = {
    "failed": "failed: it is never used or shipped again",
    "on_hold": "already on hold",
    "nothing_on_hand": "nothing left on hand: used up, shipped or discarded",
}


@dataclass(frozen=True)
class ToHold:
    """An affected lot the hold-all holds: still on hand, neither held nor failed."""

    code: str
    site: str
    on_hand: Decimal  # in the lot's unit
    unit: str


@dataclass(frozen=True)
class Skipped:
    code: str
    why: Why

    @property
    def reason(self) -> str:
        return SKIPPED[self.why]


@dataclass(frozen=True)
class HeldLot:
    code: str
    site: str
    event_seq: int


@dataclass(frozen=True)
class RecallHolds:
    held: list[HeldLot]
    skipped: list[Skipped]


def hold_plan(result: Trace) -> tuple[list[ToHold], list[Skipped]]:
    """Every affected lot of a recall (or forward trace), each either to hold or skipped, and why."""
    to_hold, skipped = [], []
    for lot in sorted(result["lots"] + result["batches"], key=lambda lot: lot["code"]):
        if lot["status"] == LotStatus.FAILED:
            skipped.append(Skipped(lot["code"], "failed"))
        elif lot["status"] == LotStatus.ON_HOLD:
            skipped.append(Skipped(lot["code"], "on_hold"))
        elif not lot["on_hand"] or lot["on_hand"] <= 0:
            skipped.append(Skipped(lot["code"], "nothing_on_hand"))
        else:
            to_hold.append(ToHold(lot["code"], lot["site"], lot["on_hand"], lot["unit"]))
    return to_hold, skipped


def hold_recalled_lots(*, supplier: str, item: str | None = None, first: dt.date, last: dt.date, reason: str,
                       on: dt.date | None = None, user: User) -> RecallHolds:
    """Hold every lot the recall reaches that is still on hand: all of them, or none.

    The person must be allowed to record at the site of every one (staff limited to some sites
    are refused the whole recall, not given half of it).
    """
    require(user, Right.RECORD)  # even when there is nothing to hold
    # The recall is read inside the write's transaction: no lot can be shipped, used up or held
    # between the answer and the holds.
    with writing():
        to_hold, skipped = hold_plan(recall(supplier=supplier, item=item, first=first, last=last))
        for lot in to_hold:
            require(user, Right.RECORD, site=lot.site)
        recorded = place_holds([lot.code for lot in to_hold], reason=reason, on=on, actor=user.get_username())
    sites = {lot.code: lot.site for lot in to_hold}
    return RecallHolds([HeldLot(r.code, sites[r.code], r.event_seq) for r in recorded], skipped)

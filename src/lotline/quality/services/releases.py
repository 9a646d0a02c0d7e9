"""The first half of a two-person release: signing off the release of a lot held for an out-of-spec
result. The second person completes it with the lot verb release_hold (release_rule.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from lotline.days import today
from lotline.errors import ErrorCode, LotlineError
from lotline.ledger.kinds import EventKind
from lotline.ledger.log import record, writing
from lotline.lots.models import LotStatus
from lotline.lots.services.common import check_day, lot_to_change, reason_given

from ..release_rule import owed_hold


@dataclass(frozen=True)
class SignedOff:
    lot: str
    signed_by: str
    reason: str
    on: dt.date
    event_seq: int


def sign_off_release(lot: str, *, reason: str, on: dt.date | None = None, actor: str) -> SignedOff:
    """Sign off the release of a lot held for an out-of-spec result: someone else then releases it.
    Recording at the lot's site, like the release."""
    why = reason_given(reason)
    day = check_day(on or today(), "on")
    with writing():
        the_lot = lot_to_change(actor, lot)
        owed = owed_hold(the_lot) if the_lot.status == LotStatus.ON_HOLD else None
        if owed is None:
            raise LotlineError(ErrorCode.ILLEGAL_TRANSITION, f"lot {the_lot.code} is not held for an out-of-spec "
                               "result: nothing to sign off (release it as any hold)", field="lot")
        payload = {"lot": the_lot.code, "signed_by": actor, "reason": why, "on": day}
        event = record(EventKind.RELEASE_SIGNED_OFF, payload, actor=actor, site=the_lot.site.code,
                       subject=the_lot.code)
    return SignedOff(the_lot.code, actor, why, day, event.seq)

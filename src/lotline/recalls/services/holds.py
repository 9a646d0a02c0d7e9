"""Holding every affected lot of a case that is still on hand, and releasing what the case held.

The holds are the lot verbs' own (lots.services: lot.held and lot.released events, so a held lot
cannot ship or be used), recorded in the same transaction as the case's event: all of them or none.
"""

from __future__ import annotations

from lotline.accounts.rights import Right, require
from lotline.ledger.log import writing
from lotline.lots.lengths import LENGTHS as LOT_LENGTHS
from lotline.lots.models import LotStatus
from lotline.lots.payloads import table
from lotline.lots.queries import find_lots
from lotline.lots.services import place_holds, release_hold
from lotline.lots.services.common import reason_given
from lotline.trace.holds import Why

from ..answers import ActionDone, HeldLot, HoldsDone, SkippedLot
from ..balance import LotBalance, mass_balance
from ..models import Action, Case
from ..queries import held_by
from .common import case_to_change, person_acting, record_action


def _why_skipped(lot: LotBalance) -> Why | None:
    if lot["status"] == LotStatus.FAILED:
        return "failed"
    if lot["status"] == LotStatus.ON_HOLD:
        return "on_hold"
    if lot["on_hand"] <= 0:
        return "nothing_on_hand"
    return None


def _hold_reason(case: Case, reason: str) -> str:
    return reason_given(reason) if reason.strip() else f"recall {case.code}: {case.title}"[:LOT_LENGTHS["reason"]]


def hold_case(case_id: str, *, reason: str = "", actor: str) -> HoldsDone:
    """Hold every affected lot of the case still on hand (neither held nor failed), in one transaction
    with the case.holds_placed event. Staff limited to some sites are refused the whole case unless
    every lot to hold is at one of theirs (never half of it)."""
    person = person_acting(actor)
    with writing():
        case = case_to_change(case_id, Action.HOLDS_PLACED)
        why = _hold_reason(case, reason)
        to_hold, skipped = [], []
        for lot in sorted(mass_balance(case.pk)["lots"], key=lambda b: b["code"]):
            if found := _why_skipped(lot):
                skipped.append(SkippedLot(code=lot["code"], why=found))
            else:
                to_hold.append(lot)
        for site in sorted({lot["site"] for lot in to_hold}):
            require(person, Right.RECORD, site=site)
        place_holds([lot["code"] for lot in to_hold], reason=why, actor=actor)
        done = record_action(case, Action.HOLDS_PLACED, {
            "held": [lot["code"] for lot in to_hold], "reason": why,
            "skipped": table(["lot", "why"], [[s["code"], s["why"]] for s in skipped])}, actor=actor)
    return HoldsDone(**done, held=[HeldLot(code=lot["code"], site=lot["site"], on_hand=lot["on_hand"],
                                           unit=lot["unit"]) for lot in to_hold], skipped=skipped)


def release_holds(case_id: str, *, reason: str, actor: str) -> ActionDone:
    """Release the holds this case placed on lots still held (closing a case never does: releasing is
    its own action, taken while the case is open)."""
    person = person_acting(actor)
    reason = reason_given(reason)
    with writing():
        case = case_to_change(case_id, Action.HOLDS_RELEASED)
        lots = find_lots(held_by(case))
        still = [lot for lot in lots.values() if lot.status == LotStatus.ON_HOLD]
        for site in sorted({lot.site.code for lot in still}):
            require(person, Right.RECORD, site=site)
        for lot in still:
            release_hold(lot.code, reason=reason, actor=actor)
        return record_action(case, Action.HOLDS_RELEASED, {"released": [lot.code for lot in still],
                                                           "reason": reason}, actor=actor)

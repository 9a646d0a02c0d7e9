"""The states a lot goes through, and the one guard every change of state passes."""

from __future__ import annotations

from lotline.errors import ErrorCode, LotlineError

from .models import Lot, LotStatus

A, H, F = LotStatus.ACTIVE, LotStatus.ON_HOLD, LotStatus.FAILED

# (from, to) -> the verb that makes the move
TRANSITIONS: dict[tuple[str, str], str] = {
    (A, H): "hold",
    (H, A): "release",
    (A, F): "mark failed",
    (H, F): "mark failed",
}


# what a person was trying to do, for the refusal message
ATTEMPTS = {H: "be put on hold", A: "be released", F: "be marked failed"}


def check_transition(lot: Lot, to: LotStatus) -> None:
    if (lot.status, to) not in TRANSITIONS:
        state = LotStatus(lot.status).label
        raise LotlineError(ErrorCode.ILLEGAL_TRANSITION, f"lot {lot.code} is {state}, so it cannot {ATTEMPTS[to]}",
                           field="lot")

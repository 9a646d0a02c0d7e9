"""What a case allows: in which status each action may be taken, and what a drill refuses; one guard."""

from __future__ import annotations

from lotline.errors import ErrorCode, LotlineError

from .models import Action, Case, CaseKind, CaseStatus

OPEN, CLOSED = CaseStatus.OPEN, CaseStatus.CLOSED

# (from, to) -> the action that makes the move
TRANSITIONS: dict[tuple[str, str], Action] = {
    (OPEN, CLOSED): Action.CLOSED,
    (CLOSED, OPEN): Action.REOPENED,
}

# The status each action needs: a closed case is read-only, so only reopening it is taken.
NEEDS: dict[Action, CaseStatus] = {action: OPEN for action in Action} | {Action.REOPENED: CLOSED}

# A drill changes no stock, holds nothing and notifies nobody: counts, notes and its checklist only.
NOT_IN_A_DRILL = frozenset({Action.HOLDS_PLACED, Action.HOLDS_RELEASED, Action.CUSTOMER_NOTIFIED,
                            Action.UNITS_RETURNED, Action.UNITS_DESTROYED})
# A drill's report stops its clock and closes it; a recall case is closed with a reason instead.
ONLY_IN_A_DRILL = frozenset({Action.REPORTED})

# what a person was trying to do, for the refusal message
ATTEMPTS: dict[Action, str] = {
    Action.SCOPE_ADDED: "add to its scope", Action.HOLDS_PLACED: "hold lots", Action.SITE_CONFIRMED: "confirm a site",
    Action.CUSTOMER_NOTIFIED: "notify a customer", Action.COUNTED: "record a count",
    Action.UNITS_RETURNED: "record units returned", Action.UNITS_DESTROYED: "destroy units",
    Action.NOTE_ADDED: "add a note", Action.CLOSED: "be closed", Action.REOPENED: "be reopened",
    Action.HOLDS_RELEASED: "release holds", Action.REPORTED: "make a drill's report",
}


def check_action(case: Case, action: Action) -> None:
    """case_closed, case_open or not_for_a_drill unless `case` allows `action` now."""
    if case.kind == CaseKind.DRILL and action in NOT_IN_A_DRILL:
        raise LotlineError(ErrorCode.NOT_FOR_A_DRILL, f"{case.code} is a drill: it does not {ATTEMPTS[action]} "
                           "(a drill changes no stock, holds nothing and notifies nobody)", field="case")
    if case.kind != CaseKind.DRILL and action in ONLY_IN_A_DRILL:
        raise LotlineError(ErrorCode.NOT_A_DRILL, f"{case.code} is a recall case, not a drill: it cannot "
                           f"{ATTEMPTS[action]} (close it with a reason, and write its report)", field="case")
    if case.status == NEEDS[action]:
        return
    if case.status == CLOSED:
        raise LotlineError(ErrorCode.CASE_CLOSED, f"{case.code} is closed, so it cannot {ATTEMPTS[action]}: reopen it "
                           "first (lotline case reopen)", field="case")
    raise LotlineError(ErrorCode.CASE_OPEN, f"{case.code} is open: only a closed case is reopened", field="case")


def status_after(case: Case, action: Action) -> CaseStatus:
    """The status `action` leaves the case in (closing, a drill's report and reopening move it; the
    rest leave it)."""
    if action == Action.REPORTED:
        return CaseStatus.CLOSED
    for (start, end), move in TRANSITIONS.items():
        if move == action and case.status == start:
            return CaseStatus(end)
    return CaseStatus(case.status)

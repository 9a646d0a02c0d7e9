"""The states a complaint goes through, and the one guard every change of state passes."""

from __future__ import annotations

from lotline.errors import ErrorCode, LotlineError

from .models import Complaint, ComplaintStatus

OPEN, ANSWERED, CLOSED = ComplaintStatus.OPEN, ComplaintStatus.ANSWERED, ComplaintStatus.CLOSED

# (from, to) -> what the move is called. A reply may leave an open complaint open ("left a message")
# or answer it (again); a closed complaint is kept as it was closed: it only reopens.
TRANSITIONS: dict[tuple[str, str], str] = {
    (OPEN, OPEN): "note",
    (OPEN, ANSWERED): "answer",
    (ANSWERED, ANSWERED): "answer again",
    (ANSWERED, OPEN): "reopen",
    (OPEN, CLOSED): "close",
    (ANSWERED, CLOSED): "close",
    (CLOSED, OPEN): "reopen",
}


def check_transition(complaint: Complaint, to: ComplaintStatus) -> None:
    """Refuse a move the table does not allow: all of them start from closed."""
    if (complaint.status, to) not in TRANSITIONS:
        refuse_closed(complaint, "status")


def check_open(complaint: Complaint, field: str) -> None:
    """Refuse any change but reopening to a closed complaint (picking its lot)."""
    if complaint.status == CLOSED:
        refuse_closed(complaint, field)


def refuse_closed(complaint: Complaint, field: str) -> None:
    raise LotlineError(ErrorCode.COMPLAINT_CLOSED, f"{complaint} is closed: reopen it (status open) to change it",
                       field=field)

"""The event log: is the chain intact?"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from lotline.accounts.rights import Right, require
from lotline.ledger.log import verify

from ..schemas import ErrorOut

router = Router(tags=["ledger"])


class VerifyOut(Schema):
    ok: bool
    events_checked: int
    first_bad_seq: int | None = None
    reason: str = ""


@router.get("/verify", response={200: VerifyOut, 403: ErrorOut}, summary="Check the event log's hash chain")
def verify_chain(request: HttpRequest) -> VerifyOut:
    """Recompute every event's hash; name the first event that was changed, removed or reordered."""
    require(request.user, Right.READ)
    result = verify()
    return VerifyOut(ok=result.ok, events_checked=result.events_checked, first_bad_seq=result.first_bad_seq,
                     reason=result.reason)

"""Drawing a sample from a lot, to send to a lab."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from lotline.accounts.rights import Right, require
from lotline.codes import code_problem
from lotline.days import today
from lotline.errors import ErrorCode, LotlineError
from lotline.ledger.kinds import EventKind
from lotline.ledger.log import record, writing
from lotline.lots.models import NumberCounter
from lotline.lots.queries import find_lot
from lotline.lots.services.common import check_day

from ..lengths import LENGTHS
from ..models import Sample
from .common import text

SAMPLE_SCOPE = "quality.sample"  # the number counter of samples numbered S-0001, S-0002...


@dataclass(frozen=True)
class DrawnSample:
    """A sample as recorded: its id (to write on the bag), the lot, and its event."""

    code: str
    lot: str
    lab: str
    drawn_on: dt.date
    drawn_by: str
    drawn_at: str
    event_seq: int


def _taken(code: str) -> bool:
    return Sample.objects.filter(code__iexact=code).exists()


def _next_code() -> str:
    """The next free S-nnnn (inside the writing(): one writer at a time moves the counter); ids typed
    by hand are skipped over, never reused."""
    counter, _ = NumberCounter.objects.get_or_create(scope=SAMPLE_SCOPE)
    n = counter.last
    while True:
        n += 1
        code = f"S-{n:04d}"
        if not _taken(code):
            break
    NumberCounter.objects.filter(pk=counter.pk).update(last=n)
    return code


def _given_code(code: str) -> str:
    if found := code_problem(code, max_length=LENGTHS["sample"], what="a sample id"):
        raise LotlineError(*found, field="code")
    if _taken(code):
        raise LotlineError(ErrorCode.DUPLICATE_CODE, f"sample {code} is already recorded (ids are the same whatever "
                           "their case): give another id, or leave it blank for the next number", field="code")
    return code


def draw_sample(*, lot: str, lab: str, code: str = "", drawn_on: dt.date | None = None, drawn_at: str = "",
                drawn_by: str = "", actor: str) -> DrawnSample:
    """Record a sample drawn from a lot for a lab: its id given (`code`) or numbered S-0001; `drawn_by`
    is the actor unless named; drawn_on None: the business's today. Recording at the lot's site."""
    lab = text(lab, "lab", required="name the lab the sample goes to")
    drawn_at = text(drawn_at, "drawn_at")
    drawn_by = text(drawn_by, "drawn_by") or actor
    code = code.strip()
    day = check_day(drawn_on or today(), "drawn_on")
    with writing():
        the_lot = find_lot(lot, field="lot")
        require(actor, Right.RECORD, site=the_lot.site.code)
        if day < the_lot.lot_date:
            raise LotlineError(ErrorCode.IMPOSSIBLE_DATE, f"drawn on {day}, before lot {the_lot.code} was made or "
                               f"received ({the_lot.lot_date})", field="drawn_on")
        sample = _given_code(code) if code else _next_code()
        payload = {"sample": sample, "lot": the_lot.code, "lab": lab, "drawn_on": day, "drawn_at": drawn_at,
                   "drawn_by": drawn_by}
        event = record(EventKind.SAMPLE_DRAWN, payload, actor=actor, site=the_lot.site.code, subject=sample)
    return DrawnSample(sample, the_lot.code, lab, day, drawn_by, drawn_at, event.seq)

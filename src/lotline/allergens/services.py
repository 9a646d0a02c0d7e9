"""Recording a clean-down of equipment: the one write of the allergens app."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from lotline.accounts.rights import Right, require
from lotline.catalog.models import Equipment
from lotline.errors import ErrorCode, LotlineError
from lotline.ledger.kinds import EventKind
from lotline.ledger.log import record, writing
from lotline.lengths import too_long
from lotline.lots.services.common import check_day

from .models import LENGTHS


@dataclass(frozen=True)
class Cleaned:
    """A clean-down as recorded: the equipment, when (and the business's day of it), by whom, the note."""

    equipment: str
    equipment_name: str
    at: dt.datetime
    on: dt.date
    by: str
    note: str
    event_seq: int


def find_equipment(code: str) -> Equipment:
    """Equipment by its code, in any case; unknown_equipment naming the field otherwise."""
    found = Equipment.objects.filter(code__iexact=code.strip()).first() if code.strip() else None
    if found is None:
        raise LotlineError(ErrorCode.UNKNOWN_EQUIPMENT, f"unknown equipment {code!r}: give its code",
                           field="equipment")
    return found


def clean_equipment(code: str, *, at: dt.datetime | None = None, note: str = "", actor: str) -> Cleaned:
    """Record that a kettle, oven or table was cleaned down: a batch made on it afterwards no longer
    may contain what the batches made on it before contained. at None: now."""
    note = note.strip()
    if reason := too_long(note, LENGTHS["note"]):
        raise LotlineError(ErrorCode.TOO_LONG, f"the note is too long: {reason}", field="note")
    at = timezone.localtime(at or timezone.now())  # a naive time is refused by localtime: aware only
    on = check_day(at.date(), "at")
    with writing():
        equipment = find_equipment(code)
        require(actor, Right.RECORD, site=equipment.site or None)
        payload = {"equipment": equipment.code, "at": at.isoformat(), "on": on.isoformat(), "by": actor,
                   "note": note}
        event = record(EventKind.EQUIPMENT_CLEANED, payload, actor=actor, site=equipment.site,
                       subject=equipment.code)
    return Cleaned(equipment.code, equipment.name, at, on, actor, note, event.seq)

"""The EPCIS events taken in, as pages and the API show them."""

from __future__ import annotations

import json
from typing import Any

from .models import Outcome, ReceivedEvent, ReceivedEventLot

LISTED = 100


def _row(e: ReceivedEvent) -> dict[str, Any]:
    return {"hash": e.event_hash, "event_id": e.event_id, "type": e.event_type, "event_time": e.event_time,
            "biz_step": e.biz_step, "outcome": e.outcome, "became": e.became, "why_kept": e.why_kept,
            "source": e.source, "event_seq": e.event_seq,
            "lots": sorted(x.lot.code for x in e.lots.all()),
            "body": json.loads(e.body) if e.body else None}


def taken_in(*, outcome: str = "", limit: int = LISTED) -> list[dict[str, Any]]:
    """The events taken in, newest first (only the kept ones: outcome='kept')."""
    found = ReceivedEvent.objects.order_by("-event_seq", "-id").prefetch_related("lots__lot")
    if outcome:
        found = found.filter(outcome=outcome)
    return [_row(e) for e in found[:limit]]


def kept_for_lot(code: str) -> list[dict[str, Any]]:
    """The events kept verbatim that name one of our lots (shown on its page)."""
    ids = ReceivedEventLot.objects.filter(lot__code=code).values_list("event_id", flat=True)
    found = ReceivedEvent.objects.filter(id__in=ids, outcome=Outcome.KEPT).order_by("event_time")
    return [_row(e) for e in found.prefetch_related("lots__lot")]

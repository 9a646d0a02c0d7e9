"""Projector: an epcis.captured event fills the table of events taken in. Replayed by verify --rebuild."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

from lotline.ledger.kinds import EventKind
from lotline.ledger.log import projector
from lotline.ledger.rebuild import read_table
from lotline.lots.models import Lot

from .models import ReceivedEvent, ReceivedEventLot


@projector(EventKind.EPCIS_CAPTURED)
def epcis_captured(payload: Mapping[str, Any], seq: int) -> None:
    for row in payload["events"]:
        taken = ReceivedEvent.objects.create(
            event_hash=row["hash"], event_id=row["id"], event_type=row["type"],
            event_time=dt.datetime.fromisoformat(row["time"].replace("Z", "+00:00")), biz_step=row["step"],
            outcome=row["outcome"], became=row.get("became", ""), why_kept=row.get("why", ""),
            body=json.dumps(row["body"], ensure_ascii=False) if "body" in row else "",
            source=payload.get("source", ""), event_seq=seq)
        lots = Lot.objects.filter(code__in=row.get("lots", []))
        ReceivedEventLot.objects.bulk_create([ReceivedEventLot(event=taken, lot=lot) for lot in lots])


read_table("epcis_received_event", 2, "SELECT event_hash, event_id, event_type, event_time, biz_step, outcome, "
                                      "became, why_kept, body, source, event_seq FROM epcis_received_event")
read_table("epcis_received_event_lot", 3, "SELECT e.event_hash, l.code FROM epcis_received_event_lot x "
                                          "JOIN epcis_received_event e ON e.id = x.event_id "
                                          "JOIN lot l ON l.id = x.lot_id")

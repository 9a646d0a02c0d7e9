"""Projector: how a clean-down changes the read table. Replayed as-is by `verify --rebuild`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from lotline.catalog.models import Equipment
from lotline.ledger.kinds import EventKind
from lotline.ledger.log import projector
from lotline.ledger.rebuild import read_table

from .models import Cleaning


@projector(EventKind.EQUIPMENT_CLEANED)
def equipment_cleaned(payload: Mapping[str, Any], seq: int) -> None:
    Cleaning.objects.create(equipment=Equipment.objects.get(code=payload["equipment"]),
                            cleaned_on=dt.date.fromisoformat(payload["on"]),
                            cleaned_at=dt.datetime.fromisoformat(payload["at"]), cleaned_by=payload["by"],
                            note=payload.get("note", ""), event_seq=seq)


read_table("equipment_cleaning", 1, "SELECT q.code, c.cleaned_on, c.cleaned_at, c.cleaned_by, c.note, c.event_seq "
                                    "FROM equipment_cleaning c JOIN equipment q ON q.id = c.equipment_id")

"""Projector: how `lab.mapping_set` changes the labs' read table. Replayed as-is by `verify --rebuild`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from lotline.ledger.kinds import EventKind
from lotline.ledger.log import canonical_json, projector
from lotline.ledger.rebuild import read_table

from .models import Lab


@projector(EventKind.LAB_MAPPING_SET)
def mapping_set(payload: Mapping[str, Any], seq: int) -> None:
    """The lab is added by its first mapping, and each later one replaces it (renaming the lab too)."""
    Lab.objects.update_or_create(code=payload["lab"], defaults={
        "name": payload["name"], "columns": canonical_json(payload["columns"]),
        "date_format": payload["date_format"], "decimal_comma": payload["decimal_comma"],
        "delimiter": payload["delimiter"], "set_by": payload["by"], "event_seq": seq})


read_table("lab", 0, "SELECT code, name, columns, date_format, decimal_comma, delimiter, set_by, event_seq FROM lab")

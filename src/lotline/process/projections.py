"""Projectors: how process events change the read tables. Replayed as-is by `verify --rebuild`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from lotline.catalog.models import Item
from lotline.ledger.kinds import EventKind
from lotline.ledger.log import projector
from lotline.ledger.rebuild import read_table
from lotline.lots.models import Lot

from .models import ProcessField, ProcessValue


def _number(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


@projector(EventKind.PROCESS_FIELDS_SET)
def fields_set(payload: Mapping[str, Any], seq: int) -> None:
    """The product's fields become the event's list; a field with values is never deleted (the verb
    keeps every such field in the list, retired if need be), so values keep pointing at it."""
    product = Item.objects.get(code=payload["product"])
    table = payload["fields"]
    listed = []
    for position, row in enumerate(table["rows"], 1):
        f = dict(zip(table["columns"], row, strict=True))
        listed.append(f["code"])
        ProcessField.objects.update_or_create(product=product, code=f["code"], defaults={
            "label": f["label"], "kind": f["kind"], "unit": f["unit"], "target_min": _number(f["target_min"]),
            "target_max": _number(f["target_max"]), "position": position, "event_seq": seq,
            "retired_on": dt.date.fromisoformat(f["retired_on"]) if f["retired_on"] else None})
    ProcessField.objects.filter(product=product).exclude(code__in=listed).delete()


@projector(EventKind.PROCESS_RECORDED)
def recorded(payload: Mapping[str, Any], seq: int) -> None:
    batch = Lot.objects.get(code=payload["batch"])
    table = payload["values"]
    rows = [dict(zip(table["columns"], row, strict=True)) for row in table["rows"]]
    fields = {f.code: f for f in ProcessField.objects.filter(product_id=batch.item_id,
                                                             code__in=[r["field"] for r in rows])}
    ProcessValue.objects.filter(batch=batch, field__in=fields.values(), superseded_seq__isnull=True) \
        .update(superseded_seq=seq)
    ProcessValue.objects.bulk_create([
        ProcessValue(batch=batch, field=fields[r["field"]], value=_number(r["value"]), text=r["text"], unit=r["unit"],
                     target_min=_number(r["target_min"]), target_max=_number(r["target_max"]), event_seq=seq)
        for r in rows])


read_table("process_field", 1, "SELECT i.code AS product, f.code, f.label, f.kind, f.unit, f.target_min, "
                               "f.target_max, f.position, f.retired_on, f.event_seq "
                               "FROM process_field f JOIN item i ON i.id = f.product_id")
read_table("process_value", 2, "SELECT l.code AS batch, f.code AS field, v.value, v.text, v.unit, v.target_min, "
                               "v.target_max, v.event_seq, v.superseded_seq FROM process_value v "
                               "JOIN lot l ON l.id = v.batch_id JOIN process_field f ON f.id = v.field_id")

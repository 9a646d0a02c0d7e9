"""Projectors: how each complaint event changes the `complaint` read table. Replayed as-is by
`verify --rebuild`; codes in payloads are as stored (a lot's code, a customer's ref), so they are
found exactly."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from lotline.catalog.models import Customer, Item
from lotline.ledger.kinds import EventKind
from lotline.ledger.log import projector
from lotline.ledger.rebuild import read_table
from lotline.lots.models import Lot

from .models import PREFIX, Complaint, ComplaintStatus


def _number(complaint_id: str) -> int:
    return int(complaint_id.removeprefix(PREFIX))


def _id(model: type[Customer] | type[Item] | type[Lot], key: str, value: str) -> int:
    return model.objects.values_list("id", flat=True).get(**{key: value})


def _maybe(model: type[Customer] | type[Item] | type[Lot], key: str, value: str | None) -> int | None:
    return None if value is None else _id(model, key, value)


@projector(EventKind.COMPLAINT_RECORDED)
def complaint_recorded(payload: Mapping[str, Any], seq: int) -> None:
    Complaint.objects.create(
        number=_number(payload["complaint"]), customer_id=_id(Customer, "ref", payload["customer"]),
        complained_on=payload["date"], said=payload["said"], code=payload["code"], via=payload["via"],
        unit_number=payload["unit_number"], item_id=_maybe(Item, "code", payload["item"]),
        bought_on=payload["bought_on"], bought_at_id=_maybe(Customer, "ref", payload["bought_at"]),
        lot_id=_maybe(Lot, "code", payload["lot"]), status=ComplaintStatus.OPEN, event_seq=seq, changed_seq=seq)


@projector(EventKind.COMPLAINT_ANSWERED)
def complaint_answered(payload: Mapping[str, Any], seq: int) -> None:
    changes: dict[str, Any] = {"status": payload["status"], "changed_seq": seq}
    if payload["reply"]:
        changes |= {"reply": payload["reply"], "answered_on": payload["on"]}
    Complaint.objects.filter(number=_number(payload["complaint"])).update(**changes)


@projector(EventKind.COMPLAINT_LOT_PICKED)
def complaint_lot_picked(payload: Mapping[str, Any], seq: int) -> None:
    Complaint.objects.filter(number=_number(payload["complaint"])).update(
        lot_id=_id(Lot, "code", payload["lot"]), via=payload["via"], unit_number=payload["unit_number"],
        changed_seq=seq)


# Level 3: it refers to lots (level 1) and the catalog (level 0), so it is emptied before them.
read_table("complaint", 3, """SELECT c.number, cu.ref AS customer, c.complained_on, c.said, c.code, c.via,
    c.unit_number, i.code AS item, c.bought_on, b.ref AS bought_at, l.code AS lot, c.status, c.reply,
    c.answered_on, c.event_seq, c.changed_seq
    FROM complaint c JOIN customer cu ON cu.id = c.customer_id LEFT JOIN item i ON i.id = c.item_id
    LEFT JOIN customer b ON b.id = c.bought_at_id LEFT JOIN lot l ON l.id = c.lot_id""")

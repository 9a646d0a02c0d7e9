"""Our records as EPCIS 2.0 events (JSON-LD, compact form), one builder per kind of record.

Receipts and shipments are ObjectEvents (bizStep receiving / shipping) with their source and
destination, a batch is a TransformationEvent from its input lots to its output, a discard is
destroying, a hold and its release are dispositions (recalled when a recall case placed it).
The event time is the business date at midnight in the business's time zone: the day is what we
record, and midnight keeps the event (and so its hash, its id) the same in every export.
Fields EPCIS has no word for ride in our namespace (`lotline:lot` is our own lot code when the
class names the supplier's) so an import of our export gives back the same records.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from decimal import Decimal
from functools import lru_cache
from typing import Any

from django.conf import settings

from . import vocabulary as v
from .identifiers import document, lot_class, place
from .sources import Row

Event = dict[str, Any]
NS = f"{v.PREFIX}:"


@lru_cache(maxsize=4096)
def _time(day: dt.date) -> tuple[str, str]:
    """(eventTime, eventTimeZoneOffset) of a business day's midnight."""
    at = dt.datetime(day.year, day.month, day.day, tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE))
    offset = at.strftime("%z")
    offset = f"{offset[:3]}:{offset[3:]}"
    return f"{day.isoformat()}T00:00:00{offset}", offset


def number(value: Decimal | int | float) -> int | float:
    """A quantity as a JSON number: whole numbers as integers."""
    d = Decimal(str(value))
    return int(d) if d == d.to_integral_value() else float(d)


def tlc(row: Row) -> str:
    """A lot's traceability lot code: the supplier's for a lot bought in, else our code."""
    return row["supplier_lot"] if row["lot_kind"] == "received" and row["supplier_lot"] else row["lot"]


def quantity(item: str, gtin: str, lot_tlc: str, amount: Decimal, unit: str) -> dict[str, Any]:
    element: dict[str, Any] = {"epcClass": lot_class(item, gtin or "", lot_tlc), "quantity": number(amount)}
    if uom := v.UOM.get(unit.lower()):
        element["uom"] = uom
    return element


def _lot_quantity(row: Row, amount: Decimal) -> dict[str, Any]:
    return quantity(row["item"], row["gtin"], tlc(row), amount, row["unit"])


def _site(row: Row, *, party: bool = False) -> str:
    return place("site", row["site"], row["site_gln"] or "", party=party)


def _common(kind: str, row: Row, step: str, disposition: str) -> Event:
    time, offset = _time(row["day"])
    event: Event = {"type": kind, "eventTime": time, "eventTimeZoneOffset": offset}
    if kind == "ObjectEvent":
        event["action"] = "OBSERVE"
    event.update({"bizStep": step, "disposition": disposition, "readPoint": {"id": _site(row)},
                  "bizLocation": {"id": _site(row)}})
    return event


def _documents(kind: str, number_: str) -> list[dict[str, str]]:
    if not number_:
        return []
    found: dict[str, str] = {"bizTransaction": document(kind, number_)}
    if cbv := v.DOCUMENT_TYPE.get(kind.lower()):
        found = {"type": cbv, **found}
    return [found]


def _ours(event: Event, row: Row) -> Event:
    """Our lot code beside a class that names the supplier's (an import finds the very lot)."""
    if tlc(row) != row["lot"]:
        event[f"{NS}lot"] = row["lot"]
    return event


def _put(event: Event, key: str, value: Any) -> None:
    if value not in ("", None, [], {}):
        event[key] = value


def receipt(row: Row) -> Event:
    event = _common("ObjectEvent", row, v.RECEIVING, "in_progress")
    event["quantityList"] = [_lot_quantity(row, row["quantity"])]
    _put(event, "bizTransactionList", _documents(row["reference_doc_type"], row["reference_doc"]))
    supplier = row["supplier"] or ""
    if supplier:
        gln = row["supplier_gln"] or ""
        event["sourceList"] = [{"type": v.OWNING_PARTY, "source": place("supplier", supplier, gln, party=True)},
                               {"type": v.LOCATION, "source": place("supplier", supplier, gln)}]
    event["destinationList"] = [{"type": v.OWNING_PARTY, "destination": _site(row, party=True)},
                                {"type": v.LOCATION, "destination": _site(row)}]
    event[f"{NS}lot"] = row["lot"]  # always: an import tells our code from a supplier's by it
    _put(event, f"{NS}tlcSource", row["tlc_source"])
    _put(event, f"{NS}bestBy", row["best_by"].isoformat() if row["best_by"] else "")
    _put(event, f"{NS}allergens", row["allergens"])
    _put(event, f"{NS}mayContain", row["may_contain"])
    return event


def batch(row: Row) -> Event:
    time, offset = _time(row["day"])
    event: Event = {"type": "TransformationEvent", "eventTime": time, "eventTimeZoneOffset": offset}
    _put(event, "inputQuantityList", [quantity(i["item"], i["gtin"], tlc(i), i["quantity"], i["unit"])
                                      for i in row["inputs"]])
    event["outputQuantityList"] = [_lot_quantity(row, row["quantity"])]
    event.update({"bizStep": v.COMMISSIONING, "disposition": "active", "readPoint": {"id": _site(row)},
                  "bizLocation": {"id": _site(row)}})
    _put(event, "bizTransactionList", _documents(row["reference_doc_type"], row["reference_doc"]))
    ilmd: dict[str, Any] = {}
    _put(ilmd, "cbvmda:bestBeforeDate", row["best_by"].isoformat() if row["best_by"] else "")
    if row["quantity_discarded"]:
        ilmd[f"{NS}discarded"] = number(row["quantity_discarded"])
    _put(event, "ilmd", ilmd)
    if any(tlc(i) != i["lot"] for i in row["inputs"]):
        event[f"{NS}inputLots"] = [i["lot"] for i in row["inputs"]]
    return event


def shipment(row: Row) -> Event:
    event = _common("ObjectEvent", row, v.SHIPPING, "in_transit")
    event["quantityList"] = [_lot_quantity(row, row["quantity"])]
    _put(event, "bizTransactionList", _documents(row["reference_doc_type"], row["reference_doc"]))
    gln = row["customer_gln"] or ""
    event["sourceList"] = [{"type": v.OWNING_PARTY, "source": _site(row, party=True)},
                           {"type": v.LOCATION, "source": _site(row)}]
    event["destinationList"] = [
        {"type": v.OWNING_PARTY, "destination": place("customer", row["customer"], gln, party=True)},
        {"type": v.LOCATION, "destination": place("customer", row["customer"], gln)}]
    event[f"{NS}shipment"] = row["ref"]
    return _ours(event, row)


def discard(row: Row) -> Event:
    event = _common("ObjectEvent", row, v.DESTROYING, "destroyed")
    event["quantityList"] = [_lot_quantity(row, row["quantity"])]
    event[f"{NS}reason"] = row["reason"]
    if row["nth"] > 1:
        event[f"{NS}nth"] = row["nth"]
    return _ours(event, row)


def hold(row: Row) -> Event:
    event = _common("ObjectEvent", row, v.HOLDING, "recalled" if row["recalled"] else "non_sellable_other")
    event["quantityList"] = [{"epcClass": lot_class(row["item"], row["gtin"] or "", tlc(row))}]
    event[f"{NS}reason"] = row["reason"]
    return _ours(event, row)


def release(row: Row) -> Event:
    event = _common("ObjectEvent", row, v.INSPECTING, "available")
    event["quantityList"] = [{"epcClass": lot_class(row["item"], row["gtin"] or "", tlc(row))}]
    return _ours(event, row)


BUILDERS = {"receipt": receipt, "batch": batch, "shipment": shipment, "discard": discard, "hold": hold,
            "release": release}

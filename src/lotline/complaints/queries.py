"""Reading complaints: one by its id, lists of them, those about a lot, and the lots a complaint
without a code may be about (its candidates).

The answers are typed here once (ComplaintView, Candidate): the pages, the CLI, the API and the
recalls app (`case open --complaint`) read them, and the API's schemas are derived from them.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated, TypedDict

from django.db.models import Max, Min, Q, QuerySet, Sum

from lotline.catalog.models import Customer, Item
from lotline.errors import ErrorCode, LotlineError
from lotline.lots.models import Shipment
from lotline.lots.payloads import decimal

from .models import PREFIX, Complaint, ComplaintStatus
from .patterns import Pattern, patterns_about

ID_RE = re.compile(rf"^\s*(?:{PREFIX[0]}-?)?0*(\d{{1,9}})\s*$", re.IGNORECASE)  # C-12, c-12, C12, 12

# A unit bought on day D came from a shipment to that place some days before: a shop sells a jar
# weeks after it was delivered. Candidates are shipped up to BEFORE days before D (and AFTER days
# after, for a date remembered wrong), the shipment nearest before D first.
BEFORE = dt.timedelta(days=60)
AFTER = dt.timedelta(days=3)
# Without a date, what the place received in the year before the complaint.
NO_DATE = dt.timedelta(days=365)
CANDIDATES_SHOWN = 20
LISTED = 200  # complaints on a list page or `complaint list`; the total is counted


class ComplaintView(TypedDict):
    """A complaint as recorded, with its lot (None until one is picked), its reply and its status."""

    id: Annotated[str, "C-<n>"]
    date: Annotated[str, "When the customer complained"]
    customer: Annotated[str, "The customer's ref"]
    customer_name: str
    customer_contact: str
    said: str
    code: Annotated[str, "The code on their unit as they gave it (blank: they had none)"]
    via: Annotated[str, "How the lot was found: lot code, supplier lot code, unit serial, or picked"]
    unit_number: int | None
    item: Annotated[str | None, "The product they bought, when they had no code"]
    item_name: str | None
    bought_on: str | None
    bought_at: Annotated[str | None, "The ref of the place they bought it (a customer of ours)"]
    bought_at_name: str | None
    lot: Annotated[str | None, "The lot it points at; None until one is picked"]
    lot_item_name: str | None
    lot_date: str | None
    status: Annotated[str, ComplaintStatus]
    reply: str
    answered_on: str | None
    event_seq: int
    changed_seq: int


class Candidate(TypedDict):
    """A batch the complaint may be about: of its product, shipped to the place around the day."""

    lot: str
    item: str
    item_name: str
    made_on: str
    shipped_to: Annotated[str, "The customer's ref"]
    shipped_to_name: str
    shipped_on: Annotated[str, "Its shipment to that place nearest before the day bought (else just after)"]
    quantity: Annotated[Decimal, "Shipped there in the window, in the lot's unit"]
    unit: str
    days_before: Annotated[int | None, "From that shipment to the day they bought it (negative: after it)"]


def id_number(text: str, *, field: str = "complaint") -> int:
    """The n of a complaint id written C-n, in any case (c-3, C3 and 3 too)."""
    found = ID_RE.match(text or "")
    if not found:
        raise LotlineError(ErrorCode.UNKNOWN_COMPLAINT, f"no complaint {text!r}: a complaint's id is written C-1",
                           field=field)
    return int(found[1])


def _rows() -> QuerySet[Complaint]:
    return Complaint.objects.select_related("customer", "item", "bought_at", "lot__item")


def find_complaint(text: str, *, field: str = "complaint") -> Complaint:
    """The complaint with this id (C-n, in any case)."""
    found = _rows().filter(number=id_number(text, field=field)).first()
    if found is None:
        raise LotlineError(ErrorCode.UNKNOWN_COMPLAINT, f"no complaint {text.strip()!r}", field=field)
    return found


def view(c: Complaint) -> ComplaintView:
    lot = c.lot
    return ComplaintView(
        id=c.id_text, date=c.complained_on.isoformat(), customer=c.customer.ref, customer_name=c.customer.name,
        customer_contact=c.customer.contact, said=c.said, code=c.code, via=c.via, unit_number=c.unit_number,
        item=c.item.code if c.item else None, item_name=c.item.name if c.item else None,
        bought_on=c.bought_on.isoformat() if c.bought_on else None,
        bought_at=c.bought_at.ref if c.bought_at else None, bought_at_name=c.bought_at.name if c.bought_at else None,
        lot=lot.code if lot else None, lot_item_name=lot.item.name if lot else None,
        lot_date=lot.lot_date.isoformat() if lot else None, status=c.status, reply=c.reply,
        answered_on=c.answered_on.isoformat() if c.answered_on else None, event_seq=c.event_seq,
        changed_seq=c.changed_seq)


def complaint(text: str) -> ComplaintView:
    """One complaint by its id (C-n, in any case)."""
    return view(find_complaint(text))


class ComplaintList(TypedDict):
    complaints: list[ComplaintView]
    total: Annotated[int, "How many match; the list holds the newest first, at most 200"]


def complaints(*, status: str = "", lot: str = "", limit: int = LISTED) -> ComplaintList:
    """Complaints, newest first: all, or those of one status ("open" also takes "not closed": the
    open and the answered), or those about one lot (its code in any case)."""
    rows = _rows()
    if status == "not closed":
        rows = rows.exclude(status=ComplaintStatus.CLOSED)
    elif status:
        if status not in ComplaintStatus.values:
            raise LotlineError(ErrorCode.BAD_CHOICE, f"{status!r} is not one of {', '.join(ComplaintStatus.values)}",
                               field="status")
        rows = rows.filter(status=status)
    if lot:
        from lotline.lots.queries import find_lot

        rows = rows.filter(lot=find_lot(lot, field="lot"))
    found = list(rows.order_by("-number")[:limit + 1])
    total = len(found) if len(found) <= limit else rows.count()
    return ComplaintList(complaints=[view(c) for c in found[:limit]], total=total)


def complaints_about(code: str) -> list[ComplaintView]:
    """The complaints about one lot (its page; the code as stored), newest first. Walks complaint_lot_idx."""
    return [view(c) for c in _rows().filter(lot__code=code).order_by("-number")[:LISTED]]


def candidates(*, item: Item, place: Customer, bought_on: dt.date | None, complained_on: dt.date
               ) -> list[Candidate]:
    """The batches of `item` shipped to `place` around the day it was bought (without a day: in the
    year before the complaint), the shipment nearest before that day first, then those just after.

    One grouped query over the place's shipments in the window (shipment_customer_id index)."""
    first, last = (bought_on - BEFORE, bought_on + AFTER) if bought_on else (complained_on - NO_DATE, complained_on)
    day = bought_on or last
    rows = (Shipment.objects.filter(customer=place, lot__item=item, shipped_on__range=(first, last))
            .values("lot__code", "lot__lot_date", "lot__unit")
            .annotate(before=Max("shipped_on", filter=Q(shipped_on__lte=day)),
                      after=Min("shipped_on", filter=Q(shipped_on__gt=day)), quantity=Sum("quantity")))
    found = []
    for r in rows:
        # the last shipment on or before the day they bought it; failing that, the first one after it
        shipped = r["before"] or r["after"]
        found.append(Candidate(
            lot=r["lot__code"], item=item.code, item_name=item.name, made_on=r["lot__lot_date"].isoformat(),
            shipped_to=place.ref, shipped_to_name=place.name, shipped_on=shipped.isoformat(),
            quantity=decimal(r["quantity"]), unit=r["lot__unit"],
            days_before=(bought_on - shipped).days if bought_on else None))
    found.sort(key=lambda c: (_nearness(c), c["lot"]))
    return found[:CANDIDATES_SHOWN]


def _nearness(c: Candidate) -> tuple[int, int]:
    """Shipped before the day first, the nearest first; then those after it, the nearest first."""
    days = c["days_before"]
    if days is None:
        return 0, -dt.date.fromisoformat(c["shipped_on"]).toordinal()
    return (0, days) if days >= 0 else (1, -days)


def candidates_of(text: str) -> list[Candidate]:
    """The candidates of a complaint recorded without a code (none for one that has a product)."""
    c = find_complaint(text)
    if c.item is None:
        return []
    return candidates(item=c.item, place=c.bought_at or c.customer, bought_on=c.bought_on,
                      complained_on=c.complained_on)


class ComplaintDetails(TypedDict):
    """One complaint, the lots it may be (while none is picked), and the patterns it is in."""

    complaint: ComplaintView
    candidates: Annotated[list[Candidate], "While no lot is picked: the lots it may be, the likeliest first"]
    patterns: Annotated[list[Pattern], "The patterns this complaint is in"]


def complaint_details(text: str) -> ComplaintDetails:
    """A complaint's page: the complaint, its candidates while it has no lot, and its patterns."""
    found = complaint(text)
    mine = [p for p in patterns_about(found["lot"]) if found["id"] in p["complaints"]] if found["lot"] else []
    return ComplaintDetails(complaint=found, candidates=[] if found["lot"] else candidates_of(found["id"]),
                            patterns=mine)

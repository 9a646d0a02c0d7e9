"""The verbs of complaints: record one, answer it (and open, answer or close it), pick its lot.

Each owns its transaction (ledger.writing()), checks the person's right first, appends one event
and returns what it recorded; the projectors (projections.py) write the read table.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from django.db.models import Max

from lotline.accounts.rights import Right, require
from lotline.catalog.choices import CustomerKind, ItemKind
from lotline.catalog.models import Customer, Item
from lotline.catalog.queries import find_customer, find_item
from lotline.catalog.services import add_records
from lotline.days import today
from lotline.errors import ErrorCode, Forbidden, LotlineError
from lotline.ledger.kinds import EventKind
from lotline.ledger.log import record, writing
from lotline.lengths import too_long
from lotline.lots.queries import Match, lookup_one
from lotline.lots.services.common import check_day

from .labels import code_on_label
from .lengths import LENGTHS
from .lifecycle import check_open, check_transition
from .models import PREFIX, Complaint, ComplaintStatus
from .queries import Candidate, ComplaintView, candidates, find_complaint, view

PICKED = "picked"  # the `via` of a lot a person picked from the candidates (or typed later)


@dataclass(frozen=True)
class NewCustomer:
    """A customer who is not in the catalog yet: added with the complaint, in the same transaction,
    by the catalog's own verb (and so with its rules and its right: an owner's)."""

    ref: str
    name: str
    kind: str = CustomerKind.OTHER
    contact: str = ""
    address: str = ""


@dataclass(frozen=True)
class ComplaintRecorded:
    """A complaint as recorded or changed, its event, and (recorded without a code) its candidates."""

    complaint: ComplaintView
    event_seq: int
    candidates: list[Candidate] = field(default_factory=list)


def _text(value: str, name: str, *, required: bool = False, what: str = "") -> str:
    value = value.strip()
    if required and not value:
        raise LotlineError(ErrorCode.MISSING, what, field=name)
    if why := too_long(value, LENGTHS[name]):
        raise LotlineError(ErrorCode.TOO_LONG, why, field=name)
    return value


@dataclass(frozen=True)
class _Found:
    """What a complaint points at, as the person described it."""

    match: Match | None
    item: Item | None
    bought_at: Customer | None


def _what_it_is_about(code: str, item: str, bought_on: dt.date | None, bought_at: str, day: dt.date) -> _Found:
    """The lot of the code on their unit (any code a person holds, or a scanned label), or the
    product and when or where they bought it, for the candidates."""
    match = None
    if code:
        match = lookup_one(code_on_label(code), field="code")
        if match is None:
            raise LotlineError(ErrorCode.UNKNOWN_LOT, f"no lot, batch, supplier lot or unit serial {code!r}: check "
                               "the code on their unit, or leave it blank and give the product", field="code")
    product = find_item(item, kind=ItemKind.PRODUCT, field="item") if item.strip() else None
    if match is None and product is None:
        raise LotlineError(ErrorCode.MISSING, "give the code on their unit or, when they have none, the product "
                           "they bought and when or where", field="code")
    if bought_on is not None:
        check_day(bought_on, "bought_on")
        if bought_on > day:
            raise LotlineError(ErrorCode.IMPOSSIBLE_DATE, f"bought on {bought_on}, after the complaint ({day})",
                               field="bought_on")
    if match is None and bought_on is None and not bought_at.strip():
        raise LotlineError(ErrorCode.MISSING, "say when or where they bought it, so Lotline can list the lots it "
                           "may be", field="bought_on")
    place = find_customer(bought_at, field="bought_at") if bought_at.strip() else None
    return _Found(match, product, place)


def _the_customer(customer: str | NewCustomer, actor: str) -> Customer:
    if isinstance(customer, str):
        return find_customer(customer, field="customer")
    try:
        add_records("customer", [{"ref": customer.ref, "name": customer.name, "kind": customer.kind,
                                   "contact": customer.contact, "address": customer.address}], actor=actor)
    except Forbidden:
        raise
    except LotlineError as error:  # one customer: its problems name fields, not "row 1"
        raise LotlineError(error.code, error.message, field=error.problems[0].field,
                           problems=[replace(p, row=None) for p in error.problems]) from None
    return find_customer(customer.ref.strip(), field="customer")


def record_complaint(*, customer: str | NewCustomer, said: str, code: str = "", item: str = "",
                     bought_on: dt.date | None = None, bought_at: str = "", on: dt.date | None = None,
                     actor: str) -> ComplaintRecorded:
    """Record what a customer said about a unit: with the code on it, the lot it points at; without,
    the product and when (`bought_on`) or where (`bought_at`, a customer of ours) they bought it, and
    the lots it may be are listed (`candidates`) for a person to pick. `on`: the business's today."""
    said = _text(said, "said", required=True, what="write what the customer said")
    code = _text(code, "code")
    day = check_day(on or today(), "date")
    with writing():
        require(actor, Right.RECORD)
        found = _what_it_is_about(code, item, bought_on, bought_at, day)
        who = _the_customer(customer, actor)
        number = (Complaint.objects.aggregate(last=Max("number"))["last"] or 0) + 1
        offered: list[Candidate] = []
        if found.match is None and found.item is not None:
            offered = candidates(item=found.item, place=found.bought_at or who, bought_on=bought_on,
                                 complained_on=day)
        match = found.match
        payload = {
            "complaint": f"{PREFIX}{number}", "customer": who.ref, "date": day, "said": said, "code": code,
            "lot": match.code if match else None, "via": match.via if match else "",
            "unit_number": match.unit_number if match else None,
            "item": found.item.code if found.item else None, "bought_on": bought_on,
            "bought_at": found.bought_at.ref if found.bought_at else None,
            "candidates": [c["lot"] for c in offered],
        }
        event = record(EventKind.COMPLAINT_RECORDED, payload, actor=actor, subject=payload["complaint"])
        return ComplaintRecorded(view(find_complaint(payload["complaint"])), event.seq, offered)


def answer_complaint(complaint: str, *, text: str = "", status: str = "", on: dt.date | None = None,
                     actor: str) -> ComplaintRecorded:
    """Write our reply (kept as the complaint's reply) and/or set its status: a reply alone answers
    an open complaint; `status` open reopens a closed one, closed closes it."""
    text = _text(text, "reply")
    if not text and not status:
        raise LotlineError(ErrorCode.MISSING, "write the reply, or choose a status", field="reply")
    if status and status not in ComplaintStatus.values:
        raise LotlineError(ErrorCode.BAD_CHOICE, f"{status!r} is not one of {', '.join(ComplaintStatus.values)}",
                           field="status")
    day = check_day(on or today(), "on")
    with writing():
        require(actor, Right.RECORD)
        found = find_complaint(complaint)
        to = ComplaintStatus(status) if status else ComplaintStatus.ANSWERED
        if not status and found.status == ComplaintStatus.CLOSED:
            to = ComplaintStatus.CLOSED  # refused below: a reply does not reopen it unasked
        check_transition(found, to)
        if not text and to == found.status:
            raise LotlineError(ErrorCode.MISSING, "write the reply, or choose another status", field="reply")
        payload = {"complaint": found.id_text, "reply": text, "status": to, "on": day}
        event = record(EventKind.COMPLAINT_ANSWERED, payload, actor=actor, subject=found.id_text)
        return ComplaintRecorded(view(find_complaint(found.id_text)), event.seq)


def pick_lot(complaint: str, *, lot: str, actor: str) -> ComplaintRecorded:
    """Say which lot a complaint is about (one of its candidates, or any code a person holds); a
    later pick corrects an earlier one, and the log keeps both."""
    code = _text(lot, "code", required=True, what="give the lot's code")
    with writing():
        require(actor, Right.RECORD)
        found = find_complaint(complaint)
        check_open(found, "lot")
        match = lookup_one(code_on_label(code), field="lot")
        if match is None:
            raise LotlineError(ErrorCode.UNKNOWN_LOT, f"no lot, batch, supplier lot or unit serial {code!r}",
                               field="lot")
        payload = {"complaint": found.id_text, "lot": match.code, "via": PICKED, "unit_number": match.unit_number}
        event = record(EventKind.COMPLAINT_LOT_PICKED, payload, actor=actor, subject=found.id_text)
        return ComplaintRecorded(view(find_complaint(found.id_text)), event.seq)

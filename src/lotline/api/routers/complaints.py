"""Complaints through the API: list, record (with the candidate lots when there is no code), one
complaint, reply and status, pick its lot, and the patterns among them. The same verbs and queries
the pages and `lotline complaint` call."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from lotline.accounts.rights import Right, require
from lotline.complaints.lengths import LENGTHS
from lotline.complaints.models import ComplaintStatus
from lotline.complaints.patterns import Pattern, patterns
from lotline.complaints.queries import ComplaintDetails, ComplaintList, complaint_details, complaints
from lotline.complaints.services import ComplaintRecorded, NewCustomer, answer_complaint, pick_lot, record_complaint
from lotline.errors import ErrorCode, LotlineError

from ..answers import derived, many
from ..schemas import ErrorOut

router = Router(tags=["complaints"])
ERRORS: dict[int, Any] = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}

ComplaintListOut = derived(ComplaintList)
ComplaintRecordedOut = derived(ComplaintRecorded)
ComplaintDetailsOut = derived(ComplaintDetails)
PatternsOut = many(Pattern)


def _text(field: str, default: Any = "", description: str | None = None) -> Any:
    return Field(default, description=description, json_schema_extra={"maxLength": LENGTHS[field]})


class NewCustomerIn(Schema):
    ref: str = Field(description="Your id for the new customer: JLEE")
    name: str
    kind: str = Field("other", description="market, store, online, wholesale or other")
    contact: str = Field("", description="Phone, e-mail")
    address: str = ""


class ComplaintIn(Schema):
    customer: str = Field("", description="Who complains: a customer's ref or name (blank with new_customer)")
    new_customer: NewCustomerIn | None = Field(None, description="A customer not in the catalog yet, added with the "
                                                                 "complaint (an owner's right)")
    said: str = _text("said", ..., description="What they said, in their words")
    code: str = _text("code", description="The code on their unit: a batch, a unit serial, a supplier's lot code, "
                                          "a scanned GS1 label; blank: give item and bought_on or bought_at")
    date: dt.date | None = Field(None, description="When they complained; blank: today")
    item: str = Field("", description="No code: the product they bought")
    bought_on: dt.date | None = Field(None, description="No code: the day they bought it")
    bought_at: str = Field("", description="No code: where they bought it (a customer of ours: a shop, a market)")


class ComplaintFilter(Schema):
    status: ComplaintStatus | None = None
    lot: str = Field("", description="Only complaints about this lot (its code in any case)")


class ReplyIn(Schema):
    text: str = _text("reply", description="Our reply, kept as the complaint's reply (may be blank with a status)")
    status: ComplaintStatus | None = Field(None, description="Blank: answered when there is a reply; open reopens "
                                                             "a closed complaint")
    on: dt.date | None = Field(None, description="Blank: today")


class PickIn(Schema):
    lot: str = Field(description="The lot it is about: a candidate's code, or any code a person holds")


@router.get("/complaints", response={200: ComplaintListOut, **ERRORS}, summary="List complaints")
def list_complaints(request: HttpRequest, filters: Query[ComplaintFilter]) -> ComplaintList:
    """Complaints, newest first (at most 200, with the total): all, of one status, or about one lot."""
    require(request.user, Right.READ)
    return complaints(status=filters.status or "", lot=filters.lot)


@router.post("/complaints", response={201: ComplaintRecordedOut, **ERRORS}, summary="Record a complaint")
def add_complaint(request: HttpRequest, body: ComplaintIn) -> Status:
    """Record what a customer said about a unit. With `code`, the complaint points at its lot; without,
    give `item` and `bought_on` or `bought_at`: the answer lists the lots it may be (`candidates`),
    to pick with POST /complaints/{id}/pick."""
    customer: str | NewCustomer = body.customer
    if body.new_customer is not None:
        if body.customer.strip():
            raise LotlineError(ErrorCode.BAD_INPUT, "give customer or new_customer, not both", field="customer")
        customer = NewCustomer(**body.new_customer.dict())
    done = record_complaint(customer=customer, said=body.said, code=body.code, item=body.item,
                            bought_on=body.bought_on, bought_at=body.bought_at, on=body.date,
                            actor=request.user.get_username())
    return Status(201, dataclasses.asdict(done))


@router.get("/complaints/patterns", response={200: PatternsOut, **ERRORS},
            summary="Complaints that share a batch or a lot upstream")
def complaint_patterns(request: HttpRequest) -> list[Pattern]:
    """Two or more complaints (not closed) about the same batch, or about batches that share a lot at any
    depth, each with the likely cause: the shared lot whose forward trace reaches the fewest batches."""
    require(request.user, Right.READ)
    return patterns()


@router.get("/complaints/{complaint_id}", response={200: ComplaintDetailsOut, **ERRORS}, summary="One complaint")
def get_complaint(request: HttpRequest, complaint_id: str) -> ComplaintDetails:
    """The complaint (C-1, in any case), the lots it may be while none is picked, and its patterns."""
    require(request.user, Right.READ)
    return complaint_details(complaint_id)


@router.post("/complaints/{complaint_id}/reply", response={200: ComplaintRecordedOut, **ERRORS},
             summary="Reply to a complaint, or set its status")
def reply(request: HttpRequest, complaint_id: str, body: ReplyIn) -> dict[str, Any]:
    """Record our reply and/or a status: a reply alone answers it; closed closes it; open reopens it.
    409 complaint_closed for a reply to a closed complaint."""
    done = answer_complaint(complaint_id, text=body.text, status=body.status or "", on=body.on,
                            actor=request.user.get_username())
    return dataclasses.asdict(done)


@router.post("/complaints/{complaint_id}/pick", response={200: ComplaintRecordedOut, **ERRORS},
             summary="Say which lot a complaint is about")
def pick(request: HttpRequest, complaint_id: str, body: PickIn) -> dict[str, Any]:
    """The lot a complaint without a code is about (or a correction of an earlier pick); the log keeps both."""
    return dataclasses.asdict(pick_lot(complaint_id, lot=body.lot, actor=request.user.get_username()))

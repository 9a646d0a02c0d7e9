"""Reading lots and tracing them: lookup, lot lists and pages, trace back and forward, supplier
recalls; and holding or releasing a lot. The same functions the pages and the CLI call."""


import datetime as dt
from typing import Any, Literal

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from lotline.accounts.rights import Right, require
from lotline.lots.details import lot_details
from lotline.lots.models import Lot, LotKind, LotStatus
from lotline.lots.queries import lookup
from lotline.lots.services import discard_units, mark_failed, place_hold, release_hold
from lotline.lots.where import lot_to_record
from lotline.trace.holds import hold_recalled_lots
from lotline.trace.queries import recall, trace_back, trace_forward

from ..schemas import Amount, CodeInPath, DictOut, ErrorOut, Quantity, text

router = Router(tags=["trace"])
ERRORS: dict[int, Any] = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}


# --- shapes -----------------------------------------------------------------------------------


class MatchOut(Schema):
    via: str = Field(description="How the code matched: lot code, supplier lot code or unit serial")
    code: str = Field(description="Our lot code or batch number")
    kind: LotKind
    item: str
    item_name: str
    lot_date: str
    supplier: str = ""
    supplier_lot: str = ""
    unit_number: int | None = None


class LotRowOut(Schema):
    code: str
    kind: LotKind
    item: str = Field(alias="item.code")
    item_name: str = Field(alias="item.name")
    site: str = Field(alias="site.code")
    date: dt.date = Field(alias="lot_date")
    quantity: Amount
    unit: str
    status: LotStatus
    supplier: str | None = Field(None, alias="supplier.ref")
    supplier_lot: str = ""
    best_by: dt.date | None = None


class LotFilter(Schema):
    kind: LotKind | None = None
    item: str | None = Field(None, description="Item code")
    status: LotStatus | None = None


class SupplierRefOut(Schema):
    ref: str
    name: str
    contact: str


class InputOut(Schema):
    lot: str
    kind: LotKind
    item: str
    item_name: str
    supplier: str
    supplier_lot: str
    quantity: Amount
    unit: str
    quantity_in_lot_unit: Amount
    lot_unit: str


class UseOut(Schema):
    batch: str
    item: str
    item_name: str
    date: str
    quantity: Amount = Field(description="In the lot's unit")
    unit: str
    status: LotStatus


class LotShipmentOut(Schema):
    ref: str
    customer: str
    customer_name: str
    contact: str
    shipped_on: str
    quantity: Amount
    unit: str
    reference_doc: str


class DiscardOut(Schema):
    quantity: Amount
    unit: str
    on: str
    reason: str


class HoldOut(Schema):
    reason: str
    placed_on: str
    placed_seq: int
    released_on: str | None
    released_seq: int | None
    open: bool


class ConfirmedOut(Schema):
    code: str
    message: str
    where: str = ""


class EventOut(Schema):
    seq: int
    kind: str
    recorded_at: dt.datetime
    actor: str
    site: str
    hash: str
    prev_hash: str
    confirmed: list[ConfirmedOut] = Field([], description="Warnings the actor confirmed to record it "
                                                           "(expired_input, no_inputs, near_twin)")


class LotOut(Schema):
    code: str
    kind: LotKind
    status: LotStatus
    item: str
    item_name: str
    item_kind: str
    allergens: list[str]
    site: str
    site_name: str
    date: str
    quantity: Amount
    quantity_discarded: Amount
    unit: str
    on_hand: Amount
    best_by: str | None
    reference_doc_type: str
    reference_doc: str
    made_by: str
    equipment: str
    supplier: SupplierRefOut | None
    supplier_lot: str
    inputs: list[InputOut]
    used_in: list[UseOut]
    used_in_total: int
    shipments: list[LotShipmentOut]
    shipments_total: int
    discards: list[DiscardOut]
    holds: list[HoldOut]
    events: list[EventOut]


class SubjectOut(DictOut):
    via: str
    code: str
    unit_number: int | None = None


class TraceLotOut(DictOut):
    code: str
    kind: LotKind
    item: str
    item_name: str
    date: str
    quantity: Amount
    quantity_discarded: Amount
    unit: str
    status: LotStatus
    site: str
    allergens: list[str]
    depth: int = 0
    supplier: str | None = None
    supplier_name: str | None = None
    supplier_lot: str | None = None
    quantity_used: Amount | None = Field(None, description="Back traces: how much the batches above used")
    on_hand: Amount | None = Field(None, description="Forward traces and recalls: units left")


class LinkOut(DictOut):
    batch: str
    lot: str
    quantity: Amount
    unit: str
    quantity_in_lot_unit: Amount
    lot_unit: str


class ShipmentOut(DictOut):
    ref: str
    lot: str
    item: str
    shipped_on: str
    quantity: Amount
    unit: str
    reference_doc: str
    customer: str


class TraceCustomerOut(DictOut):
    id: str = Field(description="The customer's ref")
    name: str
    kind: str
    contact: str
    address: str
    shipments: list[ShipmentOut]


class OnHandOut(DictOut):
    code: str
    on_hand: Amount
    unit: str
    status: LotStatus


class TraceOut(DictOut):
    direction: str
    subject: list[SubjectOut]
    lots: list[TraceLotOut]
    batches: list[TraceLotOut]
    customers: list[TraceCustomerOut]
    links: list[LinkOut]
    shipments: list[ShipmentOut] = []
    on_hand: list[OnHandOut] = []


class RecallQueryOut(DictOut):
    supplier: str
    supplier_name: str
    item: str | None
    from_: str = Field(alias="from")
    to: str
    compared_until: str


class RecallOut(TraceOut):
    not_affected: list[TraceLotOut] = Field(description="Batches of the same products and sites in the period that "
                                                        "used none of the recalled lots (the first 500)")
    not_affected_total: int
    query: RecallQueryOut


class ReasonIn(Schema):
    reason: str = text("reason", ..., description="Why: kept in the log")
    on: dt.date | None = Field(None, description="Blank: today")


class StatusOut(Schema):
    code: str
    status: LotStatus
    event_seq: int


# --- endpoints --------------------------------------------------------------------------------


@router.get("/lookup", response={200: list[MatchOut], 400: ErrorOut, 403: ErrorOut}, summary="Find a code")
def lookup_code(request: HttpRequest, code: str) -> list[dict]:
    """Every lot a code may mean: our lot or batch code, a supplier's lot code (not unique: all are
    listed), a unit serial (batch code, dash, unit number). An empty list when nothing matches."""
    require(request.user, Right.READ)
    return [m.as_dict() for m in lookup(code)]


@router.get("/lots", response={200: list[LotRowOut], 400: ErrorOut, 403: ErrorOut}, summary="List lots")
@paginate(LimitOffsetPagination)
def list_lots(request: HttpRequest, filters: Query[LotFilter]) -> QuerySet:
    """Received lots and batches, newest first; filter by kind, item code and status."""
    require(request.user, Right.READ)
    lots = Lot.objects.all()
    if filters.kind:
        lots = lots.filter(kind=filters.kind)
    if filters.item:
        lots = lots.filter(item__code=filters.item)
    if filters.status:
        lots = lots.filter(status=filters.status)
    return lots.select_related("item", "site", "supplier").order_by("-lot_date", "-id")


@router.get("/lots/{text:code}", response={200: LotOut, **ERRORS}, summary="Everything about one lot")
def get_lot(request: HttpRequest, code: CodeInPath) -> dict:
    """What went in, where it went, units on hand, holds, and the events that recorded it (with their hashes)."""
    require(request.user, Right.READ)
    return lot_details(code)


@router.get("/trace/back/{text:code}", response={200: TraceOut, **ERRORS}, summary="Trace back: what went in")
def trace_back_endpoint(request: HttpRequest, code: CodeInPath) -> dict:
    """Every ingredient lot (with its supplier) and batch that went into `code`, to any depth."""
    require(request.user, Right.READ)
    return trace_back(code)


@router.get("/trace/forward/{text:code}", response={200: TraceOut, **ERRORS}, summary="Trace forward: where it went")
def trace_forward_endpoint(request: HttpRequest, code: CodeInPath) -> dict:
    """Every batch that contains `code`, every customer who received it, and the units still on hand."""
    require(request.user, Right.READ)
    return trace_forward(code)


class RecallIn(Schema):
    supplier: str = Field(description="Supplier ref or name")
    item: str | None = Field(None, description="Item code or name; blank: every item from the supplier")
    first: dt.date = Field(alias="from", description="First receiving date, included")
    last: dt.date = Field(alias="to", description="Last receiving date, included")


@router.get("/recall", response={200: RecallOut, **ERRORS}, summary="A supplier recall", by_alias=True)
def recall_endpoint(request: HttpRequest, params: Query[RecallIn]) -> dict:
    """The lots received from a supplier (of an item) in a window, every batch and customer
    downstream, the units on hand to hold, and the batches made then that were NOT affected."""
    require(request.user, Right.READ)
    return recall(supplier=params.supplier, item=params.item or None, first=params.first, last=params.last)


class RecallHoldsIn(RecallIn):
    reason: str = Field(description="Why: kept in the log with every hold")
    on: dt.date | None = Field(None, description="Blank: today")


class HeldLotOut(Schema):
    code: str
    site: str
    event_seq: int


class SkippedLotOut(Schema):
    code: str
    why: Literal["failed", "on_hold", "nothing_on_hand"]
    reason: str


class RecallHoldsOut(Schema):
    held: list[HeldLotOut] = Field(description="The lots put on hold now, each with its event")
    skipped: list[SkippedLotOut] = Field(description="The other affected lots, and why they were not held")


@router.post("/recall/holds", response={200: RecallHoldsOut, 401: ErrorOut, **ERRORS},
             summary="Hold every lot a recall reaches")
def hold_recall(request: HttpRequest, body: RecallHoldsIn) -> RecallHoldsOut:
    """Hold every lot of a supplier recall (the query of GET /recall) still on hand, in one transaction:
    all of them or none. Lots already held, failed or with nothing left are skipped and listed with why.
    Staff limited to some sites get 403 unless every lot to hold is at one of theirs."""
    done = hold_recalled_lots(supplier=body.supplier, item=body.item or None, first=body.first, last=body.last,
                              reason=body.reason, on=body.on, user=request.user)
    return RecallHoldsOut(held=[HeldLotOut(**vars(h)) for h in done.held],
                          skipped=[SkippedLotOut(code=s.code, why=s.why, reason=s.reason) for s in done.skipped])


def _status_change(request: HttpRequest, code: str, body: ReasonIn, verb: Any) -> StatusOut:
    lot = lot_to_record(request.user, code)
    recorded = verb(lot.code, reason=body.reason, on=body.on, actor=request.user.get_username())
    status = LotStatus(Lot.objects.values_list("status", flat=True).get(code=lot.code))
    return StatusOut(code=recorded.code, status=status, event_seq=recorded.event_seq)


@router.post("/lots/{text:code}/hold", response={200: StatusOut, **ERRORS}, summary="Hold a lot")
def hold_lot(request: HttpRequest, code: CodeInPath, body: ReasonIn) -> StatusOut:
    """Hold a lot: it cannot be used in a batch or shipped until released. 409 if it is already held or failed."""
    return _status_change(request, code, body, place_hold)


@router.post("/lots/{text:code}/release", response={200: StatusOut, **ERRORS}, summary="Release a held lot")
def release_lot(request: HttpRequest, code: CodeInPath, body: ReasonIn) -> StatusOut:
    """Release a held lot: it can be used and shipped again. 409 if it is not on hold."""
    return _status_change(request, code, body, release_hold)


@router.post("/lots/{text:code}/fail", response={200: StatusOut, **ERRORS}, summary="Mark a batch failed")
def fail_batch(request: HttpRequest, code: CodeInPath, body: ReasonIn) -> StatusOut:
    """A batch found bad after it was recorded (burnt, failed a test): never used or shipped again.
    400 for a received lot, 409 if it is already failed."""
    return _status_change(request, code, body, mark_failed)


class DiscardIn(Schema):
    quantity: Quantity
    unit: str = Field("", description="Blank: the lot's own unit")
    reason: str = text("reason", ..., description="Why: kept in the log")
    on: dt.date | None = Field(None, description="Blank: today")
    confirm: list[str] = Field([], description="Codes of the warnings to record anyway (near_twin), as a 409 "
                                               "needs_confirmation listed them; kept in the event")


class DiscardedOut(Schema):
    code: str
    on_hand: Amount = Field(description="Left after the discard, in the lot's unit")
    event_seq: int


@router.post("/lots/{text:code}/discards", response={201: DiscardedOut, **ERRORS}, summary="Discard units of a lot")
def discard(request: HttpRequest, code: CodeInPath, body: DiscardIn) -> Status:
    """Units thrown away after the lot was recorded (spoiled, dropped): they leave its balance.
    409 when the lot has less on hand, or needs_confirmation when the caller discarded the same
    quantity of it minutes ago (near_twin)."""
    lot = lot_to_record(request.user, code)
    recorded = discard_units(lot.code, body.quantity, reason=body.reason, unit=body.unit, on=body.on,
                             confirmed=frozenset(body.confirm), actor=request.user.get_username())
    return Status(201, DiscardedOut(code=recorded.code, on_hand=recorded.on_hand, event_seq=recorded.event_seq))

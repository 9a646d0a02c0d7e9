"""Recording through the API: receive a lot, record a batch, ship units, and the open lots to use."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from lotline.accounts.rights import Right, require
from lotline.errors import Problem
from lotline.lots.services import InputLine, ShipmentLine, receive_lot, ship_units
from lotline.lots.services.common import Recorded, get_item
from lotline.lots.stock import count_open_lots, open_lots, suggest_inputs
from lotline.process.services import make_batch

from ..schemas import Amount, CodeInPath, ErrorOut, ProblemOut, Quantity, text

router = Router(tags=["recording"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}
CONFIRM: list[str] = Field([], description="Codes of the warnings to record anyway (expired_input, no_inputs, "
                                           "near_twin), as a 409 needs_confirmation listed them; kept in the event")


class RecordedOut(Schema):
    code: str = Field(description="The lot code or batch number to write on the label (or the shipment ref).")
    event_seq: int
    confirmed: list[ProblemOut] = Field([], description="The warnings recorded anyway, as the event keeps them")


def _recorded(done: Recorded) -> RecordedOut:
    confirmed: tuple[Problem, ...] = getattr(done, "confirmed", ())
    return RecordedOut(code=done.code, event_seq=done.event_seq,
                       confirmed=[ProblemOut(**c.as_dict()) for c in confirmed])


class ReceiptIn(Schema):
    item: str = Field(description="Item code, e.g. STRAW")
    supplier: str = Field(description="Supplier ref, e.g. VALLEY")
    quantity: Quantity
    unit: str = Field("", description="Blank: the unit the item is counted in")
    received_on: dt.date | None = Field(None, description="Blank: today")
    site: str | None = Field(None, description="Site code; blank: the only site (or yours)")
    supplier_lot: str = text("supplier_lot", description="The supplier's lot code, verbatim")
    best_by: dt.date | None = None
    reference_doc_type: str = text("reference_doc_type")
    reference_doc: str = text("reference_doc")
    code: str | None = text("code", None, description="Our lot code; blank: the next one is given")
    tlc_source: str = text("tlc_source", description="FSMA 204 TLC source reference, when the supplier did not "
                                                     "assign its lot code itself (a packer's GLN, a web address)")
    allergens: list[str] = Field([], description="Big 9 the supplier declared this lot contains, beyond its item's "
                                                 "(milk, egg, fish, shellfish, tree nuts, peanuts, wheat, soy, sesame)")
    may_contain: list[str] = Field([], description="Big 9 the supplier declared this lot may contain "
                                                   "(precautionary): a lot of oats that may contain wheat")
    confirm: list[str] = CONFIRM


@router.post("/receipts", response={201: RecordedOut, **ERRORS}, summary="Receive an ingredient lot")
def receive(request: HttpRequest, payload: ReceiptIn) -> Status:
    """Record a lot bought in; it gets our own lot code (returned), the supplier's is kept as written.
    409 needs_confirmation when the caller recorded the same receipt minutes ago (near_twin)."""
    recorded = receive_lot(item=payload.item, supplier=payload.supplier, quantity=payload.quantity, unit=payload.unit,
                           received_on=payload.received_on, site=payload.site, supplier_lot=payload.supplier_lot,
                           best_by=payload.best_by, reference_doc_type=payload.reference_doc_type,
                           reference_doc=payload.reference_doc, code=payload.code or None,
                           tlc_source=payload.tlc_source, allergens=";".join(payload.allergens),
                           may_contain=";".join(payload.may_contain), confirmed=frozenset(payload.confirm),
                           actor=request.user.get_username())
    return Status(201, _recorded(recorded))


class InputIn(Schema):
    lot: str = Field(description="A received lot code or an earlier batch number")
    quantity: Quantity
    unit: str = Field("", description="Blank: the lot's own unit")


class BatchIn(Schema):
    product: str = Field(description="Product code, e.g. SJ")
    quantity_produced: Quantity
    produced_on: dt.date | None = Field(None, description="Blank: today")
    inputs: list[InputIn] = []
    site: str | None = None
    unit: str | None = Field(None, description="Blank: the unit the product is counted in")
    quantity_discarded: Quantity = Decimal(0)
    made_by: str = text("made_by", description="Blank: the person calling")
    equipment: str = text("equipment")
    reference_doc_type: str = text("reference_doc_type")
    reference_doc: str = text("reference_doc")
    failed: bool = Field(False, description="A failed batch: nothing usable came out, its inputs are used up")
    code: str | None = text("code", None, description="The batch number; blank: the next one is given")
    process: dict[str, str | Decimal] = Field({}, description="Process values by field code (GET "
                                              "/items/{code}/process-fields): {\"peak_temp\": 104.5, \"notes\": "
                                              "\"set firm\"}; a bad one refuses the batch too")
    confirm: list[str] = CONFIRM


@router.post("/batches", response={201: RecordedOut, **ERRORS}, summary="Record a batch and what went into it")
def batch(request: HttpRequest, payload: BatchIn) -> Status:
    """Record a batch; the new batch number is returned. All of it is recorded, or none. 409
    needs_confirmation for a lot past its best-by date (expired_input), no inputs (no_inputs) or the
    same batch recorded minutes ago (near_twin): send again with those codes in `confirm`."""
    recorded, _values = make_batch(
        process=payload.process,
        product=payload.product, quantity_produced=payload.quantity_produced, produced_on=payload.produced_on,
        site=payload.site, unit=payload.unit or None,
        inputs=[InputLine(i.lot, i.quantity, i.unit) for i in payload.inputs],
        quantity_discarded=payload.quantity_discarded, made_by=payload.made_by or request.user.get_username(),
        equipment=payload.equipment, reference_doc_type=payload.reference_doc_type, reference_doc=payload.reference_doc,
        failed=payload.failed, code=payload.code or None, confirmed=frozenset(payload.confirm),
        actor=request.user.get_username())
    return Status(201, _recorded(recorded))


class ShipmentIn(Schema):
    lot: str = Field(description="Batch number or lot code")
    customer: str = Field(description="Customer ref, e.g. SATMKT")
    quantity: Quantity
    shipped_on: dt.date | None = Field(None, description="Blank: today")
    unit: str = Field("", description="Blank: the lot's own unit")
    reference_doc_type: str = text("reference_doc_type")
    reference_doc: str = text("reference_doc")
    ref: str = text("ref", description="Shipment ref; blank: the next one of the day (SH-20260307-001)")


class ShipmentsIn(Schema):
    lines: list[ShipmentIn] = Field(description="One line per lot and customer; all recorded, or none")
    confirm: list[str] = CONFIRM


class ShipmentsOut(Schema):
    shipments: list[RecordedOut]


@router.post("/shipments", response={201: ShipmentsOut, **ERRORS}, summary="Ship units (one line or a market day)")
def shipments(request: HttpRequest, payload: ShipmentsIn) -> Status:
    """Record units going out; a problem names its line ("line 2"). 409 needs_confirmation for a
    line the caller recorded minutes ago (near_twin)."""
    recorded = ship_units([ShipmentLine(ln.lot, ln.customer, ln.quantity, ln.shipped_on, ln.unit,
                                        ln.reference_doc_type, ln.reference_doc, ln.ref) for ln in payload.lines],
                          confirmed=frozenset(payload.confirm), actor=request.user.get_username())
    return Status(201, ShipmentsOut(shipments=[_recorded(r) for r in recorded]))


class OpenLotOut(Schema):
    code: str
    kind: str
    supplier_lot: str
    lot_date: dt.date
    best_by: dt.date | None
    on_hand: Amount
    unit: str
    site: str
    past_best_by: bool = Field(description="Its best-by date is past (before today, or the batch's day `on`): it "
                                           "comes after every usable lot")


class OpenLotPages:
    """The open lots as the paginator reads them: a page (one query) and the count (one query)."""

    def __init__(self, item: str, site: str | None) -> None:
        self.item, self.site = item, site

    def __getitem__(self, page: slice) -> list:
        return open_lots(self.item, site=self.site, limit=page.stop - page.start, offset=page.start)

    def __len__(self) -> int:
        return count_open_lots(self.item, site=self.site)


@router.get("/items/{text:code}/open-lots", response={200: list[OpenLotOut], **ERRORS},
            summary="An item's open lots, the one to use first first")
@paginate(LimitOffsetPagination)
def item_open_lots(request: HttpRequest, code: str, site: str | None = None) -> OpenLotPages:
    """Active lots with units on hand, best-by date first (FEFO), then oldest first (FIFO); those
    already past their best-by date after all the others, marked past_best_by."""
    require(request.user, Right.READ)
    get_item(code)  # 404 for an unknown item, not an empty page
    return OpenLotPages(code, site or None)


class SuggestedOut(Schema):
    lot: str
    quantity: Amount
    unit: str
    on_hand: Amount
    best_by: dt.date | None


class SuggestionOut(Schema):
    item: str
    lines: list[SuggestedOut] = Field(description="All of a lot in its own unit, or the rest of the need in `unit`")
    short: Amount = Field(description="What the usable open lots do not cover, in `unit`; 0 when they are enough")
    unit: str
    past_best_by: list[OpenLotOut] = Field(description="Lots past their best-by date on the batch's day that could "
                                           "cover what is short: never suggested; using one needs expired_input")


@router.get("/items/{text:code}/suggested-inputs", response={200: SuggestionOut, **ERRORS},
            summary="Which lots a batch should take a quantity from")
def suggested_inputs(request: HttpRequest, code: CodeInPath, quantity: Quantity, unit: str = "",
                     site: str | None = None, on: dt.date | None = None) -> SuggestionOut:
    """Split `quantity` across the item's usable open lots (FEFO, then FIFO) for a batch made on `on`
    (blank: today); a lot past its best-by date that day is never taken."""
    require(request.user, Right.READ)
    found = suggest_inputs(code, quantity, unit, site=site or None, on=on)
    return SuggestionOut(item=found.item, unit=found.unit, short=found.short,
                         lines=[SuggestedOut(**line.__dict__) for line in found.lines],
                         past_best_by=[OpenLotOut(**lot.__dict__) for lot in found.past_best_by])

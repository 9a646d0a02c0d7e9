"""Recall cases and drills: list, open, show, recompute, and each action on a case (one event each).
Owners and staff act (at the sites of the lots concerned); auditors read. The same verbs and queries
the CLI calls (lotline.recalls)."""

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Field, Router, Schema, Status

from lotline.accounts.rights import Right, require
from lotline.recalls import services
from lotline.recalls.answers import ActionDone, CaseDetails, CaseSummary, HoldsDone, ScopeChange
from lotline.recalls.lengths import LENGTHS
from lotline.recalls.models import CaseKind, CaseStatus, How
from lotline.recalls.notices import CustomerNotice, Template, customer_notices, notice_template, set_notice_template
from lotline.recalls.queries import case_details, find_case, list_cases, recompute

from ..answers import derived, many
from ..schemas import ErrorOut, Quantity, text

router = Router(tags=["recall cases"])
ERRORS: dict[int, Any] = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}

# The answers, as the domain types them (api/answers.py derives each schema)
CasesOut = many(CaseSummary)
CaseOut = derived(CaseDetails)
DoneOut = derived(ActionDone)
HoldsOut = derived(HoldsDone)
ChangeOut = derived(ScopeChange)
NoticesOut = many(CustomerNotice)
TemplateOut = derived(Template)


def _text(limit: str, default: Any = "", description: str | None = None) -> Any:
    return Field(default, description=description, json_schema_extra={"maxLength": LENGTHS[limit]})


def _actor(request: HttpRequest) -> str:
    return request.user.get_username()


class OpenIn(Schema):
    """One start: a supplier's notice (supplier, from, to; item to narrow it), lot codes, or a complaint."""

    supplier: str | None = Field(None, description="A supplier's notice: the supplier's ref or name")
    item: str | None = Field(None, description="Item code or name; blank: every item from the supplier")
    first: dt.date | None = Field(None, alias="from", description="First receiving date the notice covers")
    last: dt.date | None = Field(None, alias="to", description="Last receiving date the notice covers")
    lots: list[str] = Field([], description="Our lot codes (or supplier lot codes, unit serials) to open on")
    complaint: str | None = Field(None, description="A complaint's id (C-1): the case opens on its lot")
    title: str = _text("title", description="Blank: said from the start")


@router.get("/cases", response={200: CasesOut, **ERRORS}, summary="List recall cases and drills")
def list_endpoint(request: HttpRequest, kind: CaseKind | None = None, status: CaseStatus | None = None) -> list[Any]:
    """Cases and drills, newest first; narrow by kind (recall, drill) or status (open, closed)."""
    require(request.user, Right.READ)
    return list(list_cases(kind=kind, status=status))


@router.post("/cases", response={201: CaseOut, **ERRORS}, summary="Open a recall case", by_alias=True)
def open_endpoint(request: HttpRequest, body: OpenIn) -> Status:
    """Open a case on one start; its scope (the trace engine's answer: lots, batches, customers, units on
    hand, the batches NOT affected) is frozen. Answers the case as GET /cases/{id} does."""
    opened = services.open_case(supplier=body.supplier or None, item=body.item or None, first=body.first,
                                last=body.last, lots=body.lots, complaint=body.complaint or None, title=body.title,
                                actor=_actor(request))
    return Status(201, opened)


@router.get("/cases/{id}", response={200: CaseOut, **ERRORS}, summary="One recall case", by_alias=True)
def show_endpoint(request: HttpRequest, id: str) -> CaseDetails:
    """The case: its frozen scope (lots, batches, customers as a recall's), the timeline of actions, the mass
    balance per lot (those that do not reconcile first), the checklists per site and per customer."""
    require(request.user, Right.READ)
    return case_details(id)


@router.get("/cases/{id}/report.pdf", response={200: None, **ERRORS}, summary="The recall report as PDF",
            openapi_extra={"responses": {200: {"description": "The report (a drill's says DRILL on every page)",
                                               "content": {"application/pdf": {"schema": {"type": "string",
                                                                                          "format": "binary"}}}}}})
def report_endpoint(request: HttpRequest, id: str) -> HttpResponse:
    """The recall report an auditor reads: trigger, timeline, lineage, affected lots, customers told, mass
    balance, checklist per site, the batches NOT affected, and the signed ledger head on every page."""
    from lotline.recalls.report import case_report_pdf

    require(request.user, Right.EXPORT)  # before saying whether the case exists
    name = find_case(id).code  # R-1 as recorded, whatever was typed
    pdf = case_report_pdf(name, actor=request.user)
    return HttpResponse(pdf, content_type="application/pdf",
                        headers={"Content-Disposition": f'attachment; filename="{name}-report.pdf"'})


class TemplateIn(Schema):
    text: str = Field(description="The notice, with placeholders in braces: {customer} {product} {lots} "
                                  "{quantities} {business} {contact} {case}")
    business: str = Field("", description="Your business's name, for {business}")
    contact: str = Field("", description="Whom to call, for {contact}")


@router.get("/cases/{id}/notices", response={200: NoticesOut, **ERRORS}, summary="The customer notices of a case")
def notices_endpoint(request: HttpRequest, id: str, customer: str | None = None) -> list[Any]:
    """Each customer's notice, from the business's template (or one customer's, by id or name)."""
    require(request.user, Right.READ)
    return list(customer_notices(id, customer=customer))


@router.get("/notice-template", response={200: TemplateOut, **ERRORS}, summary="The customer notice template")
def template_endpoint(request: HttpRequest) -> Template:
    require(request.user, Right.READ)
    return notice_template()


@router.put("/notice-template", response={200: TemplateOut, **ERRORS}, summary="Set the customer notice template")
def set_template_endpoint(request: HttpRequest, body: TemplateIn) -> Template:
    """Owners only; a placeholder Lotline does not fill in is refused (unknown_placeholder), naming it."""
    return set_notice_template(text=body.text, business=body.business, contact=body.contact, actor=request.user)


@router.get("/cases/{id}/recompute", response={200: ChangeOut, **ERRORS}, summary="What changed since the scope froze")
def recompute_endpoint(request: HttpRequest, id: str) -> ScopeChange:
    """The trace now against the frozen scope: lots and shipments recorded since (a late shipment, a batch
    found to use a lot), and those no longer reached. Nothing is recorded: POST .../scope adds them."""
    require(request.user, Right.READ)
    return recompute(id)


@router.post("/cases/{id}/scope", response={200: ChangeOut, **ERRORS}, summary="Add what changed to the scope")
def add_scope_endpoint(request: HttpRequest, id: str) -> ScopeChange:
    """Add what a recompute finds, in one case.scope_added event (event_seq null when nothing changed)."""
    return services.add_to_scope(id, actor=_actor(request))


class HoldIn(Schema):
    reason: str = text("reason", description="Kept with every hold; blank: the case's id and title")


@router.post("/cases/{id}/hold", response={200: HoldsOut, **ERRORS}, summary="Hold every affected lot on hand")
def hold_endpoint(request: HttpRequest, id: str, body: HoldIn) -> HoldsDone:
    """Hold every affected lot still on hand, all or none (staff limited to some sites get 403 unless every
    lot is at one of theirs); lots failed, held already or with nothing left are listed with why. 409 for
    a drill."""
    return services.hold_case(id, reason=body.reason, actor=_actor(request))


class ConfirmIn(Schema):
    site: str = Field(description="The site's code or name")
    note: str = _text("text")


@router.post("/cases/{id}/confirm", response={200: DoneOut, **ERRORS}, summary="A site confirms its holds and count")
def confirm_endpoint(request: HttpRequest, id: str, body: ConfirmIn) -> ActionDone:
    return services.confirm_site(id, site=body.site, note=body.note, actor=_actor(request))


class NotifyIn(Schema):
    customer: str = Field(description="The customer's ref or name")
    how: How
    when: dt.datetime | None = Field(None, description="When they were told; blank: now")
    by: str = _text("by", description="Who told them; blank: who records")
    note: str = _text("text")


@router.post("/cases/{id}/notify", response={200: DoneOut, **ERRORS}, summary="A customer was told")
def notify_endpoint(request: HttpRequest, id: str, body: NotifyIn) -> ActionDone:
    """A customer who received units of the case was told: how, when, by whom. 409 for a drill."""
    return services.notify_customer(id, customer=body.customer, how=body.how, when=body.when, by=body.by,
                                    note=body.note, actor=_actor(request))


class CountIn(Schema):
    lot: str
    quantity: Quantity = Field(description="On the shelf (0 when empty), in `unit`")
    unit: str = Field("", description="Blank: the lot's own unit")


@router.post("/cases/{id}/count", response={200: DoneOut, **ERRORS}, summary="A physical count of a lot")
def count_endpoint(request: HttpRequest, id: str, body: CountIn) -> ActionDone:
    """The shelf counted: the last count of a lot stands beside the book in the mass balance."""
    return services.count_lot(id, lot=body.lot, quantity=body.quantity, unit=body.unit, actor=_actor(request))


class ReturnedIn(CountIn):
    customer: str = Field(description="The customer's ref or name")


@router.post("/cases/{id}/returned", response={200: DoneOut, **ERRORS}, summary="Units a customer brought back")
def returned_endpoint(request: HttpRequest, id: str, body: ReturnedIn) -> ActionDone:
    """Up to what the customer received of the lot, less what they returned already (409 more_than_received)."""
    return services.units_returned(id, lot=body.lot, quantity=body.quantity, customer=body.customer,
                                   unit=body.unit, actor=_actor(request))


class DestroyedIn(CountIn):
    reason: str = text("reason", description="Blank: destroyed in the recall")
    confirm: list[str] = Field([], description="Codes of the warnings to record anyway (near_twin)")


@router.post("/cases/{id}/destroyed", response={200: DoneOut, **ERRORS}, summary="Units of a lot destroyed")
def destroyed_endpoint(request: HttpRequest, id: str, body: DestroyedIn) -> ActionDone:
    """Units on hand destroyed: a discard of the lot (they leave the book) and the case's event, together."""
    return services.units_destroyed(id, lot=body.lot, quantity=body.quantity, unit=body.unit, reason=body.reason,
                                    confirmed=frozenset(body.confirm), actor=_actor(request))


class NoteIn(Schema):
    note: str = _text("text", ...)


@router.post("/cases/{id}/notes", response={200: DoneOut, **ERRORS}, summary="A note on the case")
def note_endpoint(request: HttpRequest, id: str, body: NoteIn) -> ActionDone:
    return services.add_note(id, note=body.note, actor=_actor(request))


class CaseReasonIn(Schema):
    reason: str = _text("text", ..., description="Why: kept in the log")


@router.post("/cases/{id}/close", response={200: DoneOut, **ERRORS}, summary="Close the case")
def close_endpoint(request: HttpRequest, id: str, body: CaseReasonIn) -> ActionDone:
    """Closed, it is read-only (409 case_closed) until reopened; its holds stay."""
    return services.close_case(id, reason=body.reason, actor=_actor(request))


class ReleaseIn(Schema):
    reason: str = text("reason", ..., description="Why: kept with every release")


@router.post("/cases/{id}/release", response={200: DoneOut, **ERRORS}, summary="Release the case's holds")
def release_endpoint(request: HttpRequest, id: str, body: ReleaseIn) -> ActionDone:
    return services.release_holds(id, reason=body.reason, actor=_actor(request))


@router.post("/cases/{id}/reopen", response={200: DoneOut, **ERRORS}, summary="Reopen a closed case")
def reopen_endpoint(request: HttpRequest, id: str, body: CaseReasonIn) -> ActionDone:
    return services.reopen_case(id, reason=body.reason, actor=_actor(request))

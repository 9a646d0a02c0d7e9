"""EPCIS 2.0 documents through the JSON API: download our records as an EPCISDocument, take one in (all
or nothing, with a dry run), list the events taken in. The same functions as `lotline epcis` and the
EPCIS page; partners' systems use the standard REST binding under /epcis/ instead."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest, StreamingHttpResponse
from ninja import Field, Query, Router, Schema

from lotline.epcis import answers
from lotline.epcis.capture import Outcome
from lotline.epcis.export import document_parts
from lotline.epcis.services import Scope, capture, check_scope

from ..answers import derived
from ..schemas import ErrorOut

router = Router(tags=["EPCIS"])
ERRORS: dict[int, Any] = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut}
LD = "application/ld+json"


class ScopeIn(Schema):
    first: dt.date | None = Field(None, alias="from", description="First day")
    last: dt.date | None = Field(None, alias="to", description="Last day, included")
    trace: str = Field("", description="Only what a trace of this lot reaches, back and forward (and how the "
                                       "other inputs of its batches were made)")
    site: str = Field("", description="Only this site's records")


@router.get("/epcis/export", response={200: None, **ERRORS}, summary="Our records as an EPCIS 2.0 document",
            openapi_extra={"responses": {200: {"description": "An EPCISDocument (JSON-LD), streamed",
                                               "content": {LD: {"schema": {"type": "object"}}}}}})
def export_endpoint(request: HttpRequest, params: Query[ScopeIn]) -> StreamingHttpResponse:
    """Receipts and shipments as ObjectEvents, batches as TransformationEvents, discards, holds and releases;
    each event's id is its CBV 2.0 hash. Owners, staff and auditors."""
    scope = Scope(first=params.first, last=params.last, trace=params.trace.strip(), site=params.site.strip())
    check_scope(scope, actor=request.user)
    return StreamingHttpResponse((part.encode() for part in document_parts(scope)), content_type=LD,
                                 headers={"Content-Disposition": 'attachment; filename="lotline-epcis.jsonld"'})


class TakenIn(Schema):
    recorded: int = Field(description="Events recorded as our receipts, batches, shipments...")
    kept: int = Field(description="Events kept verbatim (we cannot map them)")
    already: int = Field(description="Events taken in before (same CBV 2.0 hash): skipped")
    dry_run: bool
    event_seq: int | None = Field(None, description="The epcis.captured event (none on a dry run)")
    events: list[derived(Outcome)]  # type: ignore[valid-type]


@router.post("/epcis/import", response={200: TakenIn, **ERRORS}, summary="Take an EPCIS 2.0 document in",
             openapi_extra={"requestBody": {"required": True, "content": {LD: {"schema": {"type": "object"}},
                                                                         "application/json": {"schema": {
                                                                             "type": "object"}}}}})
def import_endpoint(request: HttpRequest, dry_run: bool = False) -> dict[str, Any]:
    """All or nothing: a 400 epcis_invalid names each wrong event (problems: `row` is its index in
    eventList, `field` the field inside it) and nothing is recorded. Needs the right to record."""
    return capture(request.body, actor=request.user, dry_run=dry_run, source="API").as_dict()


@router.get("/epcis/received", response={200: list[dict[str, Any]], **ERRORS},
            summary="The EPCIS events taken in, newest first")
def received_endpoint(request: HttpRequest, outcome: str = "") -> list[dict[str, Any]]:
    """Each with what it became, or (outcome=kept) why it was kept and the event as received."""
    from lotline.accounts.rights import Right, require

    require(request.user, Right.READ)
    return answers.taken_in(outcome=outcome)

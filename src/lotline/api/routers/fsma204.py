"""FSMA 204 records: the completeness check, requests logged (who asked, when, what) and their files
produced as the FDA's sortable spreadsheet (XLSX) or CSV files (ZIP). Everyone with the export right
(owners, staff, auditors) logs and produces; the same functions the CLI and the pages call
(lotline.compliance.services)."""

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema, Status

from lotline.accounts.rights import Right, require
from lotline.compliance import files, services
from lotline.compliance.answers import (
    Completeness,
    LoggedRequest,
    RequestDetails,
    completeness,
    logged_request,
    request_details,
)
from lotline.compliance.services import Request, request_from

from ..answers import derived, many
from ..schemas import ErrorOut

router = Router(tags=["FSMA 204"])
ERRORS: dict[int, Any] = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut}

CompletenessOut = derived(Completeness)
RequestOut = derived(LoggedRequest)
RequestsOut = many(LoggedRequest)
DetailsOut = derived(RequestDetails)


class RangeIn(Schema):
    first: dt.date | None = Field(None, alias="from", description="First day; with `to` (else: the last two years)")
    last: dt.date | None = Field(None, alias="to", description="Last day, included")


@router.get("/fsma204/check", response={200: CompletenessOut, **ERRORS}, summary="Key data elements missing",
            by_alias=True)
def check_endpoint(request: HttpRequest, params: Query[RangeIn]) -> Completeness:
    """The key data elements missing from the records of the foods on the Food Traceability List, over
    the last two years (or from/to, both given), each with the page that fixes it. They never block a file."""
    require(request.user, Right.READ)
    asked = Request(first=params.first, last=params.last) if params.first or params.last else None
    return completeness(services.check(asked))


class RequestIn(Schema):
    """One of: a date range (from and to; items, or none: the listed foods), lot codes, or a lot to trace."""

    requested_by: str = Field("", description="Who asked: an FDA investigator, a customer, an auditor",
                              json_schema_extra={"maxLength": services.REQUESTED_BY_LENGTH})
    requested_at: dt.datetime | None = Field(None, description="When the request came in (the 24-hour clock "
                                                               "starts here); blank: now")
    first: dt.date | None = Field(None, alias="from", description="First day of the range")
    last: dt.date | None = Field(None, alias="to", description="Last day of the range (included)")
    items: list[str] = Field([], description="Item codes; none: the foods on the Food Traceability List and the "
                                             "products that contain one")
    lots: list[str] = Field([], description="Traceability lot codes: ours, or a supplier's")
    trace: str = Field("", description="A lot: everything a trace of it reaches, back and forward")


@router.post("/fsma204/requests", response={201: RequestOut, **ERRORS}, summary="Log an FSMA 204 request",
             by_alias=True)
def log_endpoint(request: HttpRequest, body: RequestIn) -> Status:
    """Log who asked for which records and when; an unknown lot or item, or a range ending before it starts,
    is refused naming the field, and nothing is logged. Answers the request with its id (F-n): download its
    file from /fsma204/requests/{id}/records.xlsx."""
    asked = Request(first=body.first, last=body.last, items=tuple(body.items), lots=tuple(body.lots),
                    trace=body.trace.strip())
    logged = services.log_request(asked, requested_by=body.requested_by, requested_at=body.requested_at,
                                  actor=request.user)
    return Status(201, logged_request(logged))


@router.get("/fsma204/requests", response={200: RequestsOut, **ERRORS}, summary="The FSMA 204 request log")
def list_endpoint(request: HttpRequest) -> list[LoggedRequest]:
    """The requests logged, newest first (the last 50), each with its 24-hour clock."""
    require(request.user, Right.READ)
    return [logged_request(r) for r in services.requests_logged()]


@router.get("/fsma204/requests/{id}", response={200: DetailsOut, **ERRORS}, summary="One FSMA 204 request")
def show_endpoint(request: HttpRequest, id: str) -> RequestDetails:
    """The request, its 24-hour clock, and the key data elements its records lack now."""
    require(request.user, Right.READ)
    logged = services.find_request(id)
    return request_details(logged, services.check(request_from(logged.query)))


def _file(media: str, description: str) -> dict[str, Any]:
    return {"responses": {200: {"description": description,
                                "content": {media: {"schema": {"type": "string", "format": "binary"}}}}}}


def _sent(made: tuple[str, bytes], media: str) -> HttpResponse:
    name, content = made
    return HttpResponse(content, content_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.get("/fsma204/requests/{id}/records.xlsx", response={200: None, **ERRORS},
            summary="Produce a request's spreadsheet (XLSX)",
            openapi_extra=_file(files.XLSX, "Sheets Receiving, Transformation, Shipping and Explanation"))
def xlsx_endpoint(request: HttpRequest, id: str) -> HttpResponse:
    """The electronic sortable spreadsheet of the request; producing it is logged (the clock stops)."""
    return _sent(files.workbook(id, actor=request.user), files.XLSX)


@router.get("/fsma204/requests/{id}/records-csv.zip", response={200: None, **ERRORS},
            summary="Produce a request's CSV files (ZIP)",
            openapi_extra=_file("application/zip", "receiving.csv, transformation.csv, shipping.csv, explanation.csv"))
def csv_endpoint(request: HttpRequest, id: str) -> HttpResponse:
    """One CSV file per sheet, in a ZIP; producing them is logged (the clock stops)."""
    return _sent(files.csv_zip(id, actor=request.user), "application/zip")

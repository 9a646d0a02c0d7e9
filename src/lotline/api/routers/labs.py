"""Labs through the API: their mappings (owners), a lab's results sent as JSON or as the lab's own
CSV file, read back, and every result exported as CSV. The same verbs `lotline results` and the
labs' pages call (lotline.labs).

A lab's own system signs in with a token limited to results (scope `results`): it may send results
and read those it sent, and is refused (403 token_limited) everywhere else.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema

from lotline.accounts.models import TokenScope
from lotline.accounts.rights import Right, require
from lotline.labs.export import Selection, write_results
from lotline.labs.layout import DATE_FORMATS, Layout, guess
from lotline.labs.models import LENGTHS
from lotline.labs.queries import LabView, SentResult, find_lab, labs
from lotline.labs.reading import LabRow
from lotline.labs.services import ResultsImport, import_results, results_of_rows, set_mapping

from ..answers import derived, many
from ..auth import RESULTS_AUTH
from ..schemas import ErrorOut

router = Router(tags=["labs"])
ERRORS: dict[int, Any] = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}
LabOut = derived(LabView)
ImportOut = derived(ResultsImport)
LayoutOut = derived(Layout)
CSV_BODY = {"requestBody": {"required": True, "content": {"text/csv": {"schema": {"type": "string"}}}}}


class MappingIn(Schema):
    name: str = Field("", description="The lab's name (a new lab; absent: the name in the address)",
                      json_schema_extra={"maxLength": LENGTHS["name"]})
    code: str = Field("", description="A new lab's code (absent: made from its name)",
                      json_schema_extra={"maxLength": LENGTHS["code"]})
    columns: dict[str, str] = Field(description="Our field -> the lab's column: sample, lot, analyte, method, "
                                                "result, unit, limit, tested_on (analyte, result, and sample or "
                                                "lot are needed)")
    date_format: str = Field("YYYY-MM-DD", description=f"One of {', '.join(DATE_FORMATS)}")
    decimal_comma: bool = Field(False, description="The lab writes 4,6 for 4.6")
    delimiter: str = Field(",", description="',', ';' or a tab")


class ResultIn(Schema):
    sample: str = Field("", description="The sample's id (or give the lot)")
    lot: str = Field("", description="Our lot code, when no sample was drawn")
    analyte: str
    method: str = ""
    value: Decimal | None = Field(None, description="A measured number (or give the finding in text)")
    text: str = Field("", description="A finding: not detected, negative")
    unit: str = ""
    limit: str = Field("", description="The limit as the lab states it")
    tested_on: dt.date | None = None


class ResultsIn(Schema):
    results: list[ResultIn]
    dry_run: bool = Field(False, description="Check and judge everything, record nothing")


SentOut = derived(SentResult)


@router.get("/labs", response={200: many(LabView), **ERRORS}, summary="The labs and their mappings")
def labs_endpoint(request: HttpRequest) -> list[dict[str, Any]]:
    require(request.user, Right.READ)
    return [dataclasses.asdict(lab) for lab in labs()]


@router.put("/labs/{lab}/mapping", response={200: LabOut, **ERRORS}, summary="Save a lab's mapping")
def mapping_endpoint(request: HttpRequest, lab: str, body: MappingIn) -> dict[str, Any]:
    """Owners only. Adds the lab the first time; the same mapping again records nothing."""
    layout = Layout(body.columns, body.date_format, body.decimal_comma, body.delimiter)
    return dataclasses.asdict(set_mapping(lab=lab, layout=layout, name=body.name, code=body.code,
                                          actor=request.user.get_username()))


@router.post("/labs/guess", response={200: LayoutOut, **ERRORS}, summary="Guess a lab's mapping from a file",
             openapi_extra=CSV_BODY)
def guess_endpoint(request: HttpRequest) -> dict[str, Any]:
    """The body is a first file of the lab's (its header and a few rows): the mapping guessed from it, saved
    nowhere. Correct it, then save it with PUT /api/labs/{lab}/mapping."""
    require(request.user, Right.READ)
    return guess(request.body.decode("utf-8-sig", "replace")).as_dict()


@router.post("/labs/{lab}/results", response={200: ImportOut, **ERRORS}, auth=RESULTS_AUTH,
             summary="Send a lab's results (JSON)")
def results_endpoint(request: HttpRequest, lab: str, body: ResultsIn) -> dict[str, Any]:
    """Results grouped by sample (or lot), each group one event; all of them or none (400 with every problem,
    its `row` the n-th result). A token of scope `results` may call it."""
    rows = [LabRow(n, r.sample, r.lot, r.analyte, r.method, r.value, r.text, r.unit, r.limit, r.tested_on)
            for n, r in enumerate(body.results, 1)]
    done = results_of_rows(rows, lab=lab, actor=request.user.get_username(), dry_run=body.dry_run)
    return dataclasses.asdict(done)


@router.post("/labs/{lab}/results.csv", response={200: ImportOut, **ERRORS}, auth=RESULTS_AUTH,
             summary="Send a lab's results file (its CSV, read with its mapping)", openapi_extra=CSV_BODY)
def results_csv_endpoint(request: HttpRequest, lab: str, dry_run: bool = False) -> dict[str, Any]:
    """The body is the lab's own CSV file (UTF-8), read with the lab's saved mapping; all of it or nothing (400
    names each problem's line and the lab's column). A token of scope `results` may call it."""
    done = import_results(request.body, lab=lab, actor=request.user.get_username(), dry_run=dry_run,
                          file=f"{find_lab(lab).code}.csv")
    return dataclasses.asdict(done)


@router.get("/labs/{lab}/results", response={200: many(SentOut), **ERRORS}, auth=RESULTS_AUTH,
            summary="A lab's results")
def sent_endpoint(request: HttpRequest, lab: str) -> list[dict[str, Any]]:
    """The lab's results (corrections listed with what they correct). With a token of scope `results`: only the
    results its person sent."""
    from lotline.labs.queries import sent_results

    require(request.user, Right.READ)
    mine = getattr(request, "token_scope", TokenScope.ALL) == TokenScope.RESULTS
    return [dataclasses.asdict(r) for r in sent_results(find_lab(lab).name,
                                                        by=request.user.get_username() if mine else None)]


class ExportQuery(Schema):
    from_: dt.date | None = Field(None, alias="from", description="First day tested (YYYY-MM-DD)")
    to: dt.date | None = Field(None, description="Last day tested (included)")
    lab: str = Field("", description="Only this lab's results (its name or code)")


@router.get("/results.csv", response={200: None, **ERRORS}, summary="Lab results as CSV",
            openapi_extra={"responses": {200: {"description": "A row per current result",
                                               "content": {"text/csv": {"schema": {"type": "string"}}}}}})
def export_endpoint(request: HttpRequest, query: Query[ExportQuery]) -> HttpResponse:
    """Every current result (corrections applied), with its lot, item, sample, lab, analyte, method, result, unit,
    limit, spec and verdict, day tested and the certificate's SHA-256; the last line is the ledger's signed head."""
    out = io.StringIO()
    write_results(Selection(query.from_, query.to, query.lab), out, actor=request.user.get_username())
    return HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": 'attachment; filename="lab-results.csv"'})

"""Quality through the API: samples, a lab's results (the certificate as base64 in JSON, or a multipart
upload), corrections, specs, the sign-off of an out-of-spec hold's release, recall case proposals. The
same verbs and queries the pages and `lotline results` call."""

from __future__ import annotations

import base64
import binascii
import dataclasses
import datetime as dt
import json
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Field, File, Form, Router, Schema, Status, UploadedFile
from pydantic import ValidationError

from lotline.accounts.rights import Right, require
from lotline.catalog.queries import find_item
from lotline.errors import ErrorCode, LotlineError
from lotline.quality.answers import RecordedResults
from lotline.quality.lengths import LENGTHS
from lotline.quality.models import SpecRule
from lotline.quality.queries import LotQuality, quality_of, specs_of
from lotline.quality.services import (
    DrawnSample,
    ProposalDecided,
    ResultLine,
    SignedOff,
    SpecLine,
    SpecsSet,
    correct_result,
    dismiss_proposal,
    draw_sample,
    open_proposed_case,
    record_results,
    set_specs,
    sign_off_release,
)

from ..answers import derived
from ..schemas import CodeInPath, ErrorOut, text

router = Router(tags=["quality"])
ERRORS: dict[int, Any] = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}

NO_FILE = File(None)  # the certificate part of a multipart upload, which may be left out
RecordedResultsOut = derived(RecordedResults)
LotQualityOut = derived(LotQuality)
DrawnSampleOut = derived(DrawnSample)
SignedOffOut = derived(SignedOff)
ProposalDecidedOut = derived(ProposalDecided)
SpecsSetOut = derived(SpecsSet)


def _text(field: str, default: Any = "", description: str | None = None) -> Any:
    return text(field, default, description, lengths=LENGTHS)


class SampleIn(Schema):
    lot: str = Field(description="The lot it is drawn from: our lot code")
    lab: str = _text("lab", ..., description="The lab it goes to")
    sample: str = _text("sample", description="Its id; blank: the next S-nnnn")
    drawn_on: dt.date | None = Field(None, description="Blank: today")
    drawn_at: str = _text("drawn_at", description="Where it was drawn: filler 2, cold room")
    drawn_by: str = _text("drawn_by", description="Who drew it; blank: the person sending this")


class ResultIn(Schema):
    analyte: str = _text("analyte", ..., description="pH, water activity, Listeria monocytogenes")
    method: str = _text("method", description="AOAC 2016.07")
    value: Decimal | None = Field(None, description="A measured number (or give text)")
    text: str = _text("text", description="A qualitative result: not detected, detected, negative")
    unit: str = _text("unit", description="pH, aw, CFU/g, /25 g: the spec's unit (a different one is refused)")
    limit: str = _text("limit", description="The limit as the lab states it: ND in 25 g, <= 4.6")
    tested_on: dt.date | None = None


class ResultsIn(Schema):
    lab: str = _text("lab", ..., description="The lab that tested it")
    sample: str = Field("", description="The sample tested (its id); or give lot")
    lot: str = Field("", description="The lot tested when no sample was drawn (both given must agree)")
    results: list[ResultIn]
    coa_base64: str = Field("", description="The certificate of analysis (a PDF), base64-encoded")
    coa_name: str = _text("coa_name", description="The certificate's file name")


class CorrectionIn(Schema):
    result: ResultIn
    reason: str = _text("reason", ..., description="Why it is corrected (kept in the log)")
    coa_base64: str = Field("", description="A new certificate (a PDF, base64); blank: the earlier one's")
    coa_name: str = _text("coa_name")


class SpecIn(Schema):
    analyte: str = _text("analyte", ...)
    rule: SpecRule = Field(description="at_most or at_least a number, or expected: a finding")
    number: Decimal | None = Field(None, description="The limit (at_most, at_least)")
    unit: str = _text("unit", description="The number's unit: pH, aw, CFU/g")
    expected: str = _text("expected", description="The finding expected: not detected")
    per: str = _text("per", description="The portion tested: 25 g")


class SpecsIn(Schema):
    specs: list[SpecIn] = Field(description="Every limit of the item: an analyte left out has no spec afterwards")


class ReasonIn(Schema):
    reason: str = _text("reason", ..., description="Kept in the log")
    on: dt.date | None = Field(None, description="Blank: today")


def _lines(results: list[ResultIn]) -> list[ResultLine]:
    return [ResultLine(**r.dict()) for r in results]


def _coa(text: str) -> bytes | None:
    if not text:
        return None
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise LotlineError(ErrorCode.BAD_INPUT, "coa_base64 is not base64", field="coa") from None


@router.get("/quality/{text:code}", response={200: LotQualityOut, **ERRORS}, summary="A lot's samples and results")
def lot_quality(request: HttpRequest, code: CodeInPath) -> dict[str, Any]:
    """A lot's samples, every result (corrected ones with `corrected_by`), its recall case proposals and
    whether its release awaits a second person; for a sample's id, that sample's."""
    require(request.user, Right.READ)
    return dataclasses.asdict(quality_of(code))


@router.post("/samples", response={201: DrawnSampleOut, **ERRORS}, summary="Draw a sample")
def add_sample(request: HttpRequest, body: SampleIn) -> Status:
    """Record a sample drawn from a lot for a lab: its id given, or numbered S-0001."""
    done = draw_sample(lot=body.lot, lab=body.lab, code=body.sample, drawn_on=body.drawn_on, drawn_at=body.drawn_at,
                       drawn_by=body.drawn_by, actor=request.user.get_username())
    return Status(201, dataclasses.asdict(done))


@router.post("/results", response={201: RecordedResultsOut, **ERRORS}, summary="Record a lab's results")
def add_results(request: HttpRequest, body: ResultsIn) -> Status:
    """A lab's results for one sample (or a lot), in one event; each judged against the item's spec
    (`in_spec`). An out-of-spec result holds the lot and what is on hand downstream (`held`) and, for
    a lot already shipped, proposes a recall case (`proposal`). The certificate (a PDF) as base64."""
    done = record_results(lab=body.lab, sample=body.sample, lot=body.lot, results=_lines(body.results),
                          coa=_coa(body.coa_base64), coa_name=body.coa_name, actor=request.user.get_username())
    return Status(201, dataclasses.asdict(done))


@router.post("/results/upload", response={201: RecordedResultsOut, **ERRORS},
             summary="Record a lab's results with the certificate as a file")
def upload_results(request: HttpRequest, data: str = Form(...), coa: UploadedFile | None = NO_FILE) -> Status:
    """As POST /results, as multipart/form-data: `data` is the JSON of POST /results (without
    coa_base64) and `coa` the certificate's PDF file."""
    try:
        body = ResultsIn.model_validate(json.loads(data))
    except (json.JSONDecodeError, ValidationError) as error:
        raise LotlineError(ErrorCode.BAD_INPUT, f"data is not the JSON of POST /results: {error}"[:300],
                           field="data") from None
    done = record_results(lab=body.lab, sample=body.sample, lot=body.lot, results=_lines(body.results),
                          coa=coa.read() if coa else None, coa_name=(coa.name or "") if coa else "",
                          actor=request.user.get_username())
    return Status(201, dataclasses.asdict(done))


@router.post("/results/{result_id}/correct", response={201: RecordedResultsOut, **ERRORS},
             summary="Correct a lab result")
def correct(request: HttpRequest, result_id: str, body: CorrectionIn) -> Status:
    """A new result naming the one it corrects (LR-n) and why; the earlier one stays in the history."""
    done = correct_result(result_id, line=ResultLine(**body.result.dict()), reason=body.reason,
                          coa=_coa(body.coa_base64), coa_name=body.coa_name, actor=request.user.get_username())
    return Status(201, dataclasses.asdict(done))


@router.get("/specs/{item}", response={200: SpecsSetOut, **ERRORS}, summary="An item's specs")
def get_specs(request: HttpRequest, item: str) -> dict[str, Any]:
    """The limits per analyte of a product or an ingredient (event_seq: the event that set them)."""
    require(request.user, Right.READ)
    found = find_item(item)
    specs = specs_of(found.pk)
    return {"item": found.code, "event_seq": specs[0].event_seq if specs else 0,
            "specs": [{"analyte": s.analyte, "rule": s.rule, "number": s.number, "unit": s.unit,
                       "expected": s.expected, "per": s.per} for s in specs]}


@router.put("/specs/{item}", response={200: SpecsSetOut, **ERRORS}, summary="Set an item's specs")
def put_specs(request: HttpRequest, item: str, body: SpecsIn) -> dict[str, Any]:
    """Every limit of a product or an ingredient (an owner's right)."""
    done = set_specs(item, [SpecLine(**s.dict()) for s in body.specs], actor=request.user.get_username())
    return dataclasses.asdict(done)


@router.post("/lots/{text:code}/sign-off", response={200: SignedOffOut, **ERRORS},
             summary="Sign off the release of a lot held for an out-of-spec result")
def sign_off(request: HttpRequest, code: CodeInPath, body: ReasonIn) -> dict[str, Any]:
    """The first of two people: a different person then releases the lot (POST /lots/{code}/release),
    which is refused with needs_sign_off before this and same_person by the one who signed off."""
    return dataclasses.asdict(sign_off_release(code, reason=body.reason, on=body.on,
                                               actor=request.user.get_username()))


@router.post("/proposals/{proposal_id}/open", response={200: ProposalDecidedOut, **ERRORS},
             summary="Open the recall case a proposal proposes")
def open_proposal(request: HttpRequest, proposal_id: str) -> dict[str, Any]:
    """A recall case on the proposal's lot and the shipped lots downstream (the case's own verb)."""
    return dataclasses.asdict(open_proposed_case(proposal_id, actor=request.user.get_username()))


@router.post("/proposals/{proposal_id}/dismiss", response={200: ProposalDecidedOut, **ERRORS},
             summary="Dismiss a recall case proposal")
def dismiss(request: HttpRequest, proposal_id: str, body: ReasonIn) -> dict[str, Any]:
    """No recall case: say why (kept in the log)."""
    return dataclasses.asdict(dismiss_proposal(proposal_id, reason=body.reason, actor=request.user.get_username()))

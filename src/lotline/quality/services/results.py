"""Recording a lab's results, and correcting one: events in the hash chain, never edits.

Each result is judged against its item's spec when recorded (judging.py), and the judgement is kept
in the event, so the history says what was known then. An out-of-spec result holds the lot and what
is on hand downstream of it, and proposes a recall case for what was shipped (consequences.py), in
the same transaction as the results.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from django.db.models import Max

from lotline.accounts.rights import Right, require
from lotline.errors import ErrorCode, LotlineError, Problem
from lotline.ledger.kinds import EventKind
from lotline.ledger.log import record, writing
from lotline.lots.models import Lot
from lotline.lots.services.common import check_day
from lotline.lots.services.holds import hold_owed

from ..answers import RecordedResults, ResultView
from ..coa import Coa, checked_coa, keep
from ..judging import analyte_key, judge
from ..models import RESULT_PREFIX, CoaFile, LabResult, Sample, Spec
from .common import each_line, measured, text, what_was_tested
from .consequences import consequences

RESULT_COLUMNS = ["result", "analyte", "method", "value", "text", "unit", "limit", "tested_on", "in_spec", "spec"]


@dataclass(frozen=True)
class ResultLine:
    """One test's result as the lab reports it."""

    analyte: str  # "Listeria monocytogenes", "pH", "water activity"
    method: str = ""  # "AOAC 2016.07"
    value: Decimal | None = None  # a measured number
    text: str = ""  # a qualitative result: "not detected", "detected", "negative"
    unit: str = ""  # "pH", "aw", "CFU/g", "/25 g"
    limit: str = ""  # the limit as the lab states it, e.g. "ND in 25 g", "<= 4.6"
    tested_on: dt.date | None = None


def _line(line: ResultLine) -> ResultLine:
    """One line checked on its own (lengths, value, date)."""
    analyte = text(line.analyte, "analyte", required="name the analyte tested (pH, Listeria monocytogenes)")
    value = measured(line.value)
    finding = text(line.text, "text")
    if value is None and not finding:
        raise LotlineError(ErrorCode.MISSING, f"give the result of {analyte}: the measured value, or the finding "
                           "(not detected)", field="value")
    if value is not None and finding:
        raise LotlineError(ErrorCode.WRONG_KIND_OF_RESULT, f"{analyte} has both a value and a finding: give one",
                           field="value")
    tested_on = check_day(line.tested_on, "tested_on") if line.tested_on else None
    return ResultLine(analyte, text(line.method, "method"), value, finding, text(line.unit, "unit"),
                      text(line.limit, "limit"), tested_on)


def _specs(lot: Lot) -> dict[str, Spec]:
    return {spec.analyte_key: spec for spec in Spec.objects.filter(item=lot.item)}


def _views(lot: Lot, sample: Sample | None, lab: str, lines: list[ResultLine], coa: Coa | None, actor: str,
           first: int, **more: str) -> list[ResultView]:
    """The lines as results: numbered from `first`, each judged against the lot's item's spec."""
    specs = _specs(lot)

    def judged(numbered: tuple[int, ResultLine]) -> ResultView:
        n, line = numbered
        verdict = judge(specs.get(analyte_key(line.analyte)), value=line.value, text=line.text, unit=line.unit)
        return ResultView(f"{RESULT_PREFIX}{n}", lot.code, sample.code if sample else "", line.analyte, line.method,
                          line.value, line.text, line.unit, line.limit, lab, line.tested_on, verdict.in_spec,
                          verdict.spec, coa.sha256 if coa else "", coa.name if coa else "", actor, 0, **more)

    return each_line(list(enumerate(lines, first)), judged)


def _next_number() -> int:
    return (LabResult.objects.aggregate(last=Max("number"))["last"] or 0) + 1


def _check_dates(lines: list[ResultLine], sample: Sample | None) -> None:
    if sample is None:
        return
    for n, line in enumerate(lines, 1):
        if line.tested_on and line.tested_on < sample.drawn_on:
            raise LotlineError(ErrorCode.IMPOSSIBLE_DATE, f"tested on {line.tested_on}, before sample {sample.code} "
                               f"was drawn ({sample.drawn_on})", field="tested_on",
                               problems=[Problem(ErrorCode.IMPOSSIBLE_DATE, "tested before the sample was drawn",
                                                 "tested_on", row=n if len(lines) > 1 else None, row_label="result")])


def _record(kind: EventKind, lot: Lot, sample: Sample | None, lab: str, views: list[ResultView],
            coa: Coa | None, content: bytes | None, actor: str, **more: Any) -> RecordedResults:
    """Append the results' event and do what an out-of-spec result does (inside the caller's writing())."""
    then = consequences(lot, [v for v in views if v.in_spec is False])
    rows = [[v.result, v.analyte, v.method, v.value, v.text, v.unit, v.limit, v.tested_on, v.in_spec, v.spec]
            for v in views]
    payload = {"lab": lab, "lot": lot.code, "sample": sample.code if sample else "",
               "coa": coa.as_payload() if coa else None,
               "results": {"columns": RESULT_COLUMNS, "rows": rows},
               "reason": then.reason, "held": then.held, "kept": then.kept, "proposal": then.proposal, **more}
    if coa and content is not None:
        keep(coa, content)
    event = record(kind, payload, actor=actor, site=lot.site.code, subject=lot.code)
    if then.held:
        hold_owed(then.held, reason=then.reason, actor=actor)
    return RecordedResults(event.seq, lot.code, payload["sample"], [replace(v, event_seq=event.seq) for v in views],
                           then.held, then.kept, then.proposal_id)


def record_results(*, lab: str, results: Sequence[ResultLine], sample: str = "", lot: str = "",
                   coa: bytes | None = None, coa_name: str = "", actor: str) -> RecordedResults:
    """Record a lab's results for one sample (or for a lot with no sample drawn): one event in the
    chain; each result judged against the specs; out-of-spec holds and proposals made. One of sample
    or lot; both given must agree. Raises LotlineError naming the field ("analyte", "value",
    "tested_on", "sample", "lot", "lab", "coa"). Runs in its own ledger.writing(), which nests inside
    a caller's (an import of many rows is all-or-nothing inside one outer writing())."""
    lab = text(lab, "lab", required="name the lab that tested it")
    if not results:
        raise LotlineError(ErrorCode.MISSING, "give at least one result", field="analyte")
    lines = each_line(results, _line)
    certificate = checked_coa(coa, coa_name)
    with writing():
        the_lot, the_sample = what_was_tested(sample, lot)
        require(actor, Right.RECORD, site=the_lot.site.code)
        _check_dates(lines, the_sample)
        coa_named, content = certificate or (None, None)
        views = _views(the_lot, the_sample, lab, lines, coa_named, actor, _next_number())
        return _record(EventKind.RESULTS_RECORDED, the_lot, the_sample, lab, views, coa_named, content, actor)


def find_result(result: str, *, field: str = "result") -> LabResult:
    """The result with this id (LR-n, in any case, or its number)."""
    written = result.strip().upper().removeprefix(RESULT_PREFIX)
    found = LabResult.objects.select_related("lot", "lot__site", "lot__item", "sample").filter(
        number=int(written)).first() if written.isdigit() else None
    if found is None:
        raise LotlineError(ErrorCode.UNKNOWN_RESULT, f"unknown lab result {result!r}: no result has that id",
                           field=field)
    return found


def correct_result(result: str, *, line: ResultLine, reason: str, coa: bytes | None = None, coa_name: str = "",
                   actor: str) -> RecordedResults:
    """Correct a result: a new result naming the one it corrects and why, in one event; the earlier
    value stays in the history. Its lab, sample and lot are the earlier one's; its certificate too
    unless a new one is given. A corrected value out of spec holds and proposes as a first one would."""
    why = text(reason, "reason", required="say why the result is corrected (a reason is kept in the log)")
    checked = _line(line)
    certificate = checked_coa(coa, coa_name)
    with writing():
        earlier = find_result(result)
        require(actor, Right.RECORD, site=earlier.lot.site.code)
        if earlier.corrected_by is not None:
            raise LotlineError(ErrorCode.ALREADY_CORRECTED, f"{earlier.id_text} was corrected by "
                               f"{RESULT_PREFIX}{earlier.corrected_by}: correct that one", field="result")
        _check_dates([checked], earlier.sample)
        coa_named, content = certificate or (_stored_coa(earlier), None)
        views = _views(earlier.lot, earlier.sample, earlier.lab, [checked], coa_named, actor, _next_number(),
                       corrects=earlier.id_text, reason=why)
        return _record(EventKind.RESULT_CORRECTED, earlier.lot, earlier.sample, earlier.lab, views, coa_named,
                       content, actor, corrects=earlier.id_text, why=why)


def _stored_coa(result: LabResult) -> Coa | None:
    """The certificate an earlier result named, as a correction without a new one keeps it."""
    if not result.coa_sha256:
        return None
    size = CoaFile.objects.filter(sha256=result.coa_sha256).values_list("size", flat=True).first() or 0
    return Coa(result.coa_sha256, result.coa_name, size)

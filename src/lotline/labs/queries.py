"""Reading the labs: one by its name or code, all of them, each with its layout."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery

from lotline.errors import ErrorCode, LotlineError

from .layout import Layout
from .models import Lab


@dataclass(frozen=True)
class LabView:
    """A lab and the layout of its results files."""

    code: str
    name: str
    layout: Layout
    set_by: str
    seq: int


def _view(lab: Lab) -> LabView:
    return LabView(lab.code, lab.name, Layout(json.loads(lab.columns), lab.date_format, lab.decimal_comma,
                                              lab.delimiter), lab.set_by, lab.event_seq)


def find_lab(name: str, *, field: str = "lab") -> LabView:
    """The lab with this code or name, whatever its case."""
    text = (name or "").strip()
    if not text:
        raise LotlineError(ErrorCode.MISSING, "name the lab (its name or code)", field=field)
    for lookup in ("code", "name", "code__iexact", "name__iexact"):
        lab = Lab.objects.filter(**{lookup: text}).first()
        if lab is not None:
            return _view(lab)
    known = ", ".join(Lab.objects.values_list("name", flat=True)[:20]) or "none yet"
    raise LotlineError(ErrorCode.UNKNOWN_LAB, f"no lab is called {text!r} (labs: {known}): add it with the mapping of "
                       "its results files", field=field)


def labs() -> list[LabView]:
    return [_view(lab) for lab in Lab.objects.order_by("name")]


@dataclass(frozen=True)
class SentResult:
    """A result a lab sent, as recorded (a correction names the result it corrects)."""

    result: str
    lot: str
    sample: str
    analyte: str
    method: str
    value: Decimal | None
    text: str
    unit: str
    limit: str
    lab: str
    tested_on: dt.date | None
    in_spec: bool | None
    spec: str
    recorded_by: str
    corrected_by: str


def with_actor(results: QuerySet[Any]) -> QuerySet[Any]:
    """Lab results with `recorded_by`: the actor of the event that recorded each (who sent it)."""
    from lotline.ledger.models import Event

    return results.annotate(recorded_by=Subquery(Event.objects.filter(seq=OuterRef("event_seq")).values("actor")[:1]))


def sent_results(lab: str, *, by: str | None = None, limit: int = 1000) -> list[SentResult]:
    """A lab's results, newest first (`by`: only those that person recorded: a lab's own token)."""
    from lotline.quality.models import RESULT_PREFIX, LabResult

    found = with_actor(LabResult.objects.filter(lab__iexact=lab))
    if by is not None:
        found = found.filter(recorded_by=by)
    rows = found.order_by("-number").values_list(
        "number", "lot__code", "sample__code", "analyte", "method", "value", "text", "unit", "lab_limit", "lab",
        "tested_on", "in_spec", "spec", "recorded_by", "corrected_by")[:limit]
    return [SentResult(f"{RESULT_PREFIX}{number}", lot, sample or "", analyte, method, value, text, unit, lab_limit,
                       lab_name, tested_on, in_spec, spec, recorded_by,
                       f"{RESULT_PREFIX}{corrected}" if corrected else "")
            for (number, lot, sample, analyte, method, value, text, unit, lab_limit, lab_name, tested_on, in_spec, spec,
                 recorded_by, corrected) in rows]

"""The quality pages: the Quality page (samples awaiting results, recent results, proposals, holds
awaiting a second person), drawing a sample, entering a lab's results with the certificate, correcting
one, an item's specs, the sign-off of an out-of-spec hold's release, and the certificate's download.
Thin shells over lotline.quality's verbs and queries."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from lotline.accounts.rights import Right, can
from lotline.catalog.models import Item
from lotline.errors import ErrorCode, LotlineError
from lotline.quality.coa import coa_bytes
from lotline.quality.lengths import LENGTHS
from lotline.quality.models import LabResult, SpecRule
from lotline.quality.queries import (
    holds_awaiting_release,
    open_proposals,
    proposal_view,
    recent_results,
    samples_awaiting,
    specs_of,
)
from lotline.quality.services import (
    ResultLine,
    SpecLine,
    correct_result,
    dismiss_proposal,
    draw_sample,
    open_proposed_case,
    record_results,
    set_specs,
    sign_off_release,
)
from lotline.quality.services.common import find_sample

from .access import needs
from .problems import refused_with
from .recording import DateInput, actor, attempt, no_later_than_tomorrow, status_of, today

ROWS = 4  # tests on the results form: a pH, a water activity, a Listeria, one more
NUMBER = re.compile(r"[+-]?\d+([.,]\d+)?")
ROW_FIELDS = {"analyte": "analyte", "method": "method", "value": "result", "text": "result", "unit": "unit",
              "limit": "limit", "tested_on": "tested_on"}


def _text(name: str, **kwargs: Any) -> forms.CharField:
    return forms.CharField(max_length=LENGTHS[name], **kwargs)


def _code_input() -> forms.TextInput:
    return forms.TextInput(attrs={"autocapitalize": "characters", "autocomplete": "off", "spellcheck": "false"})


@needs(Right.READ)
def quality_page(request: HttpRequest) -> HttpResponse:
    return render(request, "web/quality/index.html", {
        "awaiting": samples_awaiting(), "results": recent_results(), "awaiting_release": holds_awaiting_release(),
        "proposals": [proposal_view(p) for p in open_proposals()], "may_record": can(request.user, Right.RECORD)})


class SampleForm(forms.Form):
    lot = forms.CharField(max_length=64, widget=_code_input(), help_text="Our lot or batch code")
    lab = _text("lab", help_text="The lab it goes to")
    code = _text("sample", label="Sample id", required=False, widget=_code_input(),
                 help_text="Blank: the next number (S-0001)")
    drawn_on = forms.DateField(label="Drawn on", widget=DateInput())
    drawn_at = _text("drawn_at", label="Where", required=False, help_text="Filler 2, cold room")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        no_later_than_tomorrow(self, "drawn_on")


@needs(Right.RECORD)
def sample_new(request: HttpRequest) -> HttpResponse:
    form = SampleForm(request.POST or None, initial={"drawn_on": today(), "lot": request.GET.get("lot", "")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def write() -> str:
            done = draw_sample(lot=data["lot"], lab=data["lab"], code=data["code"], drawn_on=data["drawn_on"],
                               drawn_at=data["drawn_at"], actor=actor(request))
            messages.success(request, f"Sample {done.code} drawn from {done.lot}: write {done.code} on the bag.")
            return reverse("quality")

        if done := attempt(request, form, write):
            return done
    return render(request, "web/quality/sample.html", {"form": form},
                  status=status_of(form) if request.method == "POST" else 200)


class ResultsForm(forms.Form):
    sample = _text("sample", required=False, widget=_code_input(), help_text="The sample's id; or give the lot")
    lot = forms.CharField(max_length=64, required=False, widget=_code_input(), help_text="When no sample was drawn")
    lab = _text("lab", required=False, help_text="Blank: the lab the sample went to")
    coa = forms.FileField(label="Certificate of analysis (PDF)", required=False,
                          widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for n in range(1, ROWS + 1):
            self.fields[f"analyte_{n}"] = _text("analyte", label="Analyte", required=False,
                                                widget=forms.TextInput(attrs={"list": "analytes"}))
            self.fields[f"result_{n}"] = forms.CharField(label="Result", max_length=LENGTHS["text"], required=False,
                                                         help_text="4.2, or not detected" if n == 1 else "")
            self.fields[f"unit_{n}"] = _text("unit", label="Unit", required=False)
            self.fields[f"method_{n}"] = _text("method", label="Method", required=False)
            self.fields[f"limit_{n}"] = _text("limit", label="Lab's limit", required=False)
            self.fields[f"tested_on_{n}"] = forms.DateField(label="Tested on", required=False, widget=DateInput())

    def rows(self) -> list[list[forms.BoundField]]:
        return [[self[f"{name}_{n}"] for name in ("analyte", "result", "unit", "method", "limit", "tested_on")]
                for n in range(1, ROWS + 1)]

    def lines(self) -> list[ResultLine]:
        data, lines = self.cleaned_data, []
        for n in range(1, ROWS + 1):
            if not data[f"analyte_{n}"].strip() and not data[f"result_{n}"].strip():
                continue
            said = data[f"result_{n}"].strip()
            number = Decimal(said.replace(",", ".")) if NUMBER.fullmatch(said) else None
            lines.append(ResultLine(data[f"analyte_{n}"], data[f"method_{n}"], number, "" if number is not None
                                    else said, data[f"unit_{n}"], data[f"limit_{n}"], data[f"tested_on_{n}"]))
        return lines


def _show_rows(form: forms.Form, error: LotlineError, rows: list[int]) -> None:
    """Each problem next to its field: a result's on its row (the verb counts the rows given)."""
    refused_with(form, error)
    for p in error.problems:
        row = rows[(p.row or 1) - 1] if p.field in ROW_FIELDS and (p.row or 1) <= len(rows) else None
        name = f"{ROW_FIELDS[p.field]}_{row}" if row else p.field
        form.add_error(name if name in form.fields else None, p.message)


@needs(Right.RECORD)
def results_new(request: HttpRequest) -> HttpResponse:
    form = ResultsForm(request.POST or None, request.FILES or None,
                       initial={"sample": request.GET.get("sample", ""), "lot": request.GET.get("lot", ""),
                                **{f"tested_on_{n}": today() for n in range(1, ROWS + 1)}})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        given = [n for n in range(1, ROWS + 1) if data[f"analyte_{n}"].strip() or data[f"result_{n}"].strip()]

        def write() -> str:
            lab = data["lab"] or (find_sample(data["sample"]).lab if data["sample"].strip() else "")
            coa = data["coa"]
            done = record_results(lab=lab, sample=data["sample"], lot=data["lot"], results=form.lines(),
                                  coa=coa.read() if coa else None, coa_name=coa.name if coa else "",
                                  actor=actor(request))
            failed = done.out_of_spec
            if failed:
                messages.error(request, f"Out of spec: {', '.join(f'{r.analyte} {r.shown}' for r in failed)}. "
                               f"Held: {', '.join(done.held) or 'nothing on hand'}"
                               f"{'; recall case proposed: ' + done.proposal if done.proposal else ''}.")
            else:
                messages.success(request, f"{len(done.results)} results of {done.lot} recorded.")
            return reverse("lot", args=[done.lot]) + "#quality"

        try:
            from .once import submit_once

            return submit_once(request, write)
        except LotlineError as error:
            if error.code == ErrorCode.FORBIDDEN:
                raise
            _show_rows(form, error, given)
    return render(request, "web/quality/results.html", {"form": form, "analytes": _analytes()},
                  status=status_of(form) if request.method == "POST" else 200)


def _analytes() -> list[str]:
    from lotline.quality.models import Spec

    return sorted(set(Spec.objects.values_list("analyte", flat=True)) | {"pH", "water activity",
                                                                         "Listeria monocytogenes"})


class CorrectForm(forms.Form):
    result = forms.CharField(label="Corrected result", max_length=LENGTHS["text"],
                             help_text="A number, or the finding: not detected")
    unit = _text("unit", required=False)
    reason = _text("reason", help_text="Kept in the log: why it is corrected")
    coa = forms.FileField(label="New certificate (PDF)", required=False,
                          widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}))


@needs(Right.RECORD)
def result_correct(request: HttpRequest, result_id: str) -> HttpResponse:
    earlier = LabResult.objects.select_related("lot").filter(number=_number(result_id)).first()
    if earlier is None:
        raise Http404("no such result")
    form = CorrectForm(request.POST or None, request.FILES or None, initial={"unit": earlier.unit})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        said = data["result"].strip()
        number = Decimal(said.replace(",", ".")) if NUMBER.fullmatch(said) else None

        def write() -> str:
            coa = data["coa"]
            line = ResultLine(earlier.analyte, earlier.method, number, "" if number is not None else said,
                              data["unit"], earlier.lab_limit, earlier.tested_on)
            done = correct_result(earlier.id_text, line=line, reason=data["reason"], coa=coa.read() if coa else None,
                                  coa_name=coa.name if coa else "", actor=actor(request))
            messages.success(request, f"{earlier.id_text} corrected by {done.results[0].result}.")
            return reverse("lot", args=[done.lot]) + "#quality"

        if done := attempt(request, form, write, fields={"value": "result", "text": "result"}):
            return done
    return render(request, "web/quality/correct.html", {"form": form, "r": earlier},
                  status=status_of(form) if request.method == "POST" else 200)


def _number(result_id: str) -> int:
    digits = result_id.upper().removeprefix("LR-")
    return int(digits) if digits.isdigit() else 0


@needs(Right.READ)
def specs_page(request: HttpRequest) -> HttpResponse:
    items = Item.objects.order_by("kind", "code")
    counts: dict[int, int] = {}
    from lotline.quality.models import Spec

    for item_id in Spec.objects.values_list("item_id", flat=True):
        counts[item_id] = counts.get(item_id, 0) + 1
    return render(request, "web/quality/specs.html", {"items": [(i, counts.get(i.pk, 0)) for i in items]})


SPEC_ROWS = 3  # blank rows offered for new limits


class SpecsForm(forms.Form):
    def __init__(self, *args: Any, rows: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.count = rows
        for n in range(1, rows + 1):
            self.fields[f"analyte_{n}"] = _text("analyte", label="Analyte", required=False)
            self.fields[f"rule_{n}"] = forms.ChoiceField(label="Limit", choices=SpecRule.choices, required=False)
            self.fields[f"number_{n}"] = forms.DecimalField(label="Number", required=False, max_digits=24,
                                                            decimal_places=6)
            self.fields[f"unit_{n}"] = _text("unit", label="Unit", required=False)
            self.fields[f"expected_{n}"] = _text("expected", label="Expected finding", required=False)
            self.fields[f"per_{n}"] = _text("per", label="In", required=False, help_text="25 g")

    def rows(self) -> list[list[forms.BoundField]]:
        return [[self[f"{name}_{n}"] for name in ("analyte", "rule", "number", "unit", "expected", "per")]
                for n in range(1, self.count + 1)]

    def lines(self) -> tuple[list[SpecLine], list[int]]:
        data, lines, rows = self.cleaned_data, [], []
        for n in range(1, self.count + 1):
            if data[f"analyte_{n}"].strip():
                lines.append(SpecLine(data[f"analyte_{n}"], data[f"rule_{n}"], data[f"number_{n}"], data[f"unit_{n}"],
                                      data[f"expected_{n}"], data[f"per_{n}"]))
                rows.append(n)
        return lines, rows


@needs(Right.READ)
def item_specs(request: HttpRequest, item: str) -> HttpResponse:
    found = Item.objects.filter(code=item).first()
    if found is None:
        raise Http404("no such item")
    specs = specs_of(found.pk)
    initial = {f"{name}_{n}": getattr(s, name) for n, s in enumerate(specs, 1)
               for name in ("analyte", "rule", "number", "unit", "expected", "per")}
    form = SpecsForm(request.POST or None, initial=initial, rows=len(specs) + SPEC_ROWS)
    if request.method == "POST" and form.is_valid():
        lines, rows = form.lines()
        try:
            set_specs(found.code, lines, actor=actor(request))
            messages.success(request, f"The specs of {found.name} are set.")
            return redirect("item_specs", item=found.code)
        except LotlineError as error:
            if error.code == ErrorCode.FORBIDDEN:
                raise
            refused_with(form, error)
            for p in error.problems:
                name = f"{p.field}_{rows[(p.row or 1) - 1]}" if rows and (p.row or 1) <= len(rows) else p.field
                form.add_error(name if name in form.fields else None, p.message)
    return render(request, "web/quality/item_specs.html", {
        "item": found, "specs": specs, "form": form, "may_manage": can(request.user, Right.MANAGE)},
        status=status_of(form) if request.method == "POST" else 200)


class ReasonForm(forms.Form):
    reason = _text("reason", help_text="Kept in the log")


@needs(Right.RECORD)
def lot_sign_off(request: HttpRequest, code: str) -> HttpResponse:
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            done = sign_off_release(code, reason=form.cleaned_data["reason"], actor=actor(request))
            messages.success(request, f"Release of {done.lot} signed off by {done.signed_by}: another person "
                             "releases it now.")
        except LotlineError as error:
            if error.code == ErrorCode.FORBIDDEN:
                raise
            messages.error(request, error.message)
    return redirect(reverse("lot", args=[code]) + "#holds")


@needs(Right.RECORD)
def proposal_act(request: HttpRequest, proposal_id: str) -> HttpResponse:
    back = request.POST.get("back") or reverse("quality")
    if request.method == "POST":
        try:
            if request.POST.get("action") == "open":
                done = open_proposed_case(proposal_id, actor=actor(request))
                messages.success(request, f"Recall case {done.case} opened from {done.proposal}.")
                return redirect("case", case_id=done.case)
            done = dismiss_proposal(proposal_id, reason=request.POST.get("reason", ""), actor=actor(request))
            messages.success(request, f"{done.proposal} dismissed.")
        except LotlineError as error:
            if error.code == ErrorCode.FORBIDDEN:
                raise
            messages.error(request, error.message)
    return redirect(back if back.startswith("/") and not back.startswith("//") else reverse("quality"))


@needs(Right.READ)
def coa_download(request: HttpRequest, sha256: str) -> HttpResponse:
    content = coa_bytes(sha256) if re.fullmatch(r"[0-9a-f]{64}", sha256) else None
    if content is None:
        raise Http404("no such certificate")
    name = LabResult.objects.filter(coa_sha256=sha256).values_list("coa_name", flat=True).first() or "coa.pdf"
    response = HttpResponse(content, content_type="application/pdf")
    safe = re.sub(r'[^A-Za-z0-9._ -]', "_", name)
    response["Content-Disposition"] = f'attachment; filename="{safe}"'
    return response


"""Recall case and drill pages: the list, opening one, and one case with its actions as small forms.

Every action is one domain verb (recalls.services); the page only reads the form and shows the case
again, or the form with its problems next to its fields. A drill is the same page with a DRILL band,
its counts and the button that makes its report (and stops its clock).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from lotline.accounts.rights import Right, can
from lotline.errors import LotlineError
from lotline.recalls import services
from lotline.recalls.models import CaseKind, How
from lotline.recalls.notices import customer_notices, notice_template, notification_csv, set_notice_template
from lotline.recalls.queries import case_details, list_cases, recompute
from lotline.recalls.report import case_report_pdf
from lotline.recalls.services.drills import drill_figures
from lotline.recalls.workbook import write_case_workbook

from .access import needs
from .lot_views import not_found
from .once import new_token
from .recording import DateInput, actor, attempt, status_of

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CODE = forms.TextInput(attrs={"autocapitalize": "characters", "autocomplete": "off", "spellcheck": "false"})


class OpenForm(forms.Form):
    supplier = forms.CharField(required=False, max_length=120, help_text="A supplier's notice: its ref or name")
    item = forms.CharField(required=False, max_length=120, help_text="The item it names (blank: every item)")
    first = forms.DateField(label="Received from", required=False, widget=DateInput())
    last = forms.DateField(label="Received to", required=False, widget=DateInput())
    lots = forms.CharField(label="Or our lot codes", required=False, max_length=2000, widget=CODE,
                           help_text="One or more, separated by spaces or commas")
    complaint = forms.CharField(required=False, max_length=20, help_text="Or a complaint's id (C-1)")
    title = forms.CharField(required=False, max_length=200, help_text="Blank: said from the start")


class DrillForm(forms.Form):
    lot = forms.CharField(label="Lot to drill on", required=False, max_length=120, widget=CODE,
                          help_text="A finished batch, or an ingredient lot; blank: one picked at random")


class ReasonForm(forms.Form):
    reason = forms.CharField(max_length=500, required=False)


class NoteForm(forms.Form):
    note = forms.CharField(max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class ConfirmForm(forms.Form):
    site = forms.CharField(max_length=40)
    note = forms.CharField(max_length=500, required=False)


class NotifyForm(forms.Form):
    customer = forms.CharField(max_length=120, widget=forms.TextInput(attrs={"list": "case-customers",
                                                                            "autocomplete": "off"}),
                               help_text="Its id or name")
    how = forms.ChoiceField(choices=How.choices)
    when = forms.DateTimeField(required=False, help_text="Blank: now",
                               widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"))
    by = forms.CharField(label="Told by", max_length=150, required=False, help_text="Blank: you")
    note = forms.CharField(max_length=500, required=False)


class CountForm(forms.Form):
    lot = forms.CharField(max_length=120, widget=CODE)
    quantity = forms.DecimalField(label="Counted on the shelf", min_value=0, max_digits=15, decimal_places=6)


class ReturnedForm(forms.Form):
    lot = forms.CharField(max_length=120, widget=CODE)
    customer = forms.CharField(max_length=120)
    quantity = forms.DecimalField(min_value=0, max_digits=15, decimal_places=6)


class DestroyedForm(forms.Form):
    lot = forms.CharField(max_length=120, widget=CODE)
    quantity = forms.DecimalField(min_value=0, max_digits=15, decimal_places=6)
    reason = forms.CharField(max_length=500, required=False)


# action -> (its form, the verb called with the case id, the actor and the form's data, what it says done)
Verb = Callable[[str, str, dict[str, Any]], Any]
ACTIONS: dict[str, tuple[type[forms.Form], Verb, str]] = {
    "hold": (ReasonForm, lambda c, a, d: services.hold_case(c, reason=d["reason"], actor=a), "Held"),
    "release": (ReasonForm, lambda c, a, d: services.release_holds(c, reason=d["reason"], actor=a), "Released"),
    "confirm": (ConfirmForm, lambda c, a, d: services.confirm_site(c, site=d["site"], note=d["note"], actor=a),
                "Site confirmed"),
    "notify": (NotifyForm, lambda c, a, d: services.notify_customer(c, customer=d["customer"], how=d["how"],
                                                                     when=d["when"], by=d["by"], note=d["note"],
                                                                     actor=a), "Customer told"),
    "count": (CountForm, lambda c, a, d: services.count_lot(c, lot=d["lot"], quantity=d["quantity"], actor=a),
              "Count recorded"),
    "returned": (ReturnedForm, lambda c, a, d: services.units_returned(c, lot=d["lot"], quantity=d["quantity"],
                                                                        customer=d["customer"], actor=a),
                 "Return recorded"),
    "destroyed": (DestroyedForm, lambda c, a, d: services.units_destroyed(c, lot=d["lot"], quantity=d["quantity"],
                                                                           reason=d["reason"], actor=a),
                  "Destruction recorded"),
    "note": (NoteForm, lambda c, a, d: services.add_note(c, note=d["note"], actor=a), "Note added"),
    "close": (ReasonForm, lambda c, a, d: services.close_case(c, reason=d["reason"], actor=a), "Closed"),
    "reopen": (ReasonForm, lambda c, a, d: services.reopen_case(c, reason=d["reason"], actor=a), "Reopened"),
    "add_scope": (forms.Form, lambda c, a, d: services.add_to_scope(c, actor=a), "Scope brought up to date"),
    "report": (forms.Form, lambda c, a, d: _counted_then_reported(c, a, d), "Report made: the clock stopped"),
}


def _counted_then_reported(case_id: str, who: str, data: dict[str, Any]) -> Any:
    """A drill's counts (those changed from the book) and its report, in one go."""
    if data.get("counts"):
        services.count_drill(case_id, data["counts"], actor=who)
    return services.report_drill(case_id, actor=who)


def _counts(request: HttpRequest, on_hand: list[Any]) -> tuple[dict[str, Any], str]:
    """The counts typed on a drill's page that differ from the book ("count:CODE" fields), or why not."""
    from lotline.quantities import QuantityError, read

    book = {lot["code"]: lot["on_hand"] for lot in on_hand}
    counts: dict[str, Any] = {}
    for key in request.POST:
        text = request.POST.get(key, "")
        code = key.removeprefix("count:")
        if key == code or code not in book or not text.strip():
            continue
        try:
            value = read(text, zero_ok=True)
        except QuantityError as error:
            return {}, f"{code}: {error.message}"
        if value != book[code]:
            counts[code] = value
    return counts, ""


@needs(Right.READ)
def case_list(request: HttpRequest) -> HttpResponse:
    cases = list_cases(kind=CaseKind.RECALL)
    cases.sort(key=lambda c: c["status"] != "open")  # open first, newest first within
    from lotline.quality.queries import open_proposals, proposal_view

    return render(request, "web/cases/list.html", {"cases": cases, "may_record": can(request.user, Right.RECORD),
                                                   "proposals": [proposal_view(p) for p in open_proposals()]})


@needs(Right.READ)
def drill_list(request: HttpRequest) -> HttpResponse:
    return render(request, "web/cases/drills.html", {"drills": drill_figures(),
                                                     "may_record": can(request.user, Right.RECORD)})


@needs(Right.RECORD)
def case_new(request: HttpRequest) -> HttpResponse:
    initial = {"lots": " ".join(request.GET.getlist("lot")), "complaint": request.GET.get("complaint", ""),
               "supplier": request.GET.get("supplier", ""), "item": request.GET.get("item", ""),
               "first": request.GET.get("from", ""), "last": request.GET.get("to", "")}
    form = OpenForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data

        def opened() -> str:
            case = services.open_case(supplier=d["supplier"] or None, item=d["item"] or None, first=d["first"],
                                      last=d["last"], lots=d["lots"].replace(",", " ").split(),
                                      complaint=d["complaint"] or None, title=d["title"], actor=actor(request))
            return reverse("case", args=[case["id"]])

        if done := attempt(request, form, opened, fields={"from": "first", "to": "last"}):
            return done
    status = status_of(form) if request.method == "POST" else 200
    return render(request, "web/cases/new.html", {"form": form, "once": new_token(), "drill": False}, status=status)


@needs(Right.RECORD)
def drill_new(request: HttpRequest) -> HttpResponse:
    form = DrillForm(request.POST or None, initial={"lot": request.GET.get("lot", "")})
    if request.method == "POST" and form.is_valid():
        lot = form.cleaned_data["lot"].strip()

        def started() -> str:
            drill = services.start_drill(lot=lot or None, at_random=not lot, actor=actor(request))
            return reverse("drill", args=[drill["id"]])

        if done := attempt(request, form, started):
            return done
    status = status_of(form) if request.method == "POST" else 200
    return render(request, "web/cases/new.html", {"form": form, "once": new_token(), "drill": True}, status=status)


def _act(request: HttpRequest, case_id: str, on_hand: list[Any]) -> tuple[str, forms.Form, HttpResponse | None]:
    """One action posted from a case's page: its name, its form (bound, with any problem next to its
    field) and where to go once it is recorded (None: show the page again with the form's problems)."""
    name = request.POST.get("action", "")
    form_class, verb, said = ACTIONS[name]
    form = form_class(request.POST)
    counts, count_problem = _counts(request, on_hand) if name == "report" else ({}, "")
    if count_problem:
        form.add_error(None, count_problem)
    if not form.is_valid():
        return name, form, None
    data = {**form.cleaned_data, "counts": counts}

    def act() -> str:
        verb(case_id, actor(request), data)
        messages.success(request, f"{said}.")
        return request.path

    return name, form, attempt(request, form, act)


def _one(request: HttpRequest, case_id: str, kind: CaseKind) -> HttpResponse:
    try:
        details = case_details(case_id)
    except LotlineError as error:
        if error.status != 404:
            raise
        return not_found(request, error)
    if details["kind"] != kind:
        return redirect("drill" if details["kind"] == CaseKind.DRILL else "case", details["id"])
    forms_now = {name: form_class() for name, (form_class, _verb, _said) in ACTIONS.items()}
    status = 200
    if request.method == "POST":
        if request.POST.get("action", "") not in ACTIONS:
            return render(request, "web/not_found.html", {"message": "no such action"}, status=400)
        name, form, done = _act(request, details["id"], details["on_hand"])
        if done:
            return done
        forms_now[name], status = form, status_of(form)
        details = case_details(case_id)
    drill = kind == CaseKind.DRILL
    report_problems = forms_now["report"].non_field_errors()
    return render(request, "web/cases/case.html", {
        "c": details, "drill": drill, "forms": forms_now, "once": new_token(),
        "may_record": can(request.user, Right.RECORD),
        "unreconciled": [b for b in details["mass_balance"] if not b["reconciled"]],
        "change": recompute(details["id"]) if request.GET.get("recompute") and not drill else None,
        "count_problem": report_problems[0] if report_problems else "",
        "reported": next((a for a in reversed(details["actions"]) if a["action"] == "reported"), None)},
        status=status)


@needs(Right.READ)
def case_page(request: HttpRequest, case_id: str) -> HttpResponse:
    return _one(request, case_id, CaseKind.RECALL)


@needs(Right.READ)
def drill_page(request: HttpRequest, case_id: str) -> HttpResponse:
    return _one(request, case_id, CaseKind.DRILL)


class TemplateForm(forms.Form):
    text = forms.CharField(label="The notice", max_length=5000, widget=forms.Textarea(attrs={"rows": 14}),
                           help_text="Placeholders: {customer} {product} {lots} {quantities} {business} {contact} "
                                     "{case}")
    business = forms.CharField(label="Your business's name", max_length=200, required=False)
    contact = forms.CharField(label="Whom to call", max_length=200, required=False,
                              help_text="A name and a phone number or e-mail")


@needs(Right.READ)
def case_notices(request: HttpRequest, case_id: str) -> HttpResponse:
    """Every customer's notice of a case, ready to print or copy into a message."""
    try:
        notices = customer_notices(case_id, customer=request.GET.get("customer") or None)
    except LotlineError as error:
        if error.status != 404:
            raise
        return not_found(request, error)
    return render(request, "web/cases/notices.html", {"notices": notices, "case_id": notices[0]["case"] if notices
                                                      else "".join(case_id.split()).upper()})


@needs(Right.EXPORT)
def case_notifications_csv(request: HttpRequest, case_id: str) -> HttpResponse:
    try:
        text = notification_csv(case_id, actor=request.user)
    except LotlineError as error:
        if error.status != 404:
            raise
        return not_found(request, error)
    name = "".join(case_id.split()).upper()
    return HttpResponse(text, content_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{name}-notification-list.csv"'})


@needs(Right.MANAGE)
def notice_template_page(request: HttpRequest) -> HttpResponse:
    """The owner's notice template: its text and the two values it fills in."""
    current = notice_template()
    form = TemplateForm(request.POST or None, initial=dict(current))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data

        def saved() -> str:
            set_notice_template(text=d["text"], business=d["business"], contact=d["contact"], actor=request.user)
            messages.success(request, "Notice template saved.")
            return reverse("notice_template")

        if done := attempt(request, form, saved):
            return done
    status = status_of(form) if request.method == "POST" else 200
    return render(request, "web/cases/template.html", {"form": form, "once": new_token()}, status=status)


@needs(Right.EXPORT)
def case_pdf(request: HttpRequest, case_id: str) -> HttpResponse:
    try:
        pdf = case_report_pdf(case_id, actor=request.user)
    except LotlineError as error:
        if error.status != 404:
            raise
        return not_found(request, error)
    name = "".join(case_id.split()).upper()  # an id the report was found by: R-1, D-2
    return HttpResponse(pdf, content_type="application/pdf",
                        headers={"Content-Disposition": f'attachment; filename="{name}-report.pdf"'})


@needs(Right.EXPORT)
def case_xlsx(request: HttpRequest, case_id: str) -> HttpResponse:
    out = io.BytesIO()
    try:
        case = write_case_workbook(case_id, out, actor=request.user)
    except LotlineError as error:
        if error.status != 404:
            raise
        return not_found(request, error)
    return HttpResponse(out.getvalue(), content_type=XLSX,
                        headers={"Content-Disposition": f'attachment; filename="{case["id"]}.xlsx"'})

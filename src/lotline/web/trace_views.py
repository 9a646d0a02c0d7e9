"""Trace and recall pages: the answer as tables and a picture, its CSV, and the one-click hold
of every affected lot still on hand."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from lotline.accounts.rights import Right, can
from lotline.catalog.models import Item, ItemKind, Supplier
from lotline.days import today
from lotline.errors import Forbidden, LotlineError
from lotline.ledger.checkpoints import seal
from lotline.trace.csvfile import answer_csv
from lotline.trace.holds import hold_plan, hold_recalled_lots
from lotline.trace.picture import lineage_svg
from lotline.trace.queries import Recall, recall, trace_back, trace_forward

from .access import needs
from .fields import text
from .once import new_token, submit_once
from .problems import show

DIRECTIONS = {"back": trace_back, "forward": trace_forward}
CHOICES_SHOWN = 500  # suppliers and ingredients offered while typing


class TraceForm(forms.Form):
    code = forms.CharField(max_length=120, label="Code",
                           help_text="A batch, one of our lot codes, a supplier’s lot code or a unit serial.")
    direction = forms.ChoiceField(choices=[("back", "Back: what went in"), ("forward", "Forward: where it went")],
                                  initial="back", widget=forms.RadioSelect)


class RecallForm(forms.Form):
    supplier = forms.CharField(max_length=120, help_text="Its id or name.",
                               widget=forms.TextInput(attrs={"list": "suppliers", "autocomplete": "off"}))
    item = forms.CharField(max_length=120, required=False, help_text="Leave empty for every item from them.",
                           widget=forms.TextInput(attrs={"list": "items", "autocomplete": "off"}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # "from" and "to", as in the API and the CLI (not names a class body can declare)
        self.fields["from"] = forms.DateField(label="Received from", widget=forms.DateInput(attrs={"type": "date"}))
        self.fields["to"] = forms.DateField(label="Received until", widget=forms.DateInput(attrs={"type": "date"}))


class HoldAllForm(forms.Form):
    reason = text("reason", initial="", help_text="Kept in the log with every hold.")


def _lot_url(code: str) -> str:
    return reverse("lot", args=[code])


def _filename(*parts: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", "-".join(parts))[:100] + ".csv"


def _csv(result: Mapping[str, Any], filename: str) -> HttpResponse:
    """The answer as a CSV download, ending with the event log's head, signed as a report's."""
    sealed = seal("recall report" if result["direction"] == "recall" else "trace report")
    response = HttpResponse(answer_csv(result, foot=sealed.line()), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@needs(Right.READ)
def trace_page(request: HttpRequest, direction: str = "", code: str = "") -> HttpResponse:
    data = {"code": code, "direction": direction} if code else request.GET
    form = TraceForm(data if data.get("code") else None, initial={"direction": "back"})
    context: dict[str, Any] = {"form": form}
    status = 200
    if form.is_bound and form.is_valid():
        direction, code = form.cleaned_data["direction"], form.cleaned_data["code"]
        try:
            result = DIRECTIONS[direction](code)
        except LotlineError as error:
            show(form, error)
            status = error.status
        else:
            context |= {"result": result, "shown": shown(result), "picture": lineage_svg(result, link=_lot_url),
                        "csv_url": f"{reverse('trace_csv')}?{urlencode({'direction': direction, 'code': code})}"}
    elif form.is_bound:
        status = 400
    return render(request, "web/trace.html", context, status=status)


@needs(Right.EXPORT)
def trace_csv(request: HttpRequest) -> HttpResponse:
    form = TraceForm(request.GET)
    if not form.is_valid():
        return render(request, "web/trace.html", {"form": form}, status=400)
    direction, code = form.cleaned_data["direction"], form.cleaned_data["code"]
    try:
        result = DIRECTIONS[direction](code)
    except LotlineError as error:
        show(form, error)
        return render(request, "web/trace.html", {"form": form}, status=error.status)
    return _csv(result, _filename("trace", direction, code))


def _recall(form: RecallForm) -> Recall:
    data = form.cleaned_data
    return recall(supplier=data["supplier"], item=data["item"] or None, first=data["from"], last=data["to"])


def _recall_query(data: dict[str, Any]) -> str:
    return urlencode({"supplier": data["supplier"], "item": data["item"] or "", "from": data["from"].isoformat(),
                      "to": data["to"].isoformat()})


# Rows of each table a page shows: a recall of a year of lemon juice reaches 1,000 batches and
# 3,000 shipments; listed in full the page takes a second to render and no one reads it on a
# phone. The counts are whole, and the CSV download has every row.
PAGE_ROWS = 200


def shown(result: Mapping[str, Any]) -> dict[str, list]:
    """The first PAGE_ROWS rows of each table of an answer."""
    keys = ("lots", "batches", "links", "customers", "on_hand", "not_affected")
    return {key: result.get(key, [])[:PAGE_ROWS] for key in keys}


def _choices() -> dict[str, Any]:
    return {"suppliers": Supplier.objects.order_by("name").values_list("ref", "name")[:CHOICES_SHOWN],
            "items": Item.objects.filter(kind=ItemKind.INGREDIENT).order_by("name")
            .values_list("code", "name")[:CHOICES_SHOWN]}


def _recall_page(request: HttpRequest, form: RecallForm, *, hold_form: forms.Form | None = None,
                 status: int = 200) -> HttpResponse:
    context: dict[str, Any] = {"form": form, **_choices()}
    if form.is_bound and form.is_valid():
        try:
            result = _recall(form)
        except LotlineError as error:
            show(form, error)
            status = error.status
        else:
            to_hold, _skipped = hold_plan(result)
            query = _recall_query(form.cleaned_data)
            context |= {"result": result, "shown": shown(result), "picture": lineage_svg(result, link=_lot_url),
                        "to_hold": to_hold,
                        "may_hold": bool(to_hold) and all(can(request.user, Right.RECORD, site=h.site)
                                                          for h in to_hold),
                        "csv_url": f"{reverse('recall_csv')}?{query}", "query": form.cleaned_data,
                        "hold_form": hold_form or HoldAllForm(), "once": new_token()}
    elif form.is_bound:
        status = 400
    return render(request, "web/recall.html", context, status=status)


@needs(Right.READ)
def recall_page(request: HttpRequest) -> HttpResponse:
    if request.GET.get("supplier"):
        return _recall_page(request, RecallForm(request.GET))
    return _recall_page(request, RecallForm(initial=recall_window_default(today())))


@needs(Right.EXPORT)
def recall_csv(request: HttpRequest) -> HttpResponse:
    form = RecallForm(request.GET)
    if not form.is_valid():
        return _recall_page(request, form, status=400)
    try:
        result = _recall(form)
    except LotlineError as error:
        show(form, error)
        return _recall_page(request, form, status=error.status)
    data = form.cleaned_data
    return _csv(result, _filename("recall", data["supplier"], data["from"].isoformat(), data["to"].isoformat()))


@needs(Right.RECORD)
def recall_hold(request: HttpRequest) -> HttpResponse:
    """Hold every affected lot still on hand, in one transaction: all of them or none."""
    if request.method != "POST":
        return redirect("recall")
    form, hold_form = RecallForm(request.POST), HoldAllForm(request.POST)
    if not (form.is_valid() and hold_form.is_valid()):
        return _recall_page(request, form, hold_form=hold_form, status=400)
    back = f"{reverse('recall')}?{_recall_query(form.cleaned_data)}"
    data = form.cleaned_data

    def write() -> str:
        held = hold_recalled_lots(supplier=data["supplier"], item=data["item"] or None, first=data["from"],
                                  last=data["to"], reason=hold_form.cleaned_data["reason"], user=request.user).held
        messages.success(request, f"{len(held)} lots put on hold: none of them can be used or shipped until "
                          "released." if held else "Every affected lot on hand was already on hold.")
        return back

    try:
        return submit_once(request, write)
    except Forbidden:
        raise  # the page saying why not (web/access.py)
    except LotlineError as error:
        # an unknown supplier or a window ending before it starts goes next to the recall's fields
        show(form if error.field in form.fields else hold_form, error)
        return _recall_page(request, form, hold_form=hold_form, status=error.status)


def recall_window_default(today: dt.date) -> dict[str, str]:
    """A fresh recall form starts on the last 30 days."""
    return {"from": (today - dt.timedelta(days=30)).isoformat(), "to": today.isoformat()}

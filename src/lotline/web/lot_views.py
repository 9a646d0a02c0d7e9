"""The lot page: everything about one lot, its hold and release buttons, and the chain check."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from lotline.accounts.rights import Right, can, require
from lotline.errors import LotlineError, NotFound
from lotline.ledger.log import verify
from lotline.lots.details import find_lot, lot_details
from lotline.lots.services import place_hold, release_hold

from .access import needs
from .once import new_token, submit_once
from .problems import show


class ReasonForm(forms.Form):
    reason = forms.CharField(max_length=250, help_text="Kept in the log: why it is held or released.")


def not_found(request: HttpRequest, error: NotFound) -> HttpResponse:
    return render(request, "web/not_found.html", {"message": error.message}, status=404)


def _page(request: HttpRequest, code: str, *, form: ReasonForm | None = None, status: int = 200) -> HttpResponse:
    try:
        lot = lot_details(code)
    except NotFound as error:
        return not_found(request, error)
    may_record = can(request.user, Right.RECORD, site=lot["site"])
    context: dict[str, Any] = {"lot": lot, "may_record": may_record, "form": form or ReasonForm(),
                               "once": new_token(), "open_hold": next((h for h in lot["holds"] if h["open"]), None)}
    return render(request, "web/lot.html", context, status=status)


@needs(Right.READ)
def lot_page(request: HttpRequest, code: str) -> HttpResponse:
    return _page(request, code)


def _change(request: HttpRequest, code: str, verb: Any, done: str) -> HttpResponse:
    if request.method != "POST":
        return _page(request, code)
    try:
        lot = find_lot(code)
    except NotFound as error:
        return not_found(request, error)
    require(request.user, Right.RECORD, site=lot.site.code)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        return _page(request, code, form=form, status=400)

    def write() -> str:
        verb(lot.code, reason=form.cleaned_data["reason"], actor=request.user.get_username())
        messages.success(request, f"{lot.code} {done}.")
        return reverse("lot", args=[lot.code])

    try:
        return submit_once(request, write)
    except LotlineError as error:
        show(form, error)
        return _page(request, code, form=form, status=error.status)


@needs(Right.RECORD)
def lot_hold(request: HttpRequest, code: str) -> HttpResponse:
    return _change(request, code, place_hold, "is on hold: it cannot be used or shipped until released")


@needs(Right.RECORD)
def lot_release(request: HttpRequest, code: str) -> HttpResponse:
    return _change(request, code, release_hold, "is released")


@needs(Right.READ)
def verify_page(request: HttpRequest) -> HttpResponse:
    """The whole chain walked once, on request (htmx loads the fragment into the lot page)."""
    result = verify()
    template = "web/_verify.html" if request.headers.get("HX-Request") else "web/verify.html"
    return render(request, template, {"result": result})

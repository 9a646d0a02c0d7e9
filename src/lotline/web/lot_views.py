"""The lot page: everything about one lot; holding, releasing, discarding units, marking a batch
failed; and the chain check."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from lotline.accounts.rights import Right, can
from lotline.allergens.queries import lot_allergens
from lotline.complaints.patterns import patterns_about
from lotline.complaints.queries import complaints_about
from lotline.epcis.answers import kept_for_lot
from lotline.errors import LotlineError, NeedsConfirmation
from lotline.ledger.verification import verify_ledger
from lotline.lots.models import Lot
from lotline.lots.queries import lot_details
from lotline.lots.services import discard_units, mark_failed, place_hold, release_hold
from lotline.lots.where import lot_to_record
from lotline.quality.queries import quality_of
from lotline.quantities import said

from .access import needs
from .fields import text
from .once import new_token, submit_once
from .problems import show
from .process_views import lot_context
from .recording import QuantityField, ask_to_confirm, confirmed, status_of


class ReasonForm(forms.Form):
    reason = text("reason", help_text="Kept in the log: why it is held or released.")


class DiscardForm(forms.Form):
    quantity = QuantityField()
    unit = forms.CharField(max_length=12, required=False, help_text="Blank: the lot's own unit.")
    reason = text("reason", help_text="Kept in the log: spoiled, dropped, failed a check.")


# The ids the lot page gives each form's fields (three forms, two with a "reason"), so the summary of
# a form sent back links to the right field.
AUTO_IDS = {"form": "id_%s", "discard_form": "id_discard_%s", "fail_form": "id_fail_%s"}


def not_found(request: HttpRequest, error: LotlineError) -> HttpResponse:
    return render(request, "web/not_found.html", {"message": error.message}, status=404)


def _page(request: HttpRequest, code: str, *, bound: dict[str, Any] | None = None,
          status: int = 200) -> HttpResponse:
    """The lot page; `bound` holds the form that was sent back with its errors (by context name)."""
    try:
        lot = lot_details(code)
    except LotlineError as error:
        if error.status != 404:
            raise
        return not_found(request, error)
    may_record = can(request.user, Right.RECORD, site=lot["site"])
    context: dict[str, Any] = {"lot": lot, "may_record": may_record, "form": ReasonForm(),
                               "discard_form": DiscardForm(auto_id=AUTO_IDS["discard_form"]),
                               "fail_form": ReasonForm(auto_id=AUTO_IDS["fail_form"]), "once": new_token(),
                               "open_hold": next((h for h in lot["holds"] if h["open"]), None),
                               "complaints": complaints_about(lot["code"]), "patterns": patterns_about(lot["code"]),
                               "epcis_kept": kept_for_lot(lot["code"]),
                               "allergens": lot_allergens(lot["code"]), "quality": quality_of(lot["code"]),
                               **lot_context(lot, may_record)}
    return render(request, "web/lot.html", context | (bound or {}), status=status)


@needs(Right.READ)
def lot_page(request: HttpRequest, code: str) -> HttpResponse:
    return _page(request, code)


def _change(request: HttpRequest, code: str, form_class: type[forms.Form], name: str,
            record: Callable[[Lot, dict[str, Any], str, frozenset[str]], str]) -> HttpResponse:
    """Check the form, then `record(lot, cleaned data, actor, warnings confirmed)`, which says what was done."""
    if request.method != "POST":
        return _page(request, code)
    try:
        lot = lot_to_record(request.user, code)
    except LotlineError as error:
        if error.status != 404:
            raise
        return not_found(request, error)
    form = form_class(request.POST, auto_id=AUTO_IDS[name])
    if not form.is_valid():
        return _page(request, code, bound={name: form}, status=400)

    def write() -> str:
        done = record(lot, form.cleaned_data, request.user.get_username(), confirmed(request))
        messages.success(request, f"{lot.code} {done}.")
        return reverse("lot", args=[lot.code])

    try:
        return submit_once(request, write)
    except NeedsConfirmation as error:
        ask_to_confirm(form, error)
        return _page(request, code, bound={name: form}, status=status_of(form))
    except LotlineError as error:
        show(form, error)
        return _page(request, code, bound={name: form}, status=error.status)


def _status(verb: Callable[..., Any], done: str) -> Callable[[Lot, dict[str, Any], str, frozenset[str]], str]:
    def record(lot: Lot, data: dict[str, Any], actor: str, confirmed: frozenset[str]) -> str:
        verb(lot.code, reason=data["reason"], actor=actor)
        return done
    return record


def _discard(lot: Lot, data: dict[str, Any], actor: str, confirmed: frozenset[str]) -> str:
    done = discard_units(lot.code, data["quantity"], unit=data["unit"].strip(), reason=data["reason"],
                         confirmed=confirmed, actor=actor)
    return f"lost {said(done.quantity, done.unit)} (discarded); {said(done.on_hand, done.unit)} left"


@needs(Right.RECORD)
def lot_hold(request: HttpRequest, code: str) -> HttpResponse:
    return _change(request, code, ReasonForm, "form",
                   _status(place_hold, "is on hold: it cannot be used or shipped until released"))


@needs(Right.RECORD)
def lot_release(request: HttpRequest, code: str) -> HttpResponse:
    return _change(request, code, ReasonForm, "form", _status(release_hold, "is released"))


@needs(Right.RECORD)
def lot_fail(request: HttpRequest, code: str) -> HttpResponse:
    return _change(request, code, ReasonForm, "fail_form",
                   _status(mark_failed, "is marked failed: it will never be used or shipped"))


@needs(Right.RECORD)
def lot_discard(request: HttpRequest, code: str) -> HttpResponse:
    return _change(request, code, DiscardForm, "discard_form", _discard)


@needs(Right.READ)
def verify_page(request: HttpRequest) -> HttpResponse:
    """The whole check of `lotline verify`, on request (htmx loads the fragment into the lot page)."""
    result = verify_ledger()
    template = "web/_verify.html" if request.headers.get("HX-Request") else "web/verify.html"
    return render(request, template, {"result": result})

"""Complaint pages: the list (with the patterns among them), a new complaint (with a new customer in
the same form), and one complaint: the lots it may be to pick from, the reply and status, and one
tap to a recall case or a drill on its lot."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from lotline.accounts.rights import Right, can
from lotline.catalog.models import Item, ItemKind
from lotline.catalog.specs import SPECS
from lotline.complaints.lengths import LENGTHS
from lotline.complaints.models import ComplaintStatus
from lotline.complaints.patterns import patterns
from lotline.complaints.queries import complaint_details, complaints
from lotline.complaints.services import NewCustomer, answer_complaint, pick_lot, record_complaint
from lotline.errors import Forbidden, LotlineError
from lotline.lengths import FORM_MESSAGE
from lotline.lots.queries import history

from .access import needs
from .catalog_views import form_for
from .fields import choice_field
from .lot_views import not_found
from .once import new_token, submit_once
from .problems import refused_with, show
from .recording import DateInput, actor, attempt, no_later_than_tomorrow, status_of, today
from .shipping import customer_names

STATUSES = [("", "All"), ("not closed", "Not closed"), *ComplaintStatus.choices]


def _text(name: str, **kwargs: Any) -> forms.CharField:
    return forms.CharField(max_length=LENGTHS[name], error_messages={"max_length": FORM_MESSAGE}, **kwargs)


def _customer_field(**kwargs: Any) -> forms.CharField:
    return forms.CharField(max_length=120, widget=forms.TextInput(attrs={"list": "customers", "autocomplete": "off"}),
                           **kwargs)


class ComplaintForm(forms.Form):
    customer = _customer_field(required=False, help_text="Its ref or name; a new one: below")
    complained_on = forms.DateField(label="Date", widget=DateInput())
    said = _text("said", label="What they said", widget=forms.Textarea(attrs={"rows": 4}))
    code = _text("code", label="Code on their unit", required=False,
                 help_text="A batch, a unit serial, the supplier's lot code, or scan the label",
                 widget=forms.TextInput(attrs={"autocapitalize": "characters", "autocomplete": "off",
                                               "spellcheck": "false"}))
    item = forms.ChoiceField(label="Product", required=False)
    bought_on = forms.DateField(label="Bought on", required=False, widget=DateInput())
    bought_at = _customer_field(label="Bought at", required=False, help_text="A shop or market we deliver to")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        products = Item.objects.filter(kind=ItemKind.PRODUCT).values_list("code", "name")
        choice_field(self, "item").choices = [("", "Choose the product"),
                                              *((code, f"{name} ({code})") for code, name in products)]
        no_later_than_tomorrow(self, "complained_on", "bought_on")


NewCustomerForm = form_for(SPECS["customer"])
FIELDS = {"date": "complained_on"}  # the verb's field -> the form's
NEW_FIELDS = set(SPECS["customer"].columns)  # the catalog verb's fields: the new customer's form shows them


def _new_customer(form: forms.Form) -> NewCustomer | None:
    """The new customer typed in the form, if any (its name or ref given)."""
    data = form.cleaned_data if form.is_valid() else {}
    if not (data.get("ref") or data.get("name")):
        return None
    return NewCustomer(data["ref"] or "", data["name"] or "", data.get("kind") or "", data.get("contact") or "",
                       data.get("address") or "")


@needs(Right.READ)
def complaint_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "not closed")
    status = status if status in dict(STATUSES) else ""
    found = complaints(status=status)
    return render(request, "web/complaints/list.html", {
        "complaints": found["complaints"], "total": found["total"], "status": status, "statuses": STATUSES,
        "patterns": patterns()})


@needs(Right.RECORD)
def complaint_new(request: HttpRequest) -> HttpResponse:
    initial = {"complained_on": today(), "code": request.GET.get("code", "")}
    form = ComplaintForm(request.POST or None, initial=initial)
    new = NewCustomerForm(request.POST or None, prefix="new_customer", initial={"kind": "other"})
    if request.method == "POST" and form.is_valid() and new.is_valid():
        data = form.cleaned_data

        def write() -> str:
            done = record_complaint(
                customer=_new_customer(new) or data["customer"], said=data["said"], code=data["code"],
                item=data["item"], bought_on=data["bought_on"], bought_at=data["bought_at"],
                on=data["complained_on"], actor=actor(request))
            return reverse("complaint", args=[done.complaint["id"]])

        try:
            return submit_once(request, write)
        except Forbidden:
            raise
        except LotlineError as error:
            _show(form, new, error)
    status = status_of(form) if request.method == "POST" else 200
    return render(request, "web/complaints/new.html", {
        "form": form, "new": new, "once": new_token(), "customers": customer_names(),
        "new_open": bool(new.is_bound and (new.errors or _new_customer(new)))}, status=status)


def _show(form: forms.Form, new: forms.Form, error: LotlineError) -> None:
    """Each problem next to its field: the new customer's (the catalog verb's) in its own form."""
    theirs = [p for p in error.problems if p.field in NEW_FIELDS]
    mine = [p for p in error.problems if p.field not in NEW_FIELDS]
    if theirs:
        show(new, LotlineError(error.code, error.message, problems=theirs))
    if mine:
        show(form, LotlineError(error.code, error.message, problems=mine), fields=FIELDS)
    refused_with(form, error)


class ReplyForm(forms.Form):
    text = _text("reply", label="Reply", required=False, widget=forms.Textarea(attrs={"rows": 3}),
                 help_text="What we told the customer (kept with the complaint)")
    # blank: answered (the verb's default for a reply)
    status = forms.ChoiceField(choices=[("", "Answered"), (ComplaintStatus.OPEN, "Still open"),
                                        (ComplaintStatus.CLOSED, "Closed")], required=False,
                               help_text="Still open: waiting on something; closed: nothing more to do")


class PickForm(forms.Form):
    lot = forms.CharField(label="The lot", max_length=LENGTHS["code"], widget=forms.TextInput(
        attrs={"autocapitalize": "characters", "autocomplete": "off", "spellcheck": "false"}))


@needs(Right.READ)
def complaint_page(request: HttpRequest, complaint_id: str) -> HttpResponse:
    try:
        details = complaint_details(complaint_id)
    except LotlineError as error:
        if error.status != 404:
            raise
        return not_found(request, error)
    reply, pick = ReplyForm(), PickForm()
    status = 200
    if request.method == "POST":
        reply, pick, done = _act(request, details["complaint"]["id"])
        if done:
            return done
        status = status_of(reply if reply.is_bound else pick)
        details = complaint_details(complaint_id)
    c = details["complaint"]
    return render(request, "web/complaints/complaint.html", {
        **details, "c": c, "reply_form": reply, "pick_form": pick, "once": new_token(),
        "history": history(c["id"], set()), "may_record": can(request.user, Right.RECORD)}, status=status)


def _act(request: HttpRequest, complaint_id: str) -> tuple[ReplyForm, PickForm, HttpResponse | None]:
    """A reply (and/or status) or a pick, from the complaint's page: its forms, and where to go once done."""
    back = reverse("complaint", args=[complaint_id])
    if request.POST.get("action") == "pick":
        pick = PickForm(request.POST)
        if not pick.is_valid():
            return ReplyForm(), pick, None

        def picked() -> str:
            done = pick_lot(complaint_id, lot=pick.cleaned_data["lot"], actor=actor(request))
            messages.success(request, f"{complaint_id} is about {done.complaint['lot']}.")
            return back

        return ReplyForm(), pick, attempt(request, pick, picked)
    reply = ReplyForm(request.POST)
    if not reply.is_valid():
        return reply, PickForm(), None

    def answered() -> str:
        done = answer_complaint(complaint_id, text=reply.cleaned_data["text"], status=reply.cleaned_data["status"],
                                actor=actor(request))
        messages.success(request, f"{complaint_id} is {done.complaint['status']}.")
        return back

    return reply, PickForm(), attempt(request, reply, answered, fields={"reply": "text"})

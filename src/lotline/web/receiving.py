"""Receive ingredients: one screen, a few taps, and our own lot code to write on the box."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from lotline.accounts.rights import Right
from lotline.catalog.allergens import BIG_9
from lotline.catalog.models import Item, ItemKind, Site, Supplier
from lotline.lots.models import Lot, LotKind
from lotline.lots.services import receive_lot
from lotline.lots.where import recording_site, site_choices

from . import newcomers
from .access import needs
from .fields import choice_field, text
from .newcomers import Newcomer, NewSupplierForm
from .once import new_token
from .recording import (
    UNIT_CHOICES,
    DateInput,
    QuantityField,
    actor,
    attempt,
    confirmed,
    no_later_than_tomorrow,
    status_of,
    today,
)

DOCUMENTS = [("invoice", "Invoice"), ("delivery note", "Delivery note"), ("receipt", "Receipt"),
             ("bill of lading", "Bill of lading"), ("", "None")]
RECENT_LOTS = 300  # the latest receipts, read to put the suppliers bought from lately first


def supplier_choices() -> list[tuple[str, str]]:
    """Suppliers bought from lately first, then the others by name."""
    latest = (Lot.objects.filter(kind=LotKind.RECEIVED, supplier__isnull=False).order_by("-id")
              .values_list("supplier__ref", flat=True)[:RECENT_LOTS])
    recent = {ref: n for n, ref in enumerate(dict.fromkeys(latest))}
    suppliers = sorted(Supplier.objects.values_list("ref", "name"),
                       key=lambda s: (recent.get(s[0], len(recent)), s[1].lower()))
    return [("", "Choose the supplier"), *((ref, f"{name} ({ref})") for ref, name in suppliers)]


class ReceiveForm(forms.Form):
    item = forms.ChoiceField(label="Ingredient")
    supplier = forms.ChoiceField(help_text="Bought from lately: first")
    supplier_lot = text("supplier_lot", label="Supplier's lot code", required=False,
                                   help_text="As printed on the case or invoice", widget=forms.TextInput(
                                       attrs={"autocapitalize": "characters", "autocomplete": "off"}))
    quantity = QuantityField()
    unit = forms.ChoiceField(choices=UNIT_CHOICES, required=False, help_text="Blank: the unit the item is counted in")
    received_on = forms.DateField(label="Received on", widget=DateInput())
    best_by = forms.DateField(label="Best by", required=False, widget=DateInput(), help_text="If the case says")
    reference_doc_type = forms.ChoiceField(label="Document", choices=DOCUMENTS, required=False)
    reference_doc = text("reference_doc", label="Document number", required=False)
    tlc_source = text("tlc_source", label="TLC source", required=False,
                      help_text="Who assigned the lot code, when not the supplier: a packer's GLN, name or web address")
    allergens = forms.MultipleChoiceField(
        label="Contains", choices=[(a, a) for a in BIG_9], widget=forms.CheckboxSelectMultiple, required=False,
        help_text="What the supplier declares for this lot, beyond the ingredient's own")
    may_contain = forms.MultipleChoiceField(
        label="May contain", choices=[(a, a) for a in BIG_9], widget=forms.CheckboxSelectMultiple, required=False,
        help_text="The supplier's precautionary warning for this lot: oats that may contain wheat")
    site = forms.ChoiceField()

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        items = Item.objects.filter(kind=ItemKind.INGREDIENT).values_list("code", "name", "unit")
        choice_field(self, "item").choices = [("", "Choose the ingredient"),
                                       *((code, f"{name} ({code}, {unit})") for code, name, unit in items)]
        choice_field(self, "supplier").choices = supplier_choices()
        # any site passes the form; the guard then answers 403 for a site the person may not record at
        choice_field(self, "site").choices = list(Site.objects.values_list("code", "code"))
        self.fields["site"].widget.choices = site_choices(user)
        no_later_than_tomorrow(self, "received_on")


@needs(Right.RECORD)
def receive(request: HttpRequest) -> HttpResponse:
    initial = {"received_on": today(), "reference_doc_type": "invoice", "item": request.GET.get("item", "")}
    if newcomers.adding(request, NewSupplierForm):
        return _add_supplier(request, initial)
    form = ReceiveForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def write() -> str:
            site = recording_site(request.user, data["site"])
            recorded = receive_lot(
                item=data["item"], supplier=data["supplier"], supplier_lot=data["supplier_lot"].strip(),
                quantity=data["quantity"], unit=data["unit"], received_on=data["received_on"], best_by=data["best_by"],
                reference_doc_type=data["reference_doc_type"], reference_doc=data["reference_doc"].strip(),
                tlc_source=data["tlc_source"].strip(), allergens=";".join(data["allergens"]),
                may_contain=";".join(data["may_contain"]), site=site, confirmed=confirmed(request),
                actor=actor(request))
            return reverse("lot", args=[recorded.code])

        if done := attempt(request, form, write):
            return done
    status = status_of(form) if request.method == "POST" else 200
    return _page(request, form, NewSupplierForm(), status=status)


def _page(request: HttpRequest, form: ReceiveForm, new_supplier: Newcomer, *, added: str = "",
          status: int = 200) -> HttpResponse:
    return render(request, "web/recording/receive.html", {
        "form": form, "once": new_token(), "new": new_supplier, "added": added}, status=status)


def _add_supplier(request: HttpRequest, initial: dict[str, Any]) -> HttpResponse:
    """'New supplier…': record it, then the form as typed with it chosen."""
    new, ref = newcomers.add(request, NewSupplierForm)
    typed = initial | newcomers.as_typed(request, ReceiveForm) | ({"supplier": ref} if ref else {})
    form = ReceiveForm(user=request.user, initial=typed)
    return _page(request, form, new, added=ref, status=200 if ref else 400)


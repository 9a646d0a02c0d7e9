"""Record shipments and sales: one shipment, or a whole market day typed as lines of text."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from lotline.accounts.rights import Right
from lotline.catalog.models import Customer
from lotline.catalog.queries import find_customer
from lotline.lots.marketday import parse_market_day, ship_market_day
from lotline.lots.models import Shipment
from lotline.lots.services import ShipmentLine, ship_units
from lotline.lots.stock import stored_codes
from lotline.lots.where import require_lot_sites

from . import newcomers
from .access import needs
from .fields import text
from .newcomers import NewCustomerForm
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

ORDERS = [("order", "Order"), ("invoice", "Invoice"), ("market day", "Market day"), ("receipt", "Receipt"),
          ("bill of lading", "Bill of lading"), ("", "None")]
LISTED_CUSTOMERS = 200  # offered as you type; any other is found by its ref or name
RECENT_SHIPMENTS = 300


def customer_names() -> list[tuple[str, str]]:
    """(ref, name) of the customers shipped to lately first, then the others by name."""
    latest = Shipment.objects.order_by("-id").values_list("customer__ref", "customer__name")[:RECENT_SHIPMENTS]
    recent = dict.fromkeys(latest)
    rest = Customer.objects.exclude(ref__in=[ref for ref, _name in recent]).order_by("name")
    return [*recent, *rest.values_list("ref", "name")[:max(0, LISTED_CUSTOMERS - len(recent))]]


class ShipForm(forms.Form):
    customer = forms.CharField(max_length=120, help_text="Its ref or name", widget=forms.TextInput(
        attrs={"list": "customers", "autocomplete": "off"}))
    lot = forms.CharField(label="Batch or lot", max_length=64, widget=forms.TextInput(
        attrs={"autocapitalize": "characters", "autocomplete": "off", "spellcheck": "false"}))
    quantity = QuantityField()
    unit = forms.ChoiceField(choices=UNIT_CHOICES, required=False, help_text="Blank: the lot's own unit")
    shipped_on = forms.DateField(label="Shipped on", widget=DateInput())
    reference_doc_type = forms.ChoiceField(label="Document", choices=ORDERS, required=False)
    reference_doc = text("reference_doc", label="Document number", required=False,
                                    help_text="e.g. order #1847")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        no_later_than_tomorrow(self, "shipped_on")


class MarketDayForm(forms.Form):
    shipped_on = forms.DateField(label="Day", widget=DateInput())
    customer = forms.CharField(label="Sold to", max_length=120, required=False,
                               help_text="For the lines that name no customer, e.g. Saturday market",
                               widget=forms.TextInput(attrs={"list": "customers", "autocomplete": "off"}))
    reference_doc = text("reference_doc", label="Reference", required=False,
                                    help_text="e.g. market day 7 March")
    lines = forms.CharField(label="Sales, one a line", widget=forms.Textarea(attrs={
        "rows": 8, "autocapitalize": "characters", "spellcheck": "false",
        "placeholder": "24 jars SJ-20260304-A to Saturday market\n6 HS-20260301-B to order #1847"}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        no_later_than_tomorrow(self, "shipped_on")


def _context(form: forms.Form, **extra: Any) -> dict[str, Any]:
    return {"form": form, "once": new_token(), "customers": customer_names(), "new": NewCustomerForm(), **extra}


def _add_customer(request: HttpRequest, form_class: type[forms.Form], initial: dict[str, Any],
                  field: str, template: str) -> HttpResponse:
    """'New customer…': record it, then the form as typed with it in `field`."""
    new, ref = newcomers.add(request, NewCustomerForm)
    typed = initial | newcomers.as_typed(request, form_class) | ({field: ref} if ref else {})
    return render(request, template, _context(form_class(initial=typed), new=new, added=ref),
                  status=200 if ref else 400)


@needs(Right.RECORD)
def ship(request: HttpRequest) -> HttpResponse:
    initial = {"shipped_on": today(), "lot": request.GET.get("lot", ""), "reference_doc_type": "order"}
    if newcomers.adding(request, NewCustomerForm):
        return _add_customer(request, ShipForm, initial, "customer", "web/recording/ship.html")
    form = ShipForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def write() -> str:
            lot = data["lot"].strip()
            lot = stored_codes({lot})[lot]
            require_lot_sites(request.user, [lot])
            line = ShipmentLine(lot, find_customer(data["customer"]).ref, data["quantity"], data["shipped_on"],
                                data["unit"], data["reference_doc_type"], data["reference_doc"].strip())
            [done] = ship_units([line], confirmed=confirmed(request), actor=actor(request))
            return reverse("shipped", args=[done.event_seq])

        if done := attempt(request, form, write):
            return done
    status = status_of(form) if request.method == "POST" else 200
    return render(request, "web/recording/ship.html", _context(form), status=status)


@needs(Right.RECORD)
def market_day(request: HttpRequest) -> HttpResponse:
    if newcomers.adding(request, NewCustomerForm):
        return _add_customer(request, MarketDayForm, {"shipped_on": today()}, "customer",
                             "web/recording/market_day.html")
    form = MarketDayForm(request.POST or None, initial={"shipped_on": today()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def write() -> str:
            lines = parse_market_day(data["lines"], shipped_on=data["shipped_on"], customer=data["customer"],
                                     reference_doc_type="market day" if data["reference_doc"].strip() else "",
                                     reference_doc=data["reference_doc"].strip())
            require_lot_sites(request.user, [line.shipment.lot for line in lines])
            done = ship_market_day(lines, confirmed=confirmed(request), actor=actor(request))
            return reverse("shipped", args=[done[0].event_seq])

        # every problem is about a line typed: they all go under the text box, naming their line
        if done := attempt(request, form, write, fields={f: "lines" for f in ("lot", "customer", "quantity", "unit",
                                                                               "ref", "shipped_on")}):
            return done
    status = status_of(form) if request.method == "POST" else 200
    return render(request, "web/recording/market_day.html", _context(form), status=status)


@needs(Right.RECORD)
def shipped(request: HttpRequest, seq: int) -> HttpResponse:
    """What one shipment event recorded: a line, or a market day's lines."""
    rows = list(Shipment.objects.filter(event_seq=seq).select_related("lot__item", "customer").order_by("id"))
    if not rows:
        raise Http404("no such shipment")
    lines = [(s.ref, s.quantity, s.lot.unit, s.lot.code, s.lot.item.name, s.customer.name) for s in rows]
    return render(request, "web/recording/shipped.html", {"lines": lines, "shipped_on": rows[0].shipped_on})

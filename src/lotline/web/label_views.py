"""Labels on the web: the print form of a batch (from the batch page right after recording, and the lot
page), downloading the PDF; and the GS1 Digital Link path the labels' QR codes open (/01/<GTIN>/10/<lot>),
the lot page for a signed-in person and a short public page for anyone else."""

from __future__ import annotations

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from lotline.accounts.rights import Right
from lotline.errors import LotlineError, NeedsConfirmation
from lotline.labels.public import public_lot
from lotline.labels.queries import batch_to_label, label_facts
from lotline.labels.services import print_labels
from lotline.labels.stocks import DEFAULT_STOCK, STOCKS

from .access import needs
from .lot_views import not_found
from .recording import ask_to_confirm, confirmed, status_of


class LabelsForm(forms.Form):
    count = forms.IntegerField(label="How many labels", min_value=1, max_value=1000)
    stock = forms.ChoiceField(label="Label stock", choices=[(s.name, s.said) for s in STOCKS.values()],
                              initial=DEFAULT_STOCK)


@needs(Right.RECORD)
def print_page(request: HttpRequest, code: str) -> HttpResponse:
    try:
        lot = batch_to_label(code)
    except LotlineError as error:
        return not_found(request, error)
    made = int(lot.quantity - lot.quantity_discarded) if lot.unit == "unit" else 1
    form = LabelsForm(request.POST or None, initial={"count": max(1, min(made, 1000)), "stock": DEFAULT_STOCK})
    refused: str | None = None
    if request.method == "POST" and form.is_valid():
        try:
            printed = print_labels(lot.code, actor=request.user, count=form.cleaned_data["count"],
                                   stock=form.cleaned_data["stock"], confirmed=confirmed(request))
        except NeedsConfirmation as warning:  # an allergen the label does not name: "Print anyway"
            ask_to_confirm(form, warning)
        except LotlineError as problem:
            refused = problem.message
        else:
            return HttpResponse(printed.pdf, content_type="application/pdf",
                                headers={"Content-Disposition": f'attachment; filename="labels-{printed.batch}.pdf"'})
    status = status_of(form) if request.method == "POST" else 200
    return render(request, "web/labels/print.html", {"lot": lot, "form": form, "facts": label_facts(lot),
                                                      "refused": refused}, status=status)


def digital_link(request: HttpRequest, gtin: str, lot: str, serial: str | None = None) -> HttpResponse:
    """A scanned label's QR: the lot page for a signed-in person, the public page for anyone else."""
    found = public_lot(lot, serial)
    if found is None:
        raise Http404("no such lot")
    if request.user.is_authenticated:
        return redirect("lot", found["lot"])
    return render(request, "web/labels/public.html", {"unit": found})

"""Yields: the CSV behind each plot of a product's page, and the sites compared (page and CSV).
The plots themselves are drawn on the product's catalog page (templatetags/yields.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from lotline.accounts.rights import Right
from lotline.catalog.models import Item
from lotline.errors import LotlineError
from lotline.yields.csvfile import plot_csv, sites_csv
from lotline.yields.plots import product_plots
from lotline.yields.sites import sites_compared

from .access import needs
from .problems import show


class PeriodForm(forms.Form):
    """From and to, as the API and the CLI name them (not names a class body can declare)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["from"] = forms.DateField(label="From", required=False,
                                              widget=forms.DateInput(attrs={"type": "date"}))
        self.fields["to"] = forms.DateField(label="To", required=False, widget=forms.DateInput(attrs={"type": "date"}))


def period(request: HttpRequest) -> tuple[PeriodForm, dt.date | None, dt.date | None]:
    """The period asked for (a date that is none is left out: the default window)."""
    form = PeriodForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    return form, data.get("from"), data.get("to")


def _download(text: str, filename: str) -> HttpResponse:
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@needs(Right.EXPORT)
def plot_download(request: HttpRequest, code: str, plot: str) -> HttpResponse:
    """The numbers of one plot of a product's yields, as plotted (the same period)."""
    _form, first, last = period(request)
    try:
        plots = product_plots(code, first=first, last=last)
    except LotlineError as error:  # no such product
        raise Http404(error.message) from None
    found = plots.plot(plot)
    if found is None:
        raise Http404(f"no plot {plot} of {code}")
    return _download(plot_csv(found), f"yields-{plots.product}-{plot}.csv")


@needs(Right.READ)
def sites_page(request: HttpRequest) -> HttpResponse:
    form, first, last = period(request)
    try:
        table = sites_compared(first=first, last=last)
    except LotlineError as error:  # a period that ends before it starts
        show(form, error)
        return render(request, "web/yields/sites.html", {"form": form, "table": None}, status=error.status)
    products = sorted({r.product for r in table.rows})
    names = dict(Item.objects.filter(code__in=products).values_list("code", "name"))
    return render(request, "web/yields/sites.html", {
        "form": form, "table": table,
        "by_product": [(p, names.get(p, ""), [(r, zip(r.cells, table.columns, strict=True))
                                              for r in table.rows if r.product == p]) for p in products],
        "query": request.GET.urlencode()})


@needs(Right.EXPORT)
def sites_download(request: HttpRequest) -> HttpResponse:
    _form, first, last = period(request)
    try:
        table = sites_compared(first=first, last=last)
    except LotlineError as error:
        return HttpResponse(error.message, status=error.status, content_type="text/plain; charset=utf-8")
    return _download(sites_csv(table), f"sites-compared-{table.first}-{table.last}.csv")

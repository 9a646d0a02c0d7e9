"""The comparison page: two batch pickers (or "the best by yield" against this one), then what differs,
ranked, each with its explanation. A thin shell over lotline.compare.queries."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from lotline.accounts.rights import Right
from lotline.compare.queries import MEASURES, compare_batches, compare_with_best, recent_batches
from lotline.errors import LotlineError
from lotline.lots.lengths import LENGTHS
from lotline.process.queries import number_fields

from .access import needs
from .problems import show

PICKER = {"list": "batches", "autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}


class CompareForm(forms.Form):
    a = forms.CharField(label="Batch A", max_length=LENGTHS["code"], required=False,
                        widget=forms.TextInput(attrs=PICKER), help_text="Blank with “the best” below")
    b = forms.CharField(label="Batch B (this one)", max_length=LENGTHS["code"], widget=forms.TextInput(attrs=PICKER))
    best = forms.ChoiceField(label="Or A is the best batch of B’s product", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        by_field = [(f"process:{code}", f"by the highest {label.lower()}") for code, label in number_fields()]
        best = self.fields["best"]
        assert isinstance(best, forms.ChoiceField)
        best.choices = [("", "no: the batch A named"), *((m, f"by {m}") for m in MEASURES), *by_field]


@needs(Right.READ)
def compare_page(request: HttpRequest) -> HttpResponse:
    asked = bool(request.GET.get("b")) and (bool(request.GET.get("a")) or bool(request.GET.get("best")))
    form = CompareForm(request.GET if asked else None, initial={k: request.GET.get(k, "") for k in ("a", "b")})
    comparison, status = None, 200
    if asked and form.is_valid():
        data = form.cleaned_data
        try:
            comparison = (compare_with_best(data["b"], by=data["best"]) if data["best"]
                          else compare_batches(data["a"], data["b"]))
        except LotlineError as error:
            if error.status == 403:
                raise
            show(form, error)
            status = error.status
    elif asked:
        status = 400
    ranked = comparison["differences"] if comparison else []
    return render(request, "web/compare.html", {
        "form": form, "c": comparison, "batches": recent_batches(),
        "sides": [("a", comparison["a"]), ("b", comparison["b"])] if comparison else [],
        "patterns": [d for d in ranked if d["pattern"]], "others": [d for d in ranked if not d["pattern"]]},
        status=status)

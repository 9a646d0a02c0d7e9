"""Allergens on the pages: the clean-down button on a piece of equipment's catalog page."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from lotline.accounts.rights import Right
from lotline.allergens.models import LENGTHS, Cleaning
from lotline.allergens.services import clean_equipment
from lotline.errors import LotlineError

from .access import needs
from .once import submit_once


class CleaningForm(forms.Form):
    at = forms.DateTimeField(label="Cleaned at", required=False, help_text="Blank: now",
                             widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    note = forms.CharField(max_length=LENGTHS["note"], required=False, help_text="What was done: washed, sanitised")


def cleanings_of(code: str, limit: int = 5) -> list[Cleaning]:
    """The latest clean-downs of a piece of equipment, for its page."""
    return list(Cleaning.objects.filter(equipment__code=code).order_by("-cleaned_on", "-cleaned_at")[:limit])


@needs(Right.RECORD)
def equipment_clean(request: HttpRequest, code: str) -> HttpResponse:
    """Record a clean-down, then back to the equipment's page with what was recorded (or why not)."""
    page = reverse("catalog_record", args=["equipment", code])
    form = CleaningForm(request.POST)
    if request.method != "POST" or not form.is_valid():
        messages.error(request, "Not recorded: check the time (YYYY-MM-DD HH:MM) and the note.")
        return redirect(page)
    at: dt.datetime | None = form.cleaned_data["at"]

    def write() -> str:
        done = clean_equipment(code, at=at, note=form.cleaned_data["note"], actor=request.user.get_username())
        messages.success(request, f"{done.equipment} cleaned at {timezone.localtime(done.at):%Y-%m-%d %H:%M}.")
        return page

    try:
        return submit_once(request, write)
    except LotlineError as error:
        if error.status == 403:
            raise
        messages.error(request, f"Not recorded: {error.message}")
        return redirect(page)

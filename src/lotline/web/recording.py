"""What the recording pages (receive, batch, ship) share: the write, its errors and warnings, dates,
quantities and units."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse

from lotline.catalog.units import UNITS
from lotline.days import latest_day
from lotline.days import today as business_today
from lotline.errors import Forbidden, LotlineError, NeedsConfirmation
from lotline.quantities import QuantityError, read

from .once import submit_once
from .problems import refused_with, show

UNIT_CHOICES = [("", "its own unit"), *((u, u) for u in UNITS)]
CONFIRM = "confirm"  # the "Record anyway" button's name; its value: the warning codes it accepts


class DateInput(forms.DateInput):
    input_type = "date"  # the phone's own date picker

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class QuantityField(forms.Field):
    """A quantity typed as a person writes it ("8", "0.25", "1,5"), read as every way in reads it
    (lotline.quantities); zero passes where `zero_ok` (a failed batch's), the verbs check the rest."""

    def __init__(self, *, zero_ok: bool = False, **kwargs: Any) -> None:
        self.zero_ok = zero_ok
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off",
                                                           "maxlength": "40"}))
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Decimal | None:
        text = "" if value in self.empty_values else str(value).strip()
        if not text:
            return None
        try:
            return read(text, zero_ok=self.zero_ok)
        except QuantityError as exc:
            raise forms.ValidationError(exc.message, code=exc.code) from None


def no_later_than_tomorrow(form: forms.Form, *names: str) -> None:
    """The phone's date picker offers no day after tomorrow for these fields (the domain refuses them)."""
    for name in names:
        form.fields[name].widget.attrs["max"] = latest_day().isoformat()


def today() -> dt.date:
    return business_today()


def confirmed(request: HttpRequest) -> frozenset[str]:
    """The warning codes the person accepted with "Record anyway" (none on a first submit)."""
    return frozenset(code for text in request.POST.getlist(CONFIRM) for code in text.split(",") if code)


def ask_to_confirm(form: forms.Form, error: NeedsConfirmation) -> None:
    """Keep the warnings on the form: the page lists them with a "Record anyway" button."""
    # read by recording/confirm.html: the warnings, and the codes its "Record anyway" button sends
    vars(form).update(warnings=error.problems, confirm_codes=",".join(error.codes))
    refused_with(form, error)


def status_of(form: forms.Form) -> int:
    """The status of the domain error the form was sent back with (409 needs_confirmation for one
    to confirm, 404 unknown_lot, 409 more_than_on_hand...), 400 for a form with mistakes of its own."""
    return getattr(form, "error_status", 400)


def attempt(request: HttpRequest, form: forms.Form, write: Callable[[], str], *,
            fields: dict[str, str] | None = None) -> HttpResponse | None:
    """Record once (a double submit goes where the first went); on a domain error, put each problem
    next to its field and return None: the view shows the form again with status_of(form). On
    warnings to confirm, the form lists them with a "Record anyway" button.

    Forbidden is not caught: it is the 403 page (web.access.ForbiddenPage), for a plain POST too.
    """
    try:
        return submit_once(request, write)
    except Forbidden:
        raise
    except NeedsConfirmation as error:
        ask_to_confirm(form, error)
        return None
    except LotlineError as error:
        show(form, error, fields=fields)
        return None


def actor(request: HttpRequest) -> str:
    return request.user.get_username()

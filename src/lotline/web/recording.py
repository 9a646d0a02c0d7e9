"""What the recording pages (receive, batch, ship) share: the write, its errors, dates and units."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from lotline.catalog.units import UNITS
from lotline.errors import Forbidden, LotlineError

from .once import submit_once
from .problems import show

UNIT_CHOICES = [("", "its own unit"), *((u, u) for u in UNITS)]


class DateInput(forms.DateInput):
    input_type = "date"  # the phone's own date picker

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


def today():  # noqa: ANN201
    return timezone.localdate()


def attempt(request: HttpRequest, form: forms.Form, write: Callable[[], str], *,
            fields: dict[str, str] | None = None) -> HttpResponse | None:
    """Record once (a double submit goes where the first went); on a domain error, put each problem
    next to its field and return None: the view shows the form again with status 400.

    Forbidden is not caught: it is the 403 page (web.access.ForbiddenPage), for a plain POST too.
    """
    try:
        return submit_once(request, write)
    except Forbidden:
        raise
    except LotlineError as error:
        show(form, error, fields=fields)
        return None


def actor(request: HttpRequest) -> str:
    return request.user.get_username()

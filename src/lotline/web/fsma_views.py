"""The FSMA 204 pages: log a request for records, see the key data elements missing, the request log
with each request's 24-hour clock, and a request's page with its files.

Thin shells over lotline.compliance.services: the form becomes a Request and `log_request` checks it
(an unknown lot, a range ending before it starts: the field is named, nothing logged); each download
calls `produce`, which logs that the file was produced.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from functools import lru_cache

from django import forms
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from lotline.accounts.rights import Right, can
from lotline.compliance import files, services
from lotline.compliance.answers import logged_request, request_details
from lotline.compliance.services import Request, request_from
from lotline.days import today
from lotline.errors import LotlineError
from lotline.ledger.checkpoints import Head

from .access import needs
from .lot_views import not_found
from .once import new_token
from .recording import DateInput, attempt, status_of

CODE = {"autocapitalize": "characters", "autocomplete": "off", "spellcheck": "false"}
MOMENT = "%Y-%m-%dT%H:%M"
FIELDS = {"from": "first", "to": "last", "item": "items", "lot": "lots"}  # the domain's names -> the form's


class RequestForm(forms.Form):
    requested_by = forms.CharField(label="Who asked", required=False, max_length=services.REQUESTED_BY_LENGTH,
                                   help_text="An FDA investigator, a customer, an auditor")
    requested_at = forms.DateTimeField(label="When it came in", required=False,
                                       help_text="The 24-hour clock starts here; blank: now",
                                       widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=MOMENT))
    first = forms.DateField(label="From", required=False, widget=DateInput())
    last = forms.DateField(label="To", required=False, widget=DateInput())
    items = forms.CharField(label="Items", required=False, max_length=2000, widget=forms.TextInput(attrs=CODE),
                            help_text="Item codes, separated by commas or spaces; blank: the foods on the Food "
                                      "Traceability List and the products that contain one")
    lots = forms.CharField(label="Lot codes", required=False, max_length=4000,
                           widget=forms.Textarea(attrs={"rows": 3, **CODE}),
                           help_text="Our lot codes or a supplier's, one per line or separated by commas")
    trace = forms.CharField(label="Lot to trace", required=False, max_length=120, widget=forms.TextInput(attrs=CODE),
                            help_text="Everything connected to it, back and forward")

    def request(self) -> Request:
        d = self.cleaned_data
        return Request(first=d["first"], last=d["last"], items=tuple(re.split(r"[\s,]+", d["items"].strip()))
                       if d["items"].strip() else (),
                       lots=tuple(c.strip() for c in re.split(r"[\n,]+", d["lots"]) if c.strip()),
                       trace=d["trace"].strip())


@needs(Right.READ)
def fsma204(request: HttpRequest) -> HttpResponse:
    may_export = can(request.user, Right.EXPORT)
    form = RequestForm(request.POST or None, initial={"requested_at": timezone.localtime().strftime(MOMENT)})
    if request.method == "POST" and form.is_valid():
        def logged() -> str:
            r = services.log_request(form.request(), requested_by=form.cleaned_data["requested_by"],
                                     requested_at=form.cleaned_data["requested_at"], actor=request.user)
            return reverse("fsma204_request", args=[str(r)])

        if done := attempt(request, form, logged, fields=FIELDS):
            return done
    status = status_of(form) if request.method == "POST" else 200
    now = timezone.now()
    return render(request, "web/fsma204/index.html", {
        "form": form, "once": new_token(), "may_export": may_export, "gaps": services.check(),
        "since": today() - dt.timedelta(days=730), "requests": [logged_request(r, now)
                                                                for r in services.requests_logged()],
    }, status=status)


@needs(Right.READ)
def fsma204_request(request: HttpRequest, request_id: str) -> HttpResponse:
    try:
        logged = services.find_request(request_id)
    except LotlineError as error:
        if error.status != 404:
            raise
        return not_found(request, error)
    details = request_details(logged, services.check(request_from(logged.query)))
    return render(request, "web/fsma204/request.html", {"r": details,
                                                        "may_export": can(request.user, Right.EXPORT)})


def _download(request: HttpRequest, request_id: str, make: Callable[..., tuple[str, bytes]],
              media: str) -> HttpResponse:
    try:
        name, content = make(request_id, actor=request.user)
    except LotlineError as error:
        if error.status != 404:
            raise
        return not_found(request, error)
    return HttpResponse(content, content_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'})


@needs(Right.EXPORT)
def fsma204_xlsx(request: HttpRequest, request_id: str) -> HttpResponse:
    return _download(request, request_id, files.workbook, files.XLSX)


@needs(Right.EXPORT)
def fsma204_csv(request: HttpRequest, request_id: str) -> HttpResponse:
    return _download(request, request_id, files.csv_zip, "application/zip")


@lru_cache(maxsize=16)
def _missing(database: str, head: str, day: dt.date) -> int:
    return len(services.check())


def missing_on_home(head: Head) -> int:
    """The count of key data elements missing, for the home page, once per state of the records: the
    read tables change only with an event (and the ledger's head with it), so the same head on the
    same day is the same answer, and the home page does not run the check on every visit."""
    return _missing(str(connection.settings_dict["NAME"]), str(head), today())

"""A form submitted twice (a double tap, a refresh, a flaky phone network) records once."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from .access import signed_in
from .models import Submission

FIELD = "once"  # the hidden field every recording form carries: {% include "web/once.html" %}


def new_token() -> str:
    return uuid.uuid4().hex


def submit_once(request: HttpRequest, write: Callable[[], str]) -> HttpResponse:
    """Run `write` (it records and returns the page to go to) once per form token, then redirect.

    The token's row is inserted in the same transaction as the write and before it: a second
    submission of the same form waits for the first on the unique index, then finds its row and
    goes where the first went. A form without a token is simply written.
    """
    token = request.POST.get(FIELD, "")
    if not token:
        return redirect(write())
    try:
        with transaction.atomic():
            seen = Submission.objects.create(token=token[:64], user=signed_in(request), location="")
            seen.location = write()
            seen.save(update_fields=["location"])
    except IntegrityError:
        first = Submission.objects.filter(token=token[:64]).first()
        if first is None or not first.location:
            raise
        return redirect(first.location)
    return redirect(seen.location)

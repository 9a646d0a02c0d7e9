"""Limits on failed sign-ins: after 5 failures for one user name, or 20 from one address, within 15
minutes, sign-in is refused for that name or address until the oldest of those failures is 15
minutes old; the message says when. A successful sign-in clears the name's failures.

The limits are checked before the password, so a locked name cannot be probed, and names no one
has count the same as real ones, so the answer never tells which names exist. Counts are rows of
one small table (models.FailedSignIn), so every gunicorn worker sees the same counts on SQLite and
PostgreSQL, with no other service to run. Two failures recorded at the same instant by two workers
may both pass the check: a limit of 5 may let 6 through, which is close enough for a limit.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest
from django.utils import timezone

from .models import FailedSignIn

PER_NAME = 5
PER_ADDRESS = 20
WINDOW = dt.timedelta(minutes=15)
LOCKED = "sign_in_locked"  # the request's attribute saying why sign-in was refused (the sign-in form reads it)


@dataclass(frozen=True)
class Locked:
    """Sign-in is refused until `until`, for this user name or from this address (`by`)."""

    until: dt.datetime
    by: str  # "name" or "address"

    @property
    def message(self) -> str:
        whose = "for this user name" if self.by == "name" else "from this address"
        local = timezone.localtime(self.until)
        minutes = max(1, math.ceil((self.until - timezone.now()).total_seconds() / 60))
        return (f"Too many failed sign-ins {whose}. Try again after {local:%H:%M} "
                f"({local.tzname()}), in {minutes} minute{'s' if minutes != 1 else ''}.")


def sign_in_locked(username: str, address: str, *, now: dt.datetime | None = None) -> Locked | None:
    """Whether sign-in is refused for `username` or from `address` now, and until when."""
    now = now or timezone.now()
    recent = FailedSignIn.objects.filter(at__gt=now - WINDOW).order_by("-at").values_list("at", flat=True)
    counted = [("name", recent.filter(username=_name(username)), PER_NAME)]
    if address:
        counted.append(("address", recent.filter(address=address), PER_ADDRESS))
    for by, failures, limit in counted:
        # the limit-th newest failure: once it leaves the window, fewer than `limit` are left in it
        if nth := list(failures[limit - 1:limit]):
            return Locked(nth[0] + WINDOW, by)
    return None


def record_failed_sign_in(username: str, address: str, *, now: dt.datetime | None = None) -> None:
    """Count one failure, and forget those that no longer count (so the table stays small)."""
    now = now or timezone.now()
    FailedSignIn.objects.filter(at__lte=now - WINDOW).delete()
    FailedSignIn.objects.create(username=_name(username), address=address, at=now)


def forget_failed_sign_ins(username: str) -> None:
    """A successful sign-in: the name's failures no longer count (the address's still do)."""
    FailedSignIn.objects.filter(username=_name(username)).delete()


def client_address(request: HttpRequest | None) -> str:
    """The address a request came from: the socket's peer, or behind a reverse proxy
    (LOTLINE_BEHIND_PROXY=1) the last address in X-Forwarded-For, the one the proxy added."""
    if request is None:
        return ""
    if settings.LOTLINE_BEHIND_PROXY and (forwarded := request.META.get("HTTP_X_FORWARDED_FOR", "")):
        return forwarded.split(",")[-1].strip()[:45]
    return request.META.get("REMOTE_ADDR", "")[:45]


def _name(username: str) -> str:
    # lower-cased: Olivia and olivia are one person (add_person refuses names that differ only in case)
    return username.strip().lower()[:150]


class LimitedSignIn(ModelBackend):
    """Django's sign-in by user name and password, within the limits on failed sign-ins.

    Every sign-in goes through it: the sign-in page, the admin's, and any other caller of
    django.contrib.auth.authenticate. A refusal for a locked name or address is left on the request
    (`request.sign_in_locked`) for the sign-in form to say so.
    """

    def authenticate(self, request: HttpRequest | None, username: str | None = None, password: str | None = None,
                     **kwargs: Any) -> Any:
        if username is None or password is None:
            return None
        address = client_address(request)
        if locked := sign_in_locked(username, address):
            if request is not None:
                setattr(request, LOCKED, locked)
            return None
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            record_failed_sign_in(username, address)
        else:
            forget_failed_sign_ins(username)
        return user

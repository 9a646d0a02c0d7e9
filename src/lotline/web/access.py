"""Every page's guard: signed in, and a role with the right (else 403, also for a plain POST)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth import models as auth
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render

from lotline.accounts.rights import Right, require, rights_of, role_of
from lotline.errors import Forbidden

View = Callable[..., HttpResponseBase]  # a page, or a download (FileResponse)


def needs(right: Right) -> Callable[[View], View]:
    """A view for signed-in people whose role has `right`; others get the 403 page."""

    def wrap(view: View) -> View:
        @login_required
        @wraps(view)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            require(request.user, right)
            return view(request, *args, **kwargs)

        return guarded

    return wrap


def signed_in(request: HttpRequest) -> auth.User:
    """The person signed in, for a view behind `needs` (which lets no one else through)."""
    user = request.user
    if isinstance(user, AnonymousUser):
        raise PermissionDenied("sign in first")
    return user


class ForbiddenPage:
    """Middleware: a Forbidden raised anywhere in a view (a site a staff member may not record
    at) is the 403 page, with the reason, rather than a server error."""

    def __init__(self, get_response: View) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, Forbidden):
            return render(request, "web/403.html", {"reason": exception.message}, status=403)
        return None


def rights(request: HttpRequest) -> dict[str, Any]:
    """Context processor: `rights` (a set of words: read, record, export, manage) and `role`, so
    a template shows no button for what the person may not do."""
    from .nav import menu

    user = getattr(request, "user", None)
    if user is None:
        return {"rights": frozenset(), "role": None, "menu": []}
    words = frozenset(r.value for r in rights_of(user))
    return {"rights": words, "role": role_of(user), "menu": menu(words)}

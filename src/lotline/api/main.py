"""The NinjaAPI instance: authentication, the error mapping, and each domain's router."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.parser import Parser

from lotline.errors import ErrorCode, LotlineError, Problem

from .auth import AUTH

# The codes of what the domain's readers refuse inside a schema (a quantity too precise...); any
# other validation problem (a missing field, a wrong type) is bad_input
READER_CODES = {ErrorCode.NOT_A_NUMBER, ErrorCode.NOT_POSITIVE, ErrorCode.TOO_LARGE, ErrorCode.TOO_PRECISE}


class ExactNumbers(Parser):
    """JSON numbers read as decimals, as written: 0.1 is 0.1, and 1e-400 is not quietly 0."""

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        return json.loads(request.body, parse_float=Decimal)


class OfflineSwagger(Swagger):
    """Swagger UI from django-ninja's files as our static files (settings.NINJA_DIR), never a CDN's.

    django-ninja renders its local template only when "ninja" is an installed app, which would load
    ninja and pydantic in every `lotline` command; this renders it always.
    """

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        self.settings["url"] = self.get_openapi_url(api, kwargs)
        # the page signs its calls with the CSRF token: a signed-in session needs it to write
        context = {"swagger_settings": json.dumps(self.settings, indent=1), "api": api, "add_csrf": True}
        return render(request, self.template, context)


api = NinjaAPI(
    title="Lotline",
    version="1",
    description="Lot traceability: receive ingredient lots, record batches, ship units, trace any code "
    "back and forward, and run supplier recalls. Errors are JSON with a stable `code` and the `field` at "
    "fault: 400 bad input (including a NUL character or a lone surrogate anywhere), 401 not signed in (no "
    "token, or one that is unknown or revoked), 403 role, 404 unknown code, 409 conflict (a held lot, a duplicate "
    "code), 413 a body over 2.5 MB, 414 an address over 4,096 characters. A 409 `needs_confirmation` lists "
    "warnings (`expired_input`, `no_inputs`, `near_twin`): nothing was recorded; send the request again with "
    "their codes in `confirm` to record it anyway.",
    auth=AUTH,
    urls_namespace="api",
    parser=ExactNumbers(),
    # Swagger UI from our own static files, and no online validator badge: the docs page asks
    # nothing of another host, so it works offline.
    docs=OfflineSwagger(settings={"validatorUrl": None}),
)


def _error(request: HttpRequest, code: ErrorCode, message: str, field: str = "",
           problems: list[Problem] | None = None) -> HttpResponse:
    return domain_error(request, LotlineError(code, message, field=field, problems=problems))


@api.exception_handler(LotlineError)
def domain_error(request: HttpRequest, exc: LotlineError) -> HttpResponse:
    """The one error shape (ErrorOut), at the status of its code."""
    return api.create_response(request, exc.as_dict(), status=exc.status)


@api.exception_handler(ValidationError)
def bad_input(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    problems = []
    for e in exc.errors:
        loc = [str(part) for part in e.get("loc", ()) if part not in ("body", "query", "path", "payload")]
        code = ErrorCode.of(e["type"]) if e.get("type") in READER_CODES else ErrorCode.BAD_INPUT
        problems.append(Problem(code, e.get("msg", "invalid"), ".".join(loc)))
    first = problems[0] if problems else Problem(ErrorCode.BAD_INPUT, "invalid input")
    return _error(request, first.code, first.message, first.field, problems)


@api.exception_handler(HttpError)
def refused_by_ninja(request: HttpRequest, exc: HttpError) -> HttpResponse:
    """What django-ninja refuses itself (a body that is not JSON, a session's write without its CSRF
    token), in the same shape as every other error (tests/test_api_fuzz.py found it answering
    {"detail": ...} instead)."""
    message = str(exc)
    if exc.status_code == 403 and message.startswith("CSRF"):
        return _error(request, ErrorCode.CSRF_FAILED, "a write from a signed-in session needs its CSRF token "
                      "(X-CSRFToken header); a script sends its personal API token instead (Authorization: Bearer)")
    if message.startswith("Cannot parse request body"):
        message = "the request body is not valid JSON"
    return _error(request, ErrorCode.BAD_INPUT, message)


@api.exception_handler(AuthenticationError)
def not_signed_in(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(request, ErrorCode.NOT_SIGNED_IN, "sign in, or send a personal API token (Authorization: Bearer)")


def _routers() -> None:
    from .routers import catalog, ledger

    api.add_router("/", ledger.router)
    api.add_router("/", catalog.router)
    from .routers import lots

    api.add_router("/", lots.router)
    from .routers import trace

    api.add_router("/", trace.router)
    from .routers import cases

    api.add_router("/", cases.router)
    from .routers import complaints

    api.add_router("/", complaints.router)
    from .routers import drills

    api.add_router("/", drills.router)
    from .routers import plans

    api.add_router("/", plans.router)
    from .routers import allergens, fsma204, labels

    api.add_router("/", fsma204.router)
    api.add_router("/", labels.router)
    api.add_router("/", allergens.router)
    from .routers import epcis, quality

    api.add_router("/", epcis.router)
    from .routers import yields

    api.add_router("/", yields.router)
    from .routers import compare

    api.add_router("/", compare.router)
    api.add_router("/", quality.router)
    from .routers import labs

    api.add_router("/", labs.router)
    from .routers import process

    api.add_router("/", process.router)


_routers()

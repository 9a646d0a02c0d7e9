"""The EPCIS 2.0 REST binding (GS1's openapi.yaml), for what Lotline supports, under /epcis/.

- POST /epcis/capture: an EPCISDocument (or EPCISQueryDocument), taken in all or nothing as a
  capture job (202, Location: its address); GET /epcis/capture lists the caller's jobs and
  GET /epcis/capture/{captureID} tells one's state and errors.
- GET /epcis/events: our records' events and those we kept, filtered by the query parameters
  (queries.py), a page at a time (Link: <...>; rel="next"); GET /epcis/events/{eventID}: one.

Thin shells over jobs.py and queries.py. A personal API token (Authorization: Bearer) is the only
way in: no session, so no CSRF token; a token limited to EPCIS capture reaches only /capture.
Errors are RFC 7807 problem details with GS1's exception type and our code and field beside it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import models as auth
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt

from lotline.accounts.models import TokenScope
from lotline.accounts.services import refuse_limited, token_in_use
from lotline.errors import ErrorCode, LotlineError
from lotline.web.unreadable import text_refusal

from . import vocabulary as v
from .identifiers import base
from .jobs import capture_job, job_json, job_of, jobs_of
from .queries import PER_PAGE, QueryParameterError, find_event, page, per_page, query_document, read_query

View = Callable[[HttpRequest, auth.User, str], HttpResponse]
JSON_TYPES = ("application/json", "application/ld+json")
EXCEPTIONS = {401: "SecurityException", 403: "SecurityException", 404: "NoSuchResourceException",
              406: "NotAcceptableException", 413: "CaptureLimitExceededException",
              415: "UnsupportedMediaTypeException"}
TITLES = {401: "Unauthorised request", 403: "Access to resource forbidden", 404: "Resource not found",
          406: "Not acceptable", 413: "Capture payload too large", 415: "Unsupported media type"}


def problem(request: HttpRequest, error: LotlineError) -> HttpResponse:
    """The error as RFC 7807 problem details: GS1's exception type, our code and the field at fault."""
    status = error.status
    kind = "QueryParameterException" if isinstance(error, QueryParameterError) else EXCEPTIONS.get(
        status, "ValidationException" if status < 500 else "ImplementationException")
    body = {"type": f"epcisException:{kind}", "title": TITLES.get(status, error.message), "status": status,
            "detail": error.message, "instance": request.path, "code": str(error.code), "field": error.field}
    response = _json(body, status, "application/problem+json")
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="lotline"'
    if status == 413:
        response["GS1-EPCIS-Capture-File-Size-Limit"] = str(settings.EPCIS_CAPTURE_MAX_BYTES)
    return response


def _json(body: Any, status: int = 200, content_type: str = "application/json") -> HttpResponse:
    return HttpResponse(json.dumps(body, ensure_ascii=False), status=status, content_type=content_type)


def _headers(response: HttpResponse) -> HttpResponse:
    response["GS1-EPCIS-Version"] = v.EPCIS_VERSION
    response["GS1-CBV-Version"] = v.CBV_VERSION
    response["GS1-Extensions"] = f"{v.PREFIX}={v.namespace(base())}"
    return response


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split(".")) if re.fullmatch(r"\d+(\.\d+)*", text) else (-1,)


def _negotiate(request: HttpRequest) -> None:
    """Refuse (406) a client whose GS1-...-Min/Max headers leave out the versions we speak."""
    for name, ours in (("EPCIS", v.EPCIS_VERSION), ("CBV", v.CBV_VERSION)):
        low, high = request.headers.get(f"GS1-{name}-Min"), request.headers.get(f"GS1-{name}-Max")
        if (low and _version(low.strip()) > _version(ours)) or (high and _version(high.strip()) < _version(ours)):
            raise LotlineError(ErrorCode.UNSUPPORTED_VERSION, f"Lotline speaks {name} {ours} only",
                               field=f"GS1-{name}-Min" if low else f"GS1-{name}-Max")


def _caller(request: HttpRequest, *, capture: bool) -> auth.User:
    """The person whose token the request carries (401 without one; 403 for a capture-only token
    outside /capture)."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    row = token_in_use(token.strip()) if scheme.lower() == "bearer" else None
    if row is None:
        raise LotlineError(ErrorCode.NOT_SIGNED_IN, "send a personal API token: Authorization: Bearer llt_...")
    refuse_limited(row, TokenScope.EPCIS_CAPTURE if capture else None)
    return row.user


def endpoint(methods: tuple[str, ...], *, capture: bool = False) -> Callable[[View], Callable[..., HttpResponse]]:
    """A view of the binding: its methods (OPTIONS answered), the caller, errors as problems, GS1 headers."""

    def wrap(view: View) -> Callable[..., HttpResponse]:
        @csrf_exempt
        def answer(request: HttpRequest, key: str = "") -> HttpResponse:
            allowed = ", ".join((*methods, "OPTIONS"))
            try:
                _negotiate(request)
                if request.method == "OPTIONS":
                    response = HttpResponse(status=204, headers={"Allow": allowed})
                    if capture and not key:
                        response["GS1-EPCIS-Capture-File-Size-Limit"] = str(settings.EPCIS_CAPTURE_MAX_BYTES)
                        response["GS1-Capture-Error-Behaviour"] = "rollback"
                elif request.method not in methods:
                    response = HttpResponse(status=405, headers={"Allow": allowed})
                else:
                    response = view(request, _caller(request, capture=capture), key)
            except LotlineError as error:
                response = problem(request, error)
            return _headers(response)

        return answer

    return wrap


@endpoint(("GET", "POST"), capture=True)
def captures(request: HttpRequest, user: auth.User, _key: str) -> HttpResponse:
    if request.method == "POST":
        job = capture_job(_document(request), user=user)
        response = _json(job_json(job), 202)
        response["Location"] = reverse("epcis_capture_job", args=[job.pk])
        return response
    params = request.GET
    count = per_page(params.get("perPage", str(PER_PAGE)))
    before = params.get("nextPageToken")
    if before is not None and not before.isdigit():
        raise QueryParameterError(ErrorCode.BAD_INPUT, "the nextPageToken is not one Lotline gave",
                                  field="nextPageToken")
    jobs = jobs_of(user, count=count + 1, before=int(before) if before else None)
    response = _json([job_json(job) for job in jobs[:count]])
    if len(jobs) > count:
        _link(request, response, str(jobs[count - 1].pk))
    return response


def _document(request: HttpRequest) -> bytes:
    """The body of a capture: JSON, within the size limit, with no NUL character or lone surrogate."""
    behaviour = request.headers.get("GS1-Capture-Error-Behaviour", "rollback")
    if behaviour != "rollback":
        raise LotlineError(ErrorCode.BAD_CHOICE, f"Lotline captures all or nothing (rollback), not {behaviour!r}",
                           field="GS1-Capture-Error-Behaviour")
    if request.content_type not in JSON_TYPES:
        raise LotlineError(ErrorCode.UNSUPPORTED_MEDIA_TYPE, f"send the document as JSON ({' or '.join(JSON_TYPES)}"
                           f"), not {request.content_type or 'without a Content-Type'}", field="Content-Type")
    limit = settings.EPCIS_CAPTURE_MAX_BYTES
    length = request.META.get("CONTENT_LENGTH") or "0"
    if (length.isdigit() and int(length) > limit) or len(body := request.read(limit + 1)) > limit:
        raise LotlineError(ErrorCode.REQUEST_TOO_LARGE, f"a document of up to {limit:,} bytes is taken at once: "
                           "send it in parts")
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        raise LotlineError(ErrorCode.BAD_INPUT, "the body is not JSON: send an EPCISDocument") from None
    if refusal := text_refusal(data):
        raise LotlineError(refusal.code, refusal.message, field=refusal.field)
    return body


@endpoint(("GET",), capture=True)
def capture_job_view(request: HttpRequest, user: auth.User, key: str) -> HttpResponse:
    return _json(job_json(job_of(user, key)))


@endpoint(("GET",))
def events(request: HttpRequest, user: auth.User, _key: str) -> HttpResponse:
    query = read_query({name: request.GET.getlist(name) for name in request.GET})
    found = page(query, actor=user)
    response = _json(query_document(found.events))
    if found.next_token:
        _link(request, response, found.next_token)
    return response


@endpoint(("GET",))
def event(request: HttpRequest, user: auth.User, key: str) -> HttpResponse:
    return _json(query_document([find_event(key, actor=user)]))


def _link(request: HttpRequest, response: HttpResponse, token: str) -> None:
    """The next page's address: the same query with the token (Link: <...>; rel="next")."""
    params = [(name, value) for name, values in request.GET.lists() if name != "nextPageToken" for value in values]
    address = request.build_absolute_uri(f"{request.path}?{urlencode([*params, ('nextPageToken', token)])}")
    response["Link"] = f'<{address}>; rel="next"'

"""Refuse a request Lotline cannot read before anything reads it, with a clear answer: a 400 in
the API's error shape under /api/, a page elsewhere.

- A NUL character (\\u0000) anywhere: in the address, the query, a form field or any other body
  (JSON, text/plain...). PostgreSQL can neither store nor compare it (a search for one was a server
  error), and no code, name or note has one. Uploaded files are not looked at: they are binary,
  and the import reads them as CSV or XLSX with checks of its own. (The fields of a multipart POST
  are parsed here, before the view, as CsrfViewMiddleware parses any POST: a view cannot set upload
  handlers of its own afterwards.)
- A lone surrogate (JSON's "\\ud800" without its pair): no database can store it (UTF-8 has no
  encoding for it), so it was a server error when written.
- An address (path and query) longer than any Lotline link: gunicorn is told to pass long request
  lines through (gunicorn_conf.py), so the person gets this page rather than a bare "URI Too Long".
- A body over Django's DATA_UPLOAD_MAX_MEMORY_SIZE, in the API's shape for the API.

The EPCIS binding (/epcis/) takes documents larger than that: its body is left to it, which reads
it up to its own limit and checks its text with `text_refusal`; its address is checked here.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from lotline.errors import ErrorCode, LotlineError

EPCIS = "/epcis/"
MAX_ADDRESS = 4096  # characters of path and query; the longest Lotline link is a few hundred
NUL = "a NUL character (\\u0000), which no field accepts"
SURROGATE = "a lone surrogate (a \\ud800-\\udfff escape without its pair), which is not a character"
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class Refusal:
    """Why a request is refused: the error code (its HTTP status is the code's), the page's title, and
    what is wrong where."""

    code: ErrorCode
    title: str
    message: str
    field: str = ""

    @property
    def status(self) -> int:
        return self.code.status


class RefuseUnreadable:
    """Middleware: answer an unreadable request (see the module's notes) before any view reads it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        refusal = refusal_of(request)
        if refusal is None:
            return self.get_response(request)
        if request.path.startswith(("/api/", EPCIS)):
            error = LotlineError(refusal.code, refusal.message, field=refusal.field)
            return JsonResponse(error.as_dict(), status=refusal.status)
        return render(request, "web/refused.html", {"refusal": refusal}, status=refusal.status)


def refusal_of(request: HttpRequest) -> Refusal | None:
    """Why Lotline cannot read this request, or None when it can."""
    query = request.META.get("QUERY_STRING", "")
    length = len(request.path_info) + len(query)
    if length > MAX_ADDRESS:
        return Refusal(ErrorCode.URI_TOO_LONG, "This address is too long",
                       f"the address is {length:,} characters long, and Lotline reads addresses of up to "
                       f"{MAX_ADDRESS:,}. No code is that long: search for the code on the label, or ask for a "
                       "shorter link")
    if "\x00" in request.path_info:
        return _bad(NUL, where="the address")
    if field := _first_nul(parse_qsl(query, keep_blank_values=True)):
        return _bad(NUL, field)
    if request.path.startswith(EPCIS):
        return None  # the binding reads its body itself (see the module's notes)
    try:
        return _refusal_of_body(request)
    except RequestDataTooBig:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / 1_000_000
        return Refusal(ErrorCode.REQUEST_TOO_LARGE, "Too much at once",
                       f"the request is larger than Lotline reads at once ({limit:g} MB of form fields or JSON; "
                       "uploaded files may be larger): send it in parts")


def _refusal_of_body(request: HttpRequest) -> Refusal | None:
    content_type = request.content_type or ""
    if content_type == "multipart/form-data":
        # Fields only: the files are binary. Django parses the parts of a POST only. The API reads
        # every body whole (as JSON), which it can no longer do once the parts are parsed from the stream.
        if request.path.startswith("/api/"):
            request.body  # noqa: B018 (read now, kept for the API)
        pairs = request.POST.lists() if request.method == "POST" else []
        field = _first_nul((name, value) for name, values in pairs for value in values)
        return _bad(NUL, field) if field else None
    body = request.body
    if not body:
        return None
    if content_type == "application/x-www-form-urlencoded":
        field = _first_nul(parse_qsl(body.decode(request.encoding or "utf-8", "replace"), keep_blank_values=True))
        return _bad(NUL, field) if field else None
    if b"\x00" in body:
        return _bad(NUL)
    try:
        data = json.loads(body)  # the API reads any body as JSON, whatever its content type says
    except (ValueError, RecursionError):
        return None  # not JSON: the API says so itself
    return text_refusal(data)


def text_refusal(data: Any) -> Refusal | None:
    """A NUL character or a lone surrogate in any text of parsed JSON (keys too), naming where."""
    for field, text in _texts(data):
        if "\x00" in text:
            return _bad(NUL, field)
        if _LONE_SURROGATE.search(text):
            return _bad(SURROGATE, field)
    return None


def _bad(what: str, field: str = "", *, where: str = "the request") -> Refusal:
    """400 bad_input: `what` is in `field` (named as the API's errors name it), else in `where`."""
    if field:
        # a field's name may hold the very character refused: shown escaped, so the answer can be sent
        field = field.replace("\x00", "\\u0000").encode("utf-8", "backslashreplace").decode()
        where = f"the field {field}"
    return Refusal(ErrorCode.BAD_INPUT, "Not accepted", f"{where} holds {what}", field)


def _first_nul(pairs: Any) -> str:
    """The first field name whose name or value holds a NUL ("" for none)."""
    for name, value in pairs:
        if "\x00" in name or "\x00" in value:
            return name or "(no name)"
    return ""


def _texts(data: Any) -> Iterator[tuple[str, str]]:
    """(field, text) for every key and string of a JSON document, the field named as the API's errors
    name it ("inputs.0.lot"). Walked with a list, not recursion: JSON may nest deeper than Python's stack."""
    todo: list[tuple[tuple[str, ...], Any]] = [((), data)]
    while todo:
        path, value = todo.pop()
        if isinstance(value, str):
            yield ".".join(path), value
        elif isinstance(value, dict):
            for key in value:
                yield ".".join((*path, key)), key
            todo.extend(reversed([((*path, key), item) for key, item in value.items()]))  # in the document's order
        elif isinstance(value, list):
            todo.extend(reversed([((*path, str(i)), item) for i, item in enumerate(value)]))

"""Refuse text with a NUL character before anything reads it: PostgreSQL cannot store or even
compare it (a search for it was a server error), and no code, name or note has one."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import unquote_to_bytes

from django.http import HttpRequest, HttpResponse, JsonResponse

MESSAGE = "the request holds a NUL character (\\u0000), which no field accepts"


class RefuseNul:
    """Middleware: 400 for a NUL in the query string, or in a JSON body of the API (uploaded files
    are binary and are not looked at; form fields refuse NUL themselves)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _has_nul(request):
            if request.path.startswith("/api/"):
                return JsonResponse({"code": "bad_input", "message": MESSAGE, "field": "", "problems": [
                    {"code": "bad_input", "message": MESSAGE, "field": "", "where": ""}]}, status=400)
            return HttpResponse(MESSAGE.capitalize() + ".", status=400, content_type="text/plain")
        return self.get_response(request)


def _has_nul(request: HttpRequest) -> bool:
    if b"\x00" in unquote_to_bytes(request.META.get("QUERY_STRING", "")) or "\x00" in request.path:
        return True
    if request.content_type == "application/json":
        body = request.body
        return b"\x00" in body or b"\\u0000" in body
    return False

"""Who is calling: a signed-in browser session (with its CSRF token) or a personal API token."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import APIKeyCookie, HttpBearer

from lotline.accounts.models import TokenScope
from lotline.accounts.services import refuse_limited, token_in_use


class Token(HttpBearer):
    """Authorization: Bearer llt_... (created and revoked on the API tokens page).

    An unknown, revoked or malformed token and a switched-off person all get the same 401 as no
    token at all: the answer says nothing about which tokens exist. A token limited to EPCIS
    capture is refused here (403 token_limited): it serves only POST /epcis/capture.
    """

    openapi_description = "A personal API token: `Authorization: Bearer llt_...`"

    allowed: TokenScope | None = None  # the one limited scope also let in here (None: only tokens of scope all)

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        row = token_in_use(token)
        if row is None:
            return None
        refuse_limited(row, self.allowed)
        request.user = row.user
        setattr(request, "token_scope", row.scope)  # noqa: B010 (what a results endpoint may answer: labs)
        return row.user


class ResultsToken(Token):
    """A token of scope all, or one limited to lab results (a lab's own): the labs' results endpoints."""

    allowed = TokenScope.RESULTS


class Session(APIKeyCookie):
    """The pages' own session cookie; writes also need the CSRF token (X-CSRFToken header)."""

    param_name = "sessionid"
    openapi_description = "The web app's session (signed in on the pages); writes need X-CSRFToken."

    def __init__(self) -> None:
        super().__init__(csrf=True)

    def _get_key(self, request: HttpRequest) -> str | None:
        """The CSRF check only for a signed-in session: a script with no session and a missing or bad
        token is not signed in (401), not refused for a CSRF token it was never meant to send (403)."""
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        return super()._get_key(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return user
        return None


AUTH = [Token(), Session()]
RESULTS_AUTH = [ResultsToken(), Session()]

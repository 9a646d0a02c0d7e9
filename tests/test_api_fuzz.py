"""Schemathesis sends generated requests, valid and not, to every operation of the OpenAPI document
and checks that the API never answers with a server error, and that what it answers matches the
document.

The requests go through Django's WSGI handler in the test's own thread and transaction, signed in
with an owner's personal API token, on a ledger that holds the jam story (so codes, customers and
suppliers exist to be found). A few examples per operation keep the suite fast; a failure found
here is shrunk to the smallest request that shows it, with a curl command to reproduce it.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from lotline.accounts.services import create_token
from lotline.api.main import api

# The document as served (tests/test_openapi.py checks it is also the committed one). Loaded from the
# API object rather than through schemathesis.pytest.from_fixture, whose lazy loader does not run
# under pytest 9.2 (it sets Node._nodeid, which pytest no longer has).
schema = schemathesis.openapi.from_dict(api.get_openapi_schema())


@pytest.fixture
def lotline(story, owner):
    """The WSGI application, on a ledger with the jam story in it."""
    # Django closes the database connection when a request ends, which here would close the test's
    # transaction under it; Django's own test client keeps it open the same way.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def owner_token(owner) -> str:
    return create_token(owner, "schemathesis").token


@schema.parametrize()
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_the_api_never_answers_with_a_server_error(case, lotline, owner_token: str):
    case.call_and_validate(
        app=lotline,
        headers={"Authorization": f"Bearer {owner_token}"},
        checks=[not_a_server_error, response_schema_conformance],
    )

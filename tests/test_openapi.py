"""Docs that cannot drift: docs/openapi.json is the document the API serves."""

import json
from pathlib import Path

from django.test import Client

from lotline.api.openapi import render

COMMITTED = Path(__file__).resolve().parents[1] / "docs" / "openapi.json"
STALE = "docs/openapi.json differs from the document served at /api/openapi.json: run `make docs` and commit it"


def test_the_served_openapi_document_is_the_committed_one():
    response = Client().get("/api/openapi.json")
    assert response.status_code == 200
    assert response.json() == json.loads(COMMITTED.read_text()), STALE


def test_the_committed_openapi_document_is_as_make_docs_writes_it():
    # Same content in another layout would pass the test above; this one keeps `make docs` from
    # showing a diff of whitespace and key order.
    assert COMMITTED.read_text() == render(), STALE

"""The EPCIS endpoints of the JSON API: the same export and import as the command and the page."""

from __future__ import annotations

import json

from lotline.epcis.capture import capture
from lotline.lots.models import Lot

from .conftest import DemoExport


def test_the_export_streams_an_epcis_document_of_a_trace(demo_db, auditor_client):
    answer = auditor_client.get("/api/epcis/export", {"trace": "SJ-20260304-A"})
    assert answer.status_code == 200 and answer["Content-Type"] == "application/ld+json"
    document = json.loads(b"".join(answer.streaming_content))
    steps = sorted({e["bizStep"] for e in document["epcisBody"]["eventList"]})
    assert steps == ["commissioning", "destroying", "receiving", "shipping"]


def test_a_bad_scope_is_refused_naming_the_field(demo_db, auditor_client):
    answer = auditor_client.get("/api/epcis/export", {"site": "NOPE"})
    assert answer.status_code == 404 and answer.json()["field"] == "site"


def test_import_takes_a_document_in_and_lists_it(demo_export: DemoExport, owner_client):
    answer = owner_client.post("/api/epcis/import?dry_run=true", demo_export.early, content_type="application/ld+json")
    assert answer.status_code == 200 and answer.json()["dry_run"] and not Lot.objects.exists()
    answer = owner_client.post("/api/epcis/import", demo_export.early, content_type="application/ld+json")
    body = answer.json()
    assert answer.status_code == 200 and body["recorded"] == len(body["events"]) and body["event_seq"]


def test_a_refused_import_names_each_event_and_field(db, owner_client):
    answer = owner_client.post("/api/epcis/import", "{not json", content_type="application/json")
    assert answer.status_code == 400
    body = answer.json()
    assert body["code"] == "epcis_invalid" and body["errors"][0]["index"] is None


def test_an_auditor_may_not_import(demo_export: DemoExport, auditor_client):
    answer = auditor_client.post("/api/epcis/import", demo_export.early, content_type="application/ld+json")
    assert answer.status_code == 403


def test_kept_events_are_listed(demo_export: DemoExport, owner, owner_client):
    capture(demo_export.early, actor=owner.username)
    assert owner_client.get("/api/epcis/received", {"outcome": "kept"}).json() == []
    sent = json.loads(demo_export.early)["epcisBody"]["eventList"]
    assert len(owner_client.get("/api/epcis/received").json()) == len(sent)

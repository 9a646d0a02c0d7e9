"""An import on SQLite has SQLite write each event's JSON; it must be the text Python would write."""

from __future__ import annotations

import json

import pytest
from django.db import connection

from lotline.imports.services import import_dir
from lotline.ledger.log import canonical_json, verify
from lotline.ledger.models import Event
from lotline.lots.stage import emit

from .csvs import changed, write

pytestmark = pytest.mark.django_db

# Quantities that are not whole, units that convert, text with quotes, accents, a tab-free
# backslash and an emoji: everything json_array and canonical_json could write differently.
AWKWARD = changed("batch_inputs.csv", "SJ-20260304-A,R2,4,kg", "SJ-20260304-A,R2,3500,g", changed(
    "batch_inputs.csv", "SJ-20260304-A,R1,8,kg", "SJ-20260304-A,R1,7.250,kg", changed(
        "receipts.csv", "VF-0302,K1,2026-03-02,20,kg", 'VF "0302" é\\x 🍓,K1,2026-03-02,20.5,kg', changed(
            "shipments.csv", "SH2,SJ-20260304-A,GOODEARTH,2026-03-08,10", "SH2,SJ-20260304-A,GOODEARTH,2026-03-08,10.0",
        ))))


def test_sqlite_writes_the_payload_python_would(tmp_path, monkeypatch):
    if connection.vendor != "sqlite":
        pytest.skip("the payloads are written by SQLite on SQLite only")
    compared: list[str] = []
    from_sqlite = emit._payloads_from_sqlite

    def both(stage, part, size):
        by_sqlite = list(from_sqlite(stage, part, size))
        assert by_sqlite == list(emit._payloads(stage, part, size))
        compared.extend(text for _file, _rows, text in by_sqlite)
        yield from by_sqlite

    monkeypatch.setattr(emit, "_payloads_from_sqlite", both)
    import_dir(write(tmp_path, AWKWARD), actor="alice")
    assert len(compared) == 4  # receipts, batches, inputs, shipments
    for text in compared:
        assert canonical_json(json.loads(text)) == text
    inputs = json.loads(Event.objects.get(kind="inputs.recorded").payload)["inputs"]
    assert [r[2:] for r in inputs["rows"][:2]] == [["7.25", "kg", "7.25"], ["3500", "g", "3.5"]]
    assert verify().ok

"""Every official EPCIS 2.0 example (GS1's, and the FSMA 204 community's) is taken in or refused with a
clear reason: never a crash, and a refused document writes nothing. An empty database has none of
their sites, so what is taken in is kept verbatim, each event with its reason."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lotline.epcis.capture import DocumentRefused, capture
from lotline.ledger.models import Event

from .conftest import STANDARDS

EXAMPLES = sorted([*STANDARDS.joinpath("JSON").rglob("*.jsonld"), *STANDARDS.joinpath("JSON").rglob("*.json"),
                   *STANDARDS.joinpath("community-openepcis-fsma204").glob("*.jsonld")])


def _name(path: Path) -> str:
    return str(path.relative_to(STANDARDS))


@pytest.mark.parametrize("path", EXAMPLES, ids=_name)
def test_an_official_example_is_taken_in_or_refused_clearly(path: Path, db):
    before = Event.objects.count()
    try:
        done = capture(path.read_bytes(), actor="operator", source=path.name)
    except DocumentRefused as refused:
        assert refused.errors and all(e["reason"] and ("field" in e) for e in refused.errors)
        assert Event.objects.count() == before
        return
    listed = json.loads(path.read_bytes())
    events = (listed.get("epcisBody") or {}).get("eventList") or \
        (((listed.get("epcisBody") or {}).get("queryResults") or {}).get("resultsBody") or {}).get("eventList", [])
    assert done.recorded + done.kept + done.already == len(events)
    assert all(o.why for o in done.events if o.outcome == "kept")

"""Export -> import into an empty database -> export gives the same events (same hashes, same order),
the same traces and our lot codes as they were; and taking a document in twice records it once."""

from __future__ import annotations

import io
import json

import pytest

from lotline.epcis.capture import capture
from lotline.epcis.export import write_document
from lotline.epcis.scope import Scope
from lotline.lots.models import Lot

from .conftest import EARLY, DemoExport, trace_answers


def _ids(text: str) -> list[str]:
    return [e["eventID"] for e in json.loads(text)["epcisBody"]["eventList"]]


def _export() -> str:
    out = io.StringIO()
    write_document(Scope(), out)
    return out.getvalue()


@pytest.mark.sqlite_only  # its two months go round on PostgreSQL too (below)
def test_the_demo_goes_round_into_an_empty_database_and_comes_back_the_same(demo_export: DemoExport, db):
    done = capture(demo_export.text, actor="operator", source="demo.jsonld")
    assert (done.recorded, done.kept, done.already) == (len(_ids(demo_export.text)), 0, 0)
    again = _export()
    assert _ids(again) == _ids(demo_export.text)
    assert json.loads(again)["epcisHeader"] == json.loads(demo_export.text)["epcisHeader"]
    assert trace_answers() == demo_export.traces
    assert Lot.objects.filter(code="STRAW-20260302-A", supplier_lot="VF-0302").exists()


def test_two_months_of_the_demo_go_round_and_come_back_the_same(demo_export: DemoExport, db):
    sent = json.loads(demo_export.middle)["epcisBody"]["eventList"]
    assert {e["bizStep"] for e in sent} >= {"receiving", "commissioning", "shipping", "destroying", "holding",
                                          "inspecting"}
    done = capture(demo_export.middle, actor="operator")
    assert (done.recorded, done.kept, done.already) == (len(sent), 0, 0)
    assert _ids(_export()) == [e["eventID"] for e in sent]


def test_a_trace_sent_to_another_lotline_is_taken_in_on_its_own(demo_export: DemoExport, db):
    """The tarts made with the jam also used flour: how the flour was received is in the trace's
    document, so an empty database can take it in, and its trace of the jam gives the same events."""
    sent = json.loads(demo_export.jam)["epcisBody"]["eventList"]
    tarts = next(e for e in sent
                 if e["bizStep"] == "commissioning" and "/JT-" in e["outputQuantityList"][0]["epcClass"])
    assert len(tarts["inputQuantityList"]) > 1
    done = capture(demo_export.jam, actor="operator")
    assert (done.recorded, done.kept) == (len(sent), 0)
    out = io.StringIO()
    write_document(Scope(trace="SJ-20260304-A"), out)
    assert _ids(out.getvalue()) == [e["eventID"] for e in sent]


def test_the_same_document_twice_records_once(demo_export: DemoExport, db):
    capture(demo_export.early, actor="operator")
    lots = Lot.objects.count()
    done = capture(demo_export.early, actor="operator")
    assert (done.recorded, done.kept, done.already) == (0, 0, len(_ids(demo_export.early)))
    assert Lot.objects.count() == lots and done.event_seq is None


def test_our_own_export_coming_back_is_already_recorded(demo_db):
    out = io.StringIO()
    write_document(Scope(last=EARLY), out)
    text = out.getvalue()
    done = capture(text, actor="operator")
    assert done.recorded == 0 and done.already == len(_ids(text))


def test_a_dry_run_records_nothing_but_says_what_would_be(demo_export: DemoExport, db):
    done = capture(demo_export.early, actor="operator", dry_run=True)
    assert done.dry_run and done.recorded == len(_ids(demo_export.early))
    assert not Lot.objects.exists()


def test_two_like_discards_on_one_day_are_two_events(story):
    from decimal import Decimal

    from lotline.lots.models import Discard
    from lotline.lots.services import discard_units

    for _ in range(2):
        discard_units(story.other_jam, Decimal(1), reason="jar broke", confirmed={"near_twin"}, actor="alice")
    text = _written_scope(Scope(lots=(story.other_jam,)))
    destroyed = [e for e in json.loads(text)["epcisBody"]["eventList"] if e["bizStep"] == "destroying"]
    assert len({e["eventID"] for e in destroyed}) == 2 and destroyed[1]["lotline:nth"] == 2
    assert capture(text, actor="alice").already == len(json.loads(text)["epcisBody"]["eventList"])
    assert Discard.objects.filter(lot__code=story.other_jam).count() == 2


def _written_scope(scope: Scope) -> str:
    out = io.StringIO()
    write_document(scope, out)
    return out.getvalue()

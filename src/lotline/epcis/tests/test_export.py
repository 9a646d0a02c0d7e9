"""Our records as EPCIS 2.0 events: what each record becomes, the scopes, and every export valid
against the official JSON schema with its formats."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest

from lotline.epcis.export import events, write_document
from lotline.epcis.scope import Scope
from lotline.epcis.validation import problems
from lotline.errors import LotlineError
from lotline.lots.services import place_hold, release_hold
from lotline.recalls.services.holds import hold_case
from lotline.recalls.services.opening import open_case
from lotline.testing import JamStory

LOT = "https://id.lotline.example/lot/"
PLACE = "https://id.lotline.example/"


def _document(scope: Scope) -> dict[str, Any]:
    out = io.StringIO()
    write_document(scope, out)
    return json.loads(out.getvalue())


def _by_step(document: dict[str, Any], step: str) -> list[dict[str, Any]]:
    return [e for e in document["epcisBody"]["eventList"] if e["bizStep"] == step]


def test_a_receipt_is_a_receiving_object_event_from_its_supplier_naming_their_lot(story: JamStory):
    [receipt] = [e for e in _by_step(_document(Scope(trace=story.jam)), "receiving")
                 if e["lotline:lot"] == story.valley_strawberries]
    assert receipt["type"] == "ObjectEvent" and receipt["action"] == "OBSERVE"
    assert receipt["eventTime"] == "2026-03-02T00:00:00+00:00"
    assert receipt["quantityList"] == [{"epcClass": f"{LOT}STRAW/VF-0302", "quantity": 20, "uom": "KGM"}]
    assert {"type": "owning_party", "source": f"{PLACE}supplier/VALLEY"} in receipt["sourceList"]
    assert {"type": "location", "destination": f"{PLACE}site/K1"} in receipt["destinationList"]
    assert receipt["bizTransactionList"] == [{"type": "inv", "bizTransaction": f"{PLACE}doc/invoice/INV-0302"}]
    assert receipt["eventID"].startswith("ni:///sha-256;") and receipt["eventID"].endswith("?ver=CBV2.0")


def test_a_batch_is_a_transformation_from_its_input_lots(story: JamStory):
    [batch] = [e for e in _by_step(_document(Scope(trace=story.jam)), "commissioning")
               if e["outputQuantityList"][0]["epcClass"].endswith(story.jam)]
    assert batch["type"] == "TransformationEvent"
    assert batch["inputQuantityList"] == [{"epcClass": f"{LOT}STRAW/VF-0302", "quantity": 8, "uom": "KGM"},
                                          {"epcClass": f"{LOT}SUGAR/C-SUG-1", "quantity": 4, "uom": "KGM"}]
    assert batch["outputQuantityList"] == [{"epcClass": f"{LOT}SJ/{story.jam}", "quantity": 40}]
    assert batch["lotline:inputLots"] == [story.valley_strawberries, story.sugar]
    assert batch["bizLocation"] == {"id": f"{PLACE}site/K1"}


def test_a_shipment_goes_from_our_site_to_its_customer(story: JamStory):
    shipped = _by_step(_document(Scope(trace=story.jam)), "shipping")
    to_market = next(e for e in shipped if e["lotline:shipment"].startswith("SH-20260307"))
    assert to_market["quantityList"] == [{"epcClass": f"{LOT}SJ/{story.jam}", "quantity": 24}]
    assert to_market["disposition"] == "in_transit"
    assert {"type": "owning_party", "destination": f"{PLACE}customer/SATMKT"} in to_market["destinationList"]


def test_a_gtin_makes_the_lot_a_gs1_digital_link(demo_db):
    [batch] = [e for e in _by_step(_document(Scope(lots=("SJ-20260304-A",))), "commissioning")]
    assert batch["outputQuantityList"][0]["epcClass"] == "https://id.gs1.org/01/00614141000012/10/SJ-20260304-A"


def test_holds_releases_and_a_recall_cases_holds_are_dispositions(story: JamStory):
    place_hold(story.tarts, reason="label check", actor="alice")
    release_hold(story.tarts, reason="label fixed", actor="alice")
    case = open_case(lots=[story.valley_strawberries], actor="alice")
    hold_case(case["id"], actor="alice")
    document = _document(Scope(trace=story.jam))
    holds = {(e["quantityList"][0]["epcClass"].rsplit("/", 1)[1], e["disposition"])
             for e in _by_step(document, "holding")}
    assert (story.tarts, "non_sellable_other") in holds
    assert ("VF-0302", "recalled") in holds
    [release] = _by_step(document, "inspecting")
    assert release["disposition"] == "available" and release["quantityList"][0]["epcClass"].endswith(story.tarts)


def test_the_scopes_choose_their_records(demo_db):
    everything = list(events(Scope()))
    at_k1 = list(events(Scope(site="K1")))
    march = list(events(Scope(first=__import__("datetime").date(2026, 3, 1),
                              last=__import__("datetime").date(2026, 3, 31))))
    assert 0 < len(march) < len(everything) and len(at_k1) <= len(everything)
    assert all("2026-03-01" <= e["eventTime"][:10] <= "2026-03-31" for e in march)
    assert [e["eventTime"] for e in everything] == sorted(e["eventTime"] for e in everything)


@pytest.mark.parametrize("scope", [Scope(site="NOPE"), Scope(trace="NOPE")])
def test_an_unknown_site_or_lot_is_refused(demo_db, scope: Scope):
    with pytest.raises(LotlineError):
        list(events(scope))


def test_every_export_is_valid_against_the_official_schema(demo_db):
    for scope in (Scope(), Scope(trace="SJ-20260304-A"), Scope(site="K1")):
        assert problems(_document(scope)) == []

"""Taking a partner's EPCIS document in: a supplier's shipment to us becomes our receipt keeping
their lot code; what we cannot map is kept verbatim, listed and shown on its lots; a document with
one wrong event records nothing and names the event and the field."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from biip.checksums import gs1_standard_check_digit

from lotline.catalog.services import update_record
from lotline.epcis.answers import kept_for_lot, taken_in
from lotline.epcis.capture import DocumentRefused, capture
from lotline.ledger.verification import verify
from lotline.lots.models import Lot, Shipment
from lotline.testing import JamStory


def _gln(body: str) -> str:
    return body + str(gs1_standard_check_digit(body))


VALLEY_GLN, KITCHEN_GLN = _gln("061414100001"), _gln("061414100002")
STRAW_GTIN = "1" + _gln("006141410001")[:-1] + str(gs1_standard_check_digit("1" + "006141410001"))
DL = "https://id.gs1.org"


def _document(*events: dict[str, Any]) -> dict[str, Any]:
    return {"@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],
            "type": "EPCISDocument", "schemaVersion": "2.0", "creationDate": "2026-03-12T13:00:00Z",
            "epcisBody": {"eventList": list(events)}}


def _valley_ships_berries(lot: str = "VF-0312", quantity: float = 18, uom: str = "KGM") -> dict[str, Any]:
    return {
        "type": "ObjectEvent", "eventTime": "2026-03-12T07:30:00-05:00", "eventTimeZoneOffset": "-05:00",
        "eventID": "urn:uuid:4a0b7f3e-9d1c-4a57-9a0e-6a1f1c2b3d4e", "action": "OBSERVE", "bizStep": "shipping",
        "disposition": "in_transit", "readPoint": {"id": f"{DL}/414/{VALLEY_GLN}"},
        "bizLocation": {"id": f"{DL}/414/{VALLEY_GLN}"},
        "quantityList": [{"epcClass": f"{DL}/01/{STRAW_GTIN}/10/{lot}", "quantity": quantity, "uom": uom}],
        "bizTransactionList": [{"type": "desadv", "bizTransaction": "urn:epcglobal:cbv:bt:0614141000005:ASN-88"}],
        "sourceList": [{"type": "owning_party", "source": f"{DL}/417/{VALLEY_GLN}"}],
        "destinationList": [{"type": "owning_party", "destination": f"{DL}/417/{KITCHEN_GLN}"},
                            {"type": "location", "destination": f"{DL}/414/{KITCHEN_GLN}"}]}


def _pallet_of_berries() -> dict[str, Any]:
    return {"type": "AggregationEvent", "eventTime": "2026-03-12T07:00:00-05:00", "eventTimeZoneOffset": "-05:00",
            "action": "ADD", "bizStep": "packing", "parentID": f"{DL}/00/106141412345678908",
            "childQuantityList": [{"epcClass": f"{DL}/01/{STRAW_GTIN}/10/VF-0312", "quantity": 18, "uom": "KGM"}],
            "readPoint": {"id": f"{DL}/414/{VALLEY_GLN}"}}


@pytest.fixture
def partners(story: JamStory) -> JamStory:
    """The jam story, with GS1 keys: Valley Farm's and our kitchen's GLNs, the strawberries' GTIN."""
    update_record("supplier", "VALLEY", {"gln": VALLEY_GLN}, actor="alice")
    update_record("site", "K1", {"gln": KITCHEN_GLN}, actor="alice")
    update_record("item", "STRAW", {"gtin": STRAW_GTIN}, actor="alice")
    return story


def test_a_suppliers_shipment_to_us_becomes_our_receipt_keeping_their_lot_code(partners):
    done = capture(_document(_valley_ships_berries()), actor="alice", source="valley-asn.jsonld")
    assert (done.recorded, done.kept) == (1, 0)
    [lot] = Lot.objects.filter(supplier_lot="VF-0312")
    assert (lot.item.code, lot.supplier.ref, lot.site.code, str(lot.lot_date)) == ("STRAW", "VALLEY", "K1",
                                                                                 "2026-03-12")
    assert (lot.quantity, lot.unit) == (18, "kg")
    assert (lot.reference_doc_type, lot.reference_doc) == ("despatch advice",
                                                           "urn:epcglobal:cbv:bt:0614141000005:ASN-88")
    assert done.events[0].became == f"receipt {lot.code}"
    assert verify().ok


def test_what_we_cannot_map_is_kept_verbatim_listed_and_shown_on_its_lots(partners):
    pallet = _pallet_of_berries()
    done = capture(_document(_valley_ships_berries(), pallet), actor="alice")
    assert (done.recorded, done.kept) == (1, 1)
    kept = next(o for o in done.events if o.outcome == "kept")
    assert kept.index == 1 and "AggregationEvent" in kept.why
    lot = Lot.objects.get(supplier_lot="VF-0312")
    [shown] = kept_for_lot(lot.code)
    assert shown["body"] == pallet and shown["lots"] == [lot.code]
    assert [e["outcome"] for e in taken_in(outcome="kept")] == ["kept"]


def test_one_wrong_event_refuses_the_whole_document_naming_it(partners):
    wrong = _valley_ships_berries(lot="VF-0313", uom="XYZ")
    with pytest.raises(DocumentRefused) as refused:
        capture(_document(_valley_ships_berries(), wrong), actor="alice")
    [error] = refused.value.errors
    assert (error["index"], error["event_id"], error["field"]) == (1, wrong["eventID"], "quantityList[0].uom")
    assert "XYZ" in error["reason"]
    assert not Lot.objects.filter(supplier_lot__in=["VF-0312", "VF-0313"]).exists()


def test_an_event_not_valid_epcis_is_refused_by_index_eventid_and_field(partners):
    wrong = copy.deepcopy(_valley_ships_berries())
    wrong["bizStep"] = "shiping"
    with pytest.raises(DocumentRefused) as refused:
        capture(_document(_valley_ships_berries(), wrong), actor="alice")
    assert [(e["index"], e["event_id"], e["field"]) for e in refused.value.errors] == [(1, wrong["eventID"],
                                                                                        "bizStep")]
    assert not Lot.objects.filter(supplier_lot="VF-0312").exists()


def test_a_shipment_at_another_companys_site_is_kept_not_recorded(partners):
    elsewhere = _valley_ships_berries()
    other = _gln("061414100099")
    for entry in elsewhere["destinationList"]:
        entry["destination"] = entry["destination"].replace(KITCHEN_GLN, other)
    done = capture(_document(elsewhere), actor="alice")
    assert (done.recorded, done.kept) == (0, 1)
    assert "no customer of ours" in done.events[0].why or "none of our sites" in done.events[0].why


def test_a_shipment_of_ours_to_a_customer_becomes_a_shipment(partners):
    jam = partners.other_jam
    event = {"type": "ObjectEvent", "eventTime": "2026-03-13T00:00:00+00:00", "eventTimeZoneOffset": "+00:00",
             "action": "OBSERVE", "bizStep": "shipping", "disposition": "in_transit",
             "bizLocation": {"id": f"{DL}/414/{KITCHEN_GLN}"},
             "quantityList": [{"epcClass": f"https://id.lotline.example/lot/SJ/{jam}", "quantity": 2}],
             "destinationList": [{"type": "owning_party", "destination": "https://id.lotline.example/customer/SATMKT"}]}
    done = capture(_document(event), actor="alice")
    assert done.recorded == 1
    assert Shipment.objects.filter(lot__code=jam, customer__ref="SATMKT", quantity=2, shipped_on="2026-03-13").exists()


def test_shipping_more_than_on_hand_refuses_the_document_naming_the_quantity(partners):
    event = {"type": "ObjectEvent", "eventTime": "2026-03-13T00:00:00+00:00", "eventTimeZoneOffset": "+00:00",
             "action": "OBSERVE", "bizStep": "shipping", "bizLocation": {"id": f"{DL}/414/{KITCHEN_GLN}"},
             "quantityList": [{"epcClass": f"https://id.lotline.example/lot/SJ/{partners.jam}", "quantity": 2}],
             "destinationList": [{"type": "owning_party", "destination": "https://id.lotline.example/customer/SATMKT"}]}
    with pytest.raises(DocumentRefused) as refused:
        capture(_document(_valley_ships_berries(), event), actor="alice")
    [error] = refused.value.errors
    assert (error["index"], error["field"]) == (1, "quantityList[0].quantity")
    assert "holds 0" in error["reason"]
    assert not Lot.objects.filter(supplier_lot="VF-0312").exists()


def test_an_auditor_cannot_take_a_document_in(partners, auditor):
    from lotline.errors import Forbidden

    with pytest.raises(Forbidden):
        capture(_document(_valley_ships_berries()), actor=auditor.username)

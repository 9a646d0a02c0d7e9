"""Taking a partner's EPCIS document in: a supplier's shipment to us becomes our receipt keeping
their lot code; what we cannot map is kept verbatim, listed and shown on its lots; a document with
one wrong event records nothing and names the event and the field."""

from __future__ import annotations

import copy

import pytest

from lotline.epcis.answers import kept_for_lot, taken_in
from lotline.epcis.capture import DocumentRefused, capture
from lotline.ledger.verification import verify
from lotline.lots.models import Lot, Shipment
from lotline.testing import JamStory

from .documents import DL, KITCHEN_GLN, document, give_gs1_keys, gln, pallet_of_berries, valley_ships_berries


@pytest.fixture
def partners(story: JamStory) -> JamStory:
    """The jam story, with GS1 keys: Valley Farm's and our kitchen's GLNs, the strawberries' GTIN."""
    give_gs1_keys()
    return story


def test_a_suppliers_shipment_to_us_becomes_our_receipt_keeping_their_lot_code(partners):
    done = capture(document(valley_ships_berries()), actor="alice", source="valley-asn.jsonld")
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
    pallet = pallet_of_berries()
    done = capture(document(valley_ships_berries(), pallet), actor="alice")
    assert (done.recorded, done.kept) == (1, 1)
    kept = next(o for o in done.events if o.outcome == "kept")
    assert kept.index == 1 and "AggregationEvent" in kept.why
    lot = Lot.objects.get(supplier_lot="VF-0312")
    [shown] = kept_for_lot(lot.code)
    assert shown["body"] == pallet and shown["lots"] == [lot.code]
    assert [e["outcome"] for e in taken_in(outcome="kept")] == ["kept"]


def test_one_wrong_event_refuses_the_whole_document_naming_it(partners):
    wrong = valley_ships_berries(lot="VF-0313", uom="XYZ")
    with pytest.raises(DocumentRefused) as refused:
        capture(document(valley_ships_berries(), wrong), actor="alice")
    [error] = refused.value.errors
    assert (error["index"], error["event_id"], error["field"]) == (1, wrong["eventID"], "quantityList[0].uom")
    assert "XYZ" in error["reason"]
    assert not Lot.objects.filter(supplier_lot__in=["VF-0312", "VF-0313"]).exists()


def test_an_event_not_valid_epcis_is_refused_by_index_eventid_and_field(partners):
    wrong = copy.deepcopy(valley_ships_berries())
    wrong["bizStep"] = "shiping"
    with pytest.raises(DocumentRefused) as refused:
        capture(document(valley_ships_berries(), wrong), actor="alice")
    assert [(e["index"], e["event_id"], e["field"]) for e in refused.value.errors] == [(1, wrong["eventID"],
                                                                                        "bizStep")]
    assert not Lot.objects.filter(supplier_lot="VF-0312").exists()


def test_a_shipment_at_another_companys_site_is_kept_not_recorded(partners):
    elsewhere = valley_ships_berries()
    other = gln("061414100099")
    for entry in elsewhere["destinationList"]:
        entry["destination"] = entry["destination"].replace(KITCHEN_GLN, other)
    done = capture(document(elsewhere), actor="alice")
    assert (done.recorded, done.kept) == (0, 1)
    assert "no customer of ours" in done.events[0].why or "none of our sites" in done.events[0].why


def test_a_shipment_of_ours_to_a_customer_becomes_a_shipment(partners):
    jam = partners.other_jam
    event = {"type": "ObjectEvent", "eventTime": "2026-03-13T00:00:00+00:00", "eventTimeZoneOffset": "+00:00",
             "action": "OBSERVE", "bizStep": "shipping", "disposition": "in_transit",
             "bizLocation": {"id": f"{DL}/414/{KITCHEN_GLN}"},
             "quantityList": [{"epcClass": f"https://id.lotline.example/lot/SJ/{jam}", "quantity": 2}],
             "destinationList": [{"type": "owning_party", "destination": "https://id.lotline.example/customer/SATMKT"}]}
    done = capture(document(event), actor="alice")
    assert done.recorded == 1
    assert Shipment.objects.filter(lot__code=jam, customer__ref="SATMKT", quantity=2, shipped_on="2026-03-13").exists()


def test_shipping_more_than_on_hand_refuses_the_document_naming_the_quantity(partners):
    event = {"type": "ObjectEvent", "eventTime": "2026-03-13T00:00:00+00:00", "eventTimeZoneOffset": "+00:00",
             "action": "OBSERVE", "bizStep": "shipping", "bizLocation": {"id": f"{DL}/414/{KITCHEN_GLN}"},
             "quantityList": [{"epcClass": f"https://id.lotline.example/lot/SJ/{partners.jam}", "quantity": 2}],
             "destinationList": [{"type": "owning_party", "destination": "https://id.lotline.example/customer/SATMKT"}]}
    with pytest.raises(DocumentRefused) as refused:
        capture(document(valley_ships_berries(), event), actor="alice")
    [error] = refused.value.errors
    assert (error["index"], error["field"]) == (1, "quantityList[0].quantity")
    assert "holds 0" in error["reason"]
    assert not Lot.objects.filter(supplier_lot="VF-0312").exists()


def test_an_auditor_cannot_take_a_document_in(partners, auditor):
    from lotline.errors import Forbidden

    with pytest.raises(Forbidden):
        capture(document(valley_ships_berries()), actor=auditor.username)


def test_staff_of_another_site_are_refused_as_forbidden_not_as_a_wrong_document(partners):
    from lotline.accounts.services import add_person
    from lotline.catalog.services import add_records
    from lotline.errors import Forbidden

    add_records("site", [{"code": "K2", "name": "Second kitchen"}], actor="alice")
    add_person("kim", "kim-password-long", role="staff", sites=("K2",), actor="alice")
    with pytest.raises(Forbidden):
        capture(document(valley_ships_berries()), actor="kim")
    assert not Lot.objects.filter(supplier_lot="VF-0312").exists()


@pytest.mark.parametrize(("name", "value", "field"), [
    ("lotline:lot", 42, "lotline:lot"),
    ("lotline:bestBy", "next week", "lotline:bestBy"),
    ("lotline:reason", ["a", "list"], "lotline:reason"),
])
def test_an_extension_of_ours_with_the_wrong_kind_of_value_is_refused_naming_it(partners, name, value, field):
    """The schema leaves extensions free; a value of ours of the wrong kind is refused, never a crash."""
    from lotline.epcis.export import context

    event = valley_ships_berries()
    if name == "lotline:reason":  # a hold of our jam, at our kitchen
        event = {"type": "ObjectEvent", "eventTime": "2026-03-13T00:00:00+00:00", "eventTimeZoneOffset": "+00:00",
                 "action": "OBSERVE", "bizStep": "holding", "bizLocation": {"id": f"{DL}/414/{KITCHEN_GLN}"},
                 "quantityList": [{"epcClass": f"https://id.lotline.example/lot/SJ/{partners.other_jam}"}]}
    event[name] = value
    sent = document(event)
    sent["@context"].append(context())
    with pytest.raises(DocumentRefused) as refused:
        capture(sent, actor="alice")
    [error] = refused.value.errors
    assert (error["index"], error["field"]) == (0, field)

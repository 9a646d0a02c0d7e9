"""Our EPCIS event hash gives GS1's reference implementation's id for every official example event and
for the events Lotline exports."""

import copy
import json

import pytest

from lotline.epcis.hashing import event_hash, pre_hash_string
from lotline.epcis.tests import gs1_reference as reference

from .conftest import STANDARDS

EXAMPLE_FOLDERS = (STANDARDS / "JSON", STANDARDS / "community-openepcis-fsma204")
LOTLINE = {"lotline": "https://id.lotline.example/ns/"}


def _example_documents():
    for folder in EXAMPLE_FOLDERS:
        for path in sorted(p for p in folder.rglob("*") if p.suffix in {".json", ".jsonld"}):
            document = json.loads(path.read_text())
            if isinstance(document, dict) and document.get("type") in {"EPCISDocument", "EPCISQueryDocument"}:
                yield path, document


EXAMPLE_EVENTS = [
    pytest.param(path, index, id=f"{path.relative_to(STANDARDS)}-{index}")
    for path, document in _example_documents()
    for index in range(len(reference.events_of(document)))
]


def assert_same_hash_as_reference(event, expected_pre_hash, context):
    assert pre_hash_string(event, context) == expected_pre_hash
    assert event_hash(event, context) == reference.reference_hash(expected_pre_hash)


def test_the_examples_are_there():
    assert len(EXAMPLE_EVENTS) > 70


@pytest.mark.parametrize(("path", "index"), EXAMPLE_EVENTS)
def test_an_official_example_event_hashes_as_gs1s_reference_does(path, index):
    document = json.loads(path.read_text())
    expected = reference.reference_pre_hashes_of_file(path)[index]
    assert_same_hash_as_reference(reference.events_of(document)[index], expected, reference.own_prefixes(document))


def receiving(**changes):
    """Strawberries and a GTIN'd jar lot received from Valley Farm, as Lotline exports a receipt."""
    event = {
        "type": "ObjectEvent",
        "eventID": "https://id.lotline.example/event/0f1e2d3c",
        "eventTime": "2026-03-04T09:15:00.250+01:00",
        "eventTimeZoneOffset": "+01:00",
        "recordTime": "2026-03-04T09:16:02.000Z",
        "epcList": [],
        "action": "ADD",
        "bizStep": "receiving",
        "disposition": "in_progress",
        "readPoint": {"id": "https://id.lotline.example/place/jam-kitchen"},
        "bizLocation": {"id": "https://id.lotline.example/place/jam-kitchen"},
        "quantityList": [
            {"epcClass": "https://id.gs1.org/01/00614141000012/10/SJ-20260304-A", "quantity": 24, "uom": "KGM"},
            {"epcClass": "https://id.lotline.example/lot/STRAW/ST-20260302-A", "quantity": 12.5, "uom": "KGM"},
            {"epcClass": "https://id.lotline.example/lot/JARS/J-0042", "quantity": 240},
        ],
        "sourceList": [
            {"type": "owning_party", "source": "https://id.lotline.example/party/valley-farm"},
            {"type": "location", "source": "https://id.lotline.example/place/valley-farm-packhouse"},
        ],
        "destinationList": [
            {"type": "owning_party", "destination": "https://id.lotline.example/party/jam-seller"},
            {"type": "location", "destination": "https://id.lotline.example/place/jam-kitchen"},
        ],
        "bizTransactionList": [
            {"type": "po", "bizTransaction": "https://id.lotline.example/po/PO-1042"},
            {"type": "desadv", "bizTransaction": "https://id.lotline.example/delivery/VF-2026-118"},
        ],
        "lotline:lot": "ST-20260302-A",
    }
    event.update(changes)
    return event


BATCH = {
    "type": "TransformationEvent",
    "eventID": "https://id.lotline.example/event/7a6b5c4d",
    "eventTime": "2026-03-05T14:00:00.000+01:00",
    "eventTimeZoneOffset": "+01:00",
    "inputQuantityList": [
        {"epcClass": "https://id.lotline.example/lot/STRAW/ST-20260302-A", "quantity": 10, "uom": "KGM"},
        {"epcClass": "https://id.gs1.org/01/00614141000012/10/SJ-20260304-A", "quantity": 4.5, "uom": "KGM"},
        {"epcClass": "https://id.lotline.example/lot/JARS/J-0042", "quantity": 48},
    ],
    "outputQuantityList": [
        {"epcClass": "https://id.gs1.org/01/09506000134352/10/B-20260305-1", "quantity": 48},
    ],
    "bizStep": "commissioning",
    "disposition": "active",
    "readPoint": {"id": "https://id.lotline.example/place/jam-kitchen"},
    "bizTransactionList": [{"type": "prodorder", "bizTransaction": "https://id.lotline.example/batch/B-20260305-1"}],
    "ilmd": {"lotline:bestBefore": "2027-03-05", "lotline:lot": "B-20260305-1"},
    "lotline:batch": "B-20260305-1",
}

DESTROYING = {
    "type": "ObjectEvent",
    "eventID": "https://id.lotline.example/event/9e8d7c6b",
    "eventTime": "2026-03-09T17:30:00-05:00",
    "eventTimeZoneOffset": "-05:00",
    "quantityList": [{"epcClass": "https://id.lotline.example/lot/STRAW/ST-20260302-A", "quantity": 2.5, "uom": "KGM"}],
    "action": "DELETE",
    "bizStep": "destroying",
    "disposition": "destroyed",
    "readPoint": {"id": "https://id.lotline.example/place/jam-kitchen"},
    "lotline:reason": "mould found at the recall check",
}

LOTLINE_EVENTS = {
    "receiving": receiving(),
    "receiving-one-lot-without-uom": receiving(
        quantityList=[{"epcClass": "https://id.lotline.example/lot/JARS/J-0042", "quantity": 240}]
    ),
    "receiving-by-gln": receiving(
        readPoint={"id": "https://id.gs1.org/414/0614141000005"},
        sourceList=[{"type": "owning_party", "source": "https://id.gs1.org/417/0614141000005"}],
    ),
    "batch": BATCH,
    "destroying": DESTROYING,
}


@pytest.mark.parametrize("name", LOTLINE_EVENTS)
def test_a_lotline_event_hashes_as_gs1s_reference_does(name):
    event = LOTLINE_EVENTS[name]
    document = {
        "@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld", LOTLINE],
        "type": "EPCISDocument",
        "epcisBody": {"eventList": [event]},
    }
    assert_same_hash_as_reference(event, reference.reference_pre_hashes(document)[0], LOTLINE)


def test_the_hash_is_a_sha256_named_information_uri():
    assert event_hash(receiving(), LOTLINE).startswith("ni:///sha-256;")
    assert len(event_hash(receiving(), LOTLINE).split(";")[1].removesuffix("?ver=CBV2.0")) == 64


def test_key_order_event_id_and_record_time_do_not_change_the_hash():
    event = receiving()
    reordered = dict(reversed(list(copy.deepcopy(event).items())))
    reordered["quantityList"] = [dict(reversed(q.items())) for q in reversed(reordered["quantityList"])]
    reordered["bizTransactionList"] = [dict(reversed(b.items())) for b in reordered["bizTransactionList"]]
    reordered["eventID"] = "https://id.lotline.example/event/another"
    reordered["recordTime"] = "2026-04-01T00:00:00.000Z"
    assert event_hash(reordered, LOTLINE) == event_hash(event, LOTLINE)


def test_the_same_moment_in_another_offset_hashes_alike():
    assert event_hash(receiving(eventTime="2026-03-04T08:15:00.25Z"), LOTLINE) == event_hash(receiving(), LOTLINE)


def test_a_changed_quantity_changes_the_hash():
    changed = receiving()
    changed["quantityList"][1]["quantity"] = 12.4
    assert event_hash(changed, LOTLINE) != event_hash(receiving(), LOTLINE)


def test_a_changed_extension_changes_the_hash():
    assert event_hash(receiving(**{"lotline:lot": "ST-20260302-B"}), LOTLINE) != event_hash(receiving(), LOTLINE)


def test_an_extension_is_hashed_by_its_full_iri():
    assert pre_hash_string(receiving(), LOTLINE).endswith("{https://id.lotline.example/ns/}lot=ST-20260302-A")


def test_a_lot_named_by_epc_urn_or_by_digital_link_on_any_domain_hashes_alike():
    as_urn = receiving(quantityList=[{"epcClass": "urn:epc:class:lgtin:0614141.000001.SJ-20260304-A", "quantity": 24}])
    as_link = receiving(
        quantityList=[{"epcClass": "https://example.com/gtin/614141000012/lot/SJ-20260304-A?x=1", "quantity": 24.0}]
    )
    assert event_hash(as_urn, LOTLINE) == event_hash(as_link, LOTLINE)
    assert "epcClass=https://id.gs1.org/01/00614141000012/10/SJ-20260304-Aquantity=24" in pre_hash_string(as_urn)


def test_a_private_lot_uri_is_hashed_as_it_is():
    assert "epcClass=https://id.lotline.example/lot/STRAW/ST-20260302-Aquantity=12.5uom=KGM" in pre_hash_string(
        receiving(), LOTLINE
    )


def test_a_bare_cbv_word_and_its_uri_hash_alike():
    spelled_out = receiving(
        bizStep="https://ref.gs1.org/cbv/BizStep-receiving", disposition="urn:epcglobal:cbv:disp:in_progress"
    )
    assert event_hash(spelled_out, LOTLINE) == event_hash(receiving(), LOTLINE)


def test_a_business_transaction_without_a_type_is_hashed_by_its_identifier():
    untyped = receiving(bizTransactionList=[{"bizTransaction": "https://id.lotline.example/po/PO-1042"}])
    assert "bizTransactionListbizTransaction=https://id.lotline.example/po/PO-1042" in pre_hash_string(untyped, LOTLINE)

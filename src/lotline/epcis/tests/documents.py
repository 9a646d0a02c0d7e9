"""EPCIS documents a partner sends, for the tests (the import's and the browser's): Valley Farm ships
strawberries to our kitchen, and packs them on a pallet first."""

from __future__ import annotations

from typing import Any

from biip.checksums import gs1_standard_check_digit

from lotline.catalog.services import update_record


def gln(body: str) -> str:
    """A GS1 key with its check digit (GLNs and GTINs share the mod-10 rule)."""
    return body + str(gs1_standard_check_digit(body))


VALLEY_GLN, KITCHEN_GLN = gln("061414100001"), gln("061414100002")
STRAW_GTIN = gln("1006141410001")
DL = "https://id.gs1.org"


def document(*events: dict[str, Any]) -> dict[str, Any]:
    return {"@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],
            "type": "EPCISDocument", "schemaVersion": "2.0", "creationDate": "2026-03-12T13:00:00Z",
            "epcisBody": {"eventList": list(events)}}


def valley_ships_berries(lot: str = "VF-0312", quantity: float = 18, uom: str = "KGM") -> dict[str, Any]:
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


def pallet_of_berries() -> dict[str, Any]:
    return {"type": "AggregationEvent", "eventTime": "2026-03-12T07:00:00-05:00", "eventTimeZoneOffset": "-05:00",
            "action": "ADD", "bizStep": "packing", "parentID": f"{DL}/00/106141412345678908",
            "childQuantityList": [{"epcClass": f"{DL}/01/{STRAW_GTIN}/10/VF-0312", "quantity": 18, "uom": "KGM"}],
            "readPoint": {"id": f"{DL}/414/{VALLEY_GLN}"}}


def give_gs1_keys(actor: str = "alice") -> None:
    """The jam story's GS1 keys: Valley Farm's and our kitchen's GLNs, the strawberries' GTIN."""
    update_record("supplier", "VALLEY", {"gln": VALLEY_GLN}, actor=actor)
    update_record("site", "K1", {"gln": KITCHEN_GLN}, actor=actor)
    update_record("item", "STRAW", {"gtin": STRAW_GTIN}, actor=actor)

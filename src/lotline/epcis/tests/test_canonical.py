"""EPC URNs and Digital Link URIs are normalised as GS1's reference event hash normalises them."""

import pytest
from epcis_event_hash_generator.dl_normaliser import normaliser  # type: ignore[import-untyped]

from lotline.epcis.canonical import canonical_identifier

IDENTIFIERS = [
    "urn:epc:id:sgtin:0614141.112345.400",
    "urn:epc:id:sgtin:0614141.112345.A%2Fb!c",
    "urn:epc:id:sgtin:0614141.11234.400",
    "urn:epc:id:sgtin:0614141.112345.123456789012345678901",
    "urn:epc:id:sscc:0614141.1234567890",
    "urn:epc:id:sgln:0614141.12345.0",
    "urn:epc:id:sgln:0614141.12345.5678",
    "urn:epc:id:sgln:061414112345..5678",
    "urn:epc:id:grai:0614141.12345.400",
    "urn:epc:id:giai:0614141.12345400",
    "urn:epc:id:gsrn:0614141.1234567890",
    "urn:epc:id:gsrnp:0614141.1234567890",
    "urn:epc:id:gdti:0614141.12345.400",
    "urn:epc:id:cpi:0614141.123ABC.123456789",
    "urn:epc:id:sgcn:4012345.67890.04711",
    "urn:epc:id:ginc:0614141.xyz47%2F11",
    "urn:epc:id:gsin:0614141.123456789",
    "urn:epc:id:itip:4012345.012345.01.02.987",
    "urn:epc:id:upui:1234567.089456.51qIgY)%3C%26Jp3*j7'SDB",
    "urn:epc:id:pgln:1234567.89012",
    "urn:epc:class:lgtin:4012345.012345.998877",
    "urn:epc:idpat:sgtin:4012345.012345.*",
    "urn:epc:idpat:grai:4012345.98765.*",
    "urn:epc:idpat:gdti:4012345.98765.*",
    "urn:epc:idpat:sgcn:4012345.98765.*",
    "urn:epc:idpat:cpi:4012345.98765.*",
    "urn:epc:idpat:itip:4012345.012345.01.02.*",
    "urn:epc:idpat:upui:4012345.012345.*",
    "https://id.gs1.org/01/00614141000012/10/SJ-20260304-A",
    "https://id.gs1.org/01/09506000134352/10/ABC/21/XYZ",
    "https://example.com/gtin/9506000134352/ser/XYZ?17=271231",
    "https://example.com/some/path/01/9506000134352/22/2A/10/L1",
    "https://example.com/01/9506000134352/22/2A",
    "https://id.gs1.org/01/12345670",
    "https://id.gs1.org/01/614141000012",
    "https://id.gs1.org/01/0061414100001",
    "https://id.gs1.org/00/106141412345678908",
    "http://id.gs1.org/414/9520123456788/254/32a%2Fb",
    "https://id.gs1.org/414/9520123456788/254/32a-b",
    "https://id.gs1.org/8004/0614141ABC",
    "https://id.gs1.org/8010/0614141ABC/8011/12",
    "https://id.lotline.example/lot/STRAW/ST-20260302-A",
    "urn:uuid:6ba7b810-9dad-11d1-80b4-00c04fd430c8",
    "http://transaction.acme.com/po/12345678",
]


@pytest.mark.parametrize("identifier", IDENTIFIERS)
def test_an_identifier_is_normalised_as_gs1s_reference_does(identifier):
    assert canonical_identifier(identifier) == normaliser(identifier)


def test_a_lot_urn_becomes_its_digital_link():
    assert canonical_identifier("urn:epc:class:lgtin:0614141.000001.SJ-20260304-A") == (
        "https://id.gs1.org/01/00614141000012/10/SJ-20260304-A"
    )


def test_a_private_uri_is_no_gs1_identifier():
    assert canonical_identifier("https://id.lotline.example/lot/STRAW/ST-20260302-A") is None

"""The words Lotline and EPCIS 2.0 share: the context, our namespace, units and document types.

bizStep and disposition are the CBV's bare words, as the JSON schema requires. Units are the
UN/CEFACT Recommendation 20 codes EPCIS uses for `uom`; a unit with no code (jar, unit, case) is a
count of the item's own units, which EPCIS writes as a quantity without `uom`.
"""

from __future__ import annotations

from typing import Final

# GS1's published context for EPCIS 2.0 (the JSON schema requires it first in @context)
CONTEXT: Final = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"
PREFIX: Final = "lotline"
SCHEMA_VERSION: Final = "2.0"
EPCIS_VERSION: Final = "2.0.0"
CBV_VERSION: Final = "2.0.0"


def namespace(base: str) -> str:
    """Our extension fields' namespace under the private base (lotline:lot, lotline:reason...)."""
    return f"{base}ns/"


# our unit (as written, lower case) -> UN/CEFACT Rec 20 code
UOM: Final[dict[str, str]] = {
    "kg": "KGM", "g": "GRM", "mg": "MGM", "t": "TNE", "lb": "LBR", "oz": "ONZ",
    "l": "LTR", "ml": "MLT", "cl": "CLT", "gal": "GLL", "qt": "QTI", "pt": "PTI", "floz": "OZA",
    "dozen": "DZN", "m": "MTR", "m3": "MTQ",
}
UNIT_OF: Final[dict[str, str]] = {code: unit for unit, code in UOM.items()}

# our reference document type (as written, lower case) <-> CBV business transaction type
DOCUMENT_TYPE: Final[dict[str, str]] = {
    "invoice": "inv", "order": "po", "purchase order": "po", "bill of lading": "bol",
    "despatch advice": "desadv", "dispatch advice": "desadv", "delivery note": "desadv",
    "receiving advice": "recadv", "receipt": "recadv", "packing list": "desadv", "production order": "prodorder",
}

# a CBV business transaction type -> the words our records use for it (a partner's document taken in)
DOCUMENT_WORD: Final[dict[str, str]] = {
    "inv": "invoice", "po": "purchase order", "bol": "bill of lading", "desadv": "despatch advice",
    "recadv": "receiving advice", "prodorder": "production order", "pedigree": "pedigree", "poc": "purchase order "
    "confirmation", "rma": "return merchandise authorization", "cert": "certificate", "testprd": "test procedure",
    "testres": "test result", "upevt": "update event",
}

RECEIVING: Final = "receiving"
SHIPPING: Final = "shipping"
DESTROYING: Final = "destroying"
HOLDING: Final = "holding"
INSPECTING: Final = "inspecting"
COMMISSIONING: Final = "commissioning"

# source and destination types (CBV)
OWNING_PARTY: Final = "owning_party"
LOCATION: Final = "location"

# master data: vocabulary types and the CBV attributes we fill
EPC_CLASS: Final = "urn:epcglobal:epcis:vtype:EPCClass"
BUSINESS_LOCATION: Final = "urn:epcglobal:epcis:vtype:BusinessLocation"
MDA: Final = "urn:epcglobal:cbv:mda#"

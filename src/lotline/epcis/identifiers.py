"""Names for our lots, items, places and documents in EPCIS, and the way back.

A lot is a class of objects (EPCIS `epcClass`): a GS1 Digital Link URI (`https://id.gs1.org/01/
{GTIN}/10/{lot}`) where its item has a GTIN, else a stable private URI under settings.EPCIS_BASE
(`{base}lot/{item}/{lot}`). The lot part is the traceability lot code: the supplier's lot code
for a lot bought in (so our receipt names what our supplier's shipping event named), our batch
number for what we made. Places are Digital Links of their GLN (AI 414 for a location, 417 for a
party) or private URIs (`{base}site/K1`). Reading back accepts both, and every form of a GS1 key
other systems write (EPC URNs, Digital Links on other domains), through epcis.canonical.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal
from urllib.parse import quote, unquote

from django.conf import settings

from .canonical import canonical_identifier

DIGITAL_LINK = "https://id.gs1.org"
PlaceKind = Literal["site", "supplier", "customer"]
# GS1 keys as epcis.canonical writes every form of them (EPC URNs, Digital Links on any domain)
_DL_CLASS = re.compile(r"^https://id\.gs1\.org/01/(\d{14})(?:/10/([^/?#]+)|/21/[^/?#]+)?$")
_DL_GLN = re.compile(r"^https://id\.gs1\.org/(?:414|417)/(\d{13})(?:/254/[^/?#]+)?$")


def base() -> str:
    return str(settings.EPCIS_BASE)


def _part(value: str) -> str:
    return quote(value, safe="")


def item_class(item: str, gtin: str) -> str:
    """An item as a class of trade items: its GTIN's Digital Link, else our private URI."""
    return f"{DIGITAL_LINK}/01/{gtin}" if gtin else f"{base()}item/{_part(item)}"


def lot_class(item: str, gtin: str, lot: str) -> str:
    """A lot of an item (`lot` is its traceability lot code)."""
    if gtin:
        return f"{DIGITAL_LINK}/01/{gtin}/10/{_part(lot)}"
    return f"{base()}lot/{_part(item)}/{_part(lot)}"


def place(kind: PlaceKind, code: str, gln: str, *, party: bool = False) -> str:
    """A site, supplier or customer as a location (or, `party`, as the business that owns the goods)."""
    if gln:
        return f"{DIGITAL_LINK}/{'417' if party else '414'}/{gln}"
    return f"{base()}{kind}/{_part(code)}"


def document(kind: str, number: str) -> str:
    """A reference document (invoice 1847) as a business transaction URI; a number that is a URI
    already (a partner's document we recorded from their EPCIS event) stays as it is."""
    if re.match(r"^[a-z][a-z0-9+.-]*:", number, re.I):
        return number
    return f"{base()}doc/{_part(kind or 'document')}/{_part(number)}"


@dataclass(frozen=True)
class ClassName:
    """What a lot class URI names: a GTIN or one of our item codes, and the lot code if any."""

    gtin: str = ""
    item: str = ""
    lot: str = ""


def read_class(uri: str) -> ClassName | None:
    """The item and lot a class URI names, or None when it is none we can read."""
    if found := _DL_CLASS.match(canonical_identifier(uri) or ""):
        return ClassName(gtin=found[1], lot=unquote(found[2] or ""))
    ours = base()
    if uri.startswith(f"{ours}lot/"):
        item, _, lot = uri[len(ours) + 4:].partition("/")
        return ClassName(item=unquote(item), lot=unquote(lot)) if item and lot else None
    if uri.startswith(f"{ours}item/"):
        return ClassName(item=unquote(uri[len(ours) + 5:]))
    return None


@dataclass(frozen=True)
class PlaceName:
    """What a place URI names: a GLN, or one of our own places by kind and code."""

    gln: str = ""
    kind: str = ""
    code: str = ""


def read_place(uri: str) -> PlaceName | None:
    if found := _DL_GLN.match(canonical_identifier(uri) or ""):
        return PlaceName(gln=found[1])
    ours = base()
    for kind in ("site", "supplier", "customer"):
        if uri.startswith(f"{ours}{kind}/"):
            return PlaceName(kind=kind, code=unquote(uri[len(ours) + len(kind) + 1:]))
    return None


def read_document(uri: str) -> tuple[str, str]:
    """(document type, number) of a business transaction URI we wrote; another's URI is its own number."""
    ours = f"{base()}doc/"
    if uri.startswith(ours):
        kind, _, number = uri[len(ours):].partition("/")
        return unquote(kind), unquote(number)
    return "", uri

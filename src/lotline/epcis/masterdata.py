"""The master data of an export: what the items and places its events name are.

Written in the document's header (EPCIS vocabularies: EPCClass for items, BusinessLocation for
sites, suppliers and customers), only for what the events name, so a trace sent to a partner does
not carry the whole customer list. Each record's catalog fields ride as attributes in our
namespace, with the CBV's own attribute for what it has a word for (name, address), which is what
an import into an empty database needs to add them. Contacts (people's phones and e-mails) stay home.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, cast

from lotline.catalog.specs import SPECS

from . import vocabulary as v
from .identifiers import PlaceKind, item_class, place

KEPT_HOME = {"contact"}
# our field -> the CBV master data attribute with that meaning
CBV_ATTRIBUTE = {"name": "name", "address": "streetAddressOne", "city": "city", "state": "state",
                 "zip_code": "postalCode", "country": "countryCode"}
KEYS = {"site": "code", "supplier": "ref", "customer": "ref", "item": "code"}


@dataclass
class Named:
    """The items and places the events of an export name, gathered as they stream by."""

    codes: dict[str, set[str]] = field(default_factory=lambda: {k: set() for k in KEYS})

    def add(self, kind: str, code: str | None) -> None:
        if code:
            self.codes[kind].add(code)


def _attributes(ns: str, spec_fields: Iterable[Any], record: Any) -> list[dict[str, Any]]:
    found = []
    for f in spec_fields:
        value = getattr(record, f.name)
        if f.name in KEPT_HOME or value in ("", None, False):
            continue
        value = value if isinstance(value, int | str) else str(value)
        found.append({"id": f"{ns}{f.name}", "attribute": value})
        if f.name in CBV_ATTRIBUTE:
            found.append({"id": f"{v.MDA}{CBV_ATTRIBUTE[f.name]}", "attribute": value})
    return found


def vocabularies(named: Named, ns: str) -> list[dict[str, Any]]:
    """The vocabularyList of the header: one element per item and per place the events name."""
    items, places = [], []
    for kind, key in KEYS.items():
        spec = SPECS[kind]
        wanted = {f"{key}__in": sorted(named.codes[kind])}
        records: Iterable[Any] = spec.model._default_manager.filter(**wanted).order_by(key)
        for record in records:
            attributes = [{"id": f"{ns}entity", "attribute": kind}, *_attributes(ns, spec.fields, record)]
            if kind == "item":
                items.append({"id": item_class(record.code, record.gtin), "attributes": attributes})
            else:
                uri = place(cast(PlaceKind, kind), getattr(record, key), record.gln)
                places.append({"id": uri, "attributes": attributes})
    lists = [{"type": v.EPC_CLASS, "vocabularyElementList": items},
             {"type": v.BUSINESS_LOCATION, "vocabularyElementList": places}]
    return [one for one in lists if one["vocabularyElementList"]]

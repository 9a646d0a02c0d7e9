"""The master data of an export: what the items and places its events name are.

Written in the document's header (EPCIS vocabularies: EPCClass for items, BusinessLocation for
sites, suppliers and customers), only for what the events name, so a trace sent to a partner does
not carry the whole customer list. Each record's catalog fields ride as attributes in our
namespace, with the CBV's own attribute for what it has a word for (name, address), which is what
an import into an empty database needs to add them. Contacts (people's phones and e-mails) stay home.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, cast

from lotline.catalog.specs import SPECS

from . import vocabulary as v
from .identifiers import PlaceKind, item_class, place

KEPT_HOME = {"contact"}
# our field -> the CBV master data attribute with that meaning
CBV_ATTRIBUTE = {"name": "name", "address": "streetAddressOne", "city": "city", "state": "state",
                 "zip_code": "postalCode", "country": "countryCode"}
CHUNK = 2000
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
        # the schema takes a number, a text or an object: a flag is the text "true"
        value = "true" if value is True else value if isinstance(value, int | str) else str(value)
        found.append({"id": f"{ns}{f.name}", "attribute": value})
        if f.name in CBV_ATTRIBUTE:
            found.append({"id": f"{v.MDA}{CBV_ATTRIBUTE[f.name]}", "attribute": value})
    return found


def _elements(named: Named, ns: str, kinds: tuple[str, ...]) -> Iterator[dict[str, Any]]:
    """One vocabulary element per record of `kinds` the events named, read a chunk at a time."""
    for kind in kinds:
        spec, key = SPECS[kind], KEYS[kind]
        codes = sorted(named.codes[kind])
        for start in range(0, len(codes), CHUNK):
            records = spec.model._default_manager.filter(**{f"{key}__in": codes[start:start + CHUNK]}).order_by(key)
            for record in records:  # a Site, Supplier, Customer or Item: each has the fields read here
                record = cast(Any, record)
                attributes = [{"id": f"{ns}entity", "attribute": kind}, *_attributes(ns, spec.fields, record)]
                uri = (item_class(record.code, record.gtin) if kind == "item"
                       else place(cast(PlaceKind, kind), getattr(record, key), record.gln))
                yield {"id": uri, "attributes": attributes}


def vocabularies(named: Named, ns: str) -> Iterator[tuple[str, Iterator[dict[str, Any]]]]:
    """The vocabularyList of the header, as (type, its elements) for the ones with any: items as EPC
    classes, sites, suppliers and customers as business locations."""
    if named.codes["item"]:
        yield v.EPC_CLASS, _elements(named, ns, ("item",))
    if named.codes["site"] or named.codes["supplier"] or named.codes["customer"]:
        yield v.BUSINESS_LOCATION, _elements(named, ns, ("site", "supplier", "customer"))

"""The key data elements an FSMA 204 request's records lack, each with the page that fixes it.

Missing data never blocks an export: it is listed before and with every export (in the file's
Explanation sheet too), and the home page shows the count while it is not zero. A gap is a place
(site, supplier, customer) whose location description lacks a part, an item whose product
description lacks its packaging, a receipt, batch or shipment without its reference document, or a
product containing a listed food whose coverage the owner has not confirmed. (A batch without a
document of its own has Lotline's batch record as its production log: rows.py.) Customers of kind
`online` are consumers ordering from the business's shop: a sale to a consumer is not shipping
(21 CFR 1.1310), so their addresses are not key data elements.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from lotline.catalog.models import Customer, Item, Site, Supplier
from lotline.catalog.specs import SPECS
from lotline.codes import InUrl

from .coverage import possibly_covered
from .rows import Seen, receiving_rows, shipping_rows, transformation_rows
from .selection import Chosen

LOCATION_NEEDS = ("phone", "address", "city", "state", "zip_code", "country")
PRODUCT_NEEDS = ("pack_size", "pack_style")
CONSUMERS = {"online"}  # customer kinds that are consumers


@dataclass(frozen=True)
class Gap:
    """One thing missing: what (a supplier, receipts...), which, the fields missing, and where to fix it."""

    what: str  # site, supplier, customer, item, receipts, batches, shipments, coverage
    key: str  # the record's code, or the first of the records
    name: str
    missing: list[str]
    page: str
    count: int = 1  # records: how many lack it
    examples: list[str] = field(default_factory=list)

    def said(self) -> str:
        if self.what in ("receipts", "batches", "shipments"):
            more = f" (e.g. {', '.join(self.examples)})" if self.examples else ""
            return f"{self.count} {self.what} without {' and '.join(self.missing)}{more}"
        if self.what == "coverage":
            return f"product {self.key} {self.name}: {self.missing[0]}"
        return f"{self.what} {self.key} {self.name}: no {', '.join(self.missing)}"


def _segment(value: str) -> str:
    """A code as one segment of a path, as Django's reverse() writes it through the `text` converter."""
    return quote(InUrl().to_url(value), safe="!$&'()*+,;=/~:@")


def record_page(plural: str, key: str) -> str:
    """The catalog page that fixes a record (web/manage_urls.py's catalog_record; a test holds the two
    together). Written out: resolving the name loads every page's module, 2 s of a command's start."""
    return f"/catalog/{plural}/{_segment(key)}/"


def lot_page(code: str) -> str:
    """The lot page (web/reading_urls.py's lot), written out as record_page is."""
    return f"/lots/{_segment(code)}/"


def _labels(entity: str, names: list[str]) -> list[str]:
    spec = SPECS[entity]
    return [spec.field(n).label for n in names]


def _places(seen: Seen) -> dict[str, list[Any]]:
    """The sites, suppliers, customers (as rows: key, name, location parts) and items the rows named."""
    wanted = ("name", *LOCATION_NEEDS)
    return {
        "site": list(Site.objects.filter(code__in=seen.sites).values_list("code", *wanted)),
        "supplier": list(Supplier.objects.filter(ref__in=seen.suppliers).values_list("ref", *wanted)),
        "customer": list(Customer.objects.filter(ref__in=seen.customers).exclude(kind__in=CONSUMERS)
                         .values_list("ref", *wanted)),
        "item": list(Item.objects.filter(code__in=seen.items)),
    }


def _place_gaps(places: dict[str, list[Any]]) -> list[Gap]:
    gaps = []
    for entity in ("site", "supplier", "customer"):
        spec = SPECS[entity]
        labels = {n: spec.field(n).label for n in LOCATION_NEEDS}
        for key, name, *parts in sorted(places[entity]):
            missing = [labels[n] for n, value in zip(LOCATION_NEEDS, parts, strict=True) if not value]
            if missing:
                gaps.append(Gap(entity, key, name, missing, record_page(spec.plural, key)))
    covered = {p.code for p in possibly_covered() if not p.confirmed}
    for item in sorted(places["item"], key=lambda i: i.code):
        if not (item.on_traceability_list or item.code in covered):
            continue  # FSMA 204's key data elements are of the foods it covers
        missing = [n for n in PRODUCT_NEEDS if not getattr(item, n)]
        if missing:
            gaps.append(Gap("item", item.code, item.name, _labels("item", missing), record_page("items", item.code)))
    return gaps


def _record_gaps(seen: Seen) -> list[Gap]:
    gaps = []
    for what, undocumented in (("receipts", seen.receipts), ("shipments", seen.shipments)):
        if undocumented.count:
            code, lot = undocumented.first[0]
            gaps.append(Gap(what, code, "", ["a reference document (type and number)"], lot_page(lot),
                            undocumented.count, [c for c, _lot in undocumented.first]))
    return gaps


def _coverage_gaps() -> list[Gap]:
    return [Gap("coverage", p.code, p.name, [f"contains {', '.join(p.because)} (on the Food Traceability List): "
                                             "confirm whether it is covered"],
                record_page("items", p.code))
            for p in possibly_covered() if not p.confirmed]


def missing_kdes(chosen: Chosen, seen: Seen | None = None) -> list[Gap]:
    """Every gap in the records of a request, places and items first. `seen`: what its rows named, as
    an export gathered it while writing them; without it, the rows are read (and not written) for it."""
    if seen is None:
        seen = Seen()
        for rows in (receiving_rows, transformation_rows, shipping_rows):
            for _row in rows(chosen, seen):
                pass
    return [*_coverage_gaps(), *_place_gaps(_places(seen)), *_record_gaps(seen)]

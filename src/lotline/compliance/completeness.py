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

from django.db import connection

from lotline.catalog.models import Customer, Item, Site, Supplier
from lotline.catalog.specs import SPECS
from lotline.codes import InUrl

from .coverage import possibly_covered
from .selection import Chosen

LOCATION_NEEDS = ("phone", "address", "city", "state", "zip_code", "country")
PRODUCT_NEEDS = ("pack_size", "pack_style")
EXAMPLES = 5
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


def _ids(sql: str, chosen: Chosen) -> list[int]:
    with connection.cursor() as cur:
        cur.execute(f"{chosen.with_sql} {sql}", [*chosen.params, *chosen.window])
        return [r[0] for r in cur.fetchall() if r[0] is not None]


def _places(chosen: Chosen) -> dict[str, list[Any]]:
    """The sites, suppliers, customers and items the request's rows name."""
    r, t, s = chosen.receiving, chosen.transformation, chosen.shipping
    sites = _ids(f"SELECT l.site_id FROM lot l WHERE {r} UNION SELECT b.site_id FROM lot b WHERE {t} "
                 f"UNION SELECT l.site_id FROM shipment s JOIN lot l ON l.id = s.lot_id WHERE {s}", _twice(chosen, 3))
    items = _ids(f"SELECT l.item_id FROM lot l WHERE {r} UNION SELECT b.item_id FROM lot b WHERE {t} "
                 f"UNION SELECT x.item_id FROM lot b JOIN lot_input li ON li.batch_id = b.id "
                 f"JOIN lot x ON x.id = li.input_lot_id WHERE {t} "
                 f"UNION SELECT l.item_id FROM shipment s JOIN lot l ON l.id = s.lot_id WHERE {s}", _twice(chosen, 4))
    return {
        "site": list(Site.objects.filter(id__in=sites)),
        "supplier": list(Supplier.objects.filter(id__in=_ids(f"SELECT l.supplier_id FROM lot l WHERE {r}", chosen))),
        "customer": list(Customer.objects.filter(id__in=_ids(
            f"SELECT s.customer_id FROM shipment s JOIN lot l ON l.id = s.lot_id WHERE {s}", chosen))),
        "item": list(Item.objects.filter(id__in=items)),
    }


def _twice(chosen: Chosen, times: int) -> Chosen:
    """The request with its window repeated for a statement that applies `times` conditions."""
    return Chosen(chosen.request, chosen.with_sql, chosen.params, "", "", "", chosen.window * times)


def _place_gaps(places: dict[str, list[Any]]) -> list[Gap]:
    gaps = []
    for entity in ("site", "supplier", "customer"):
        spec = SPECS[entity]
        for obj in sorted(places[entity], key=lambda o: getattr(o, spec.key)):
            if entity == "customer" and obj.kind in CONSUMERS:
                continue
            missing = [n for n in LOCATION_NEEDS if not getattr(obj, n)]
            if missing:
                key = getattr(obj, spec.key)
                gaps.append(Gap(entity, key, obj.name, _labels(entity, missing),
                                record_page(spec.plural, key)))
    covered = {p.code for p in possibly_covered() if not p.confirmed}
    for item in sorted(places["item"], key=lambda i: i.code):
        if not (item.on_traceability_list or item.code in covered):
            continue  # FSMA 204's key data elements are of the foods it covers
        missing = [n for n in PRODUCT_NEEDS if not getattr(item, n)]
        if missing:
            gaps.append(Gap("item", item.code, item.name, _labels("item", missing),
                            record_page("items", item.code)))
    return gaps


_RECORDS = {  # what -> (its code, its lot's code, the tables, the sheet's condition, the alias with the document)
    "receipts": ("l.code", "l.code", "lot l", "receiving", "l"),
    "shipments": ("s.ref", "l.code", "shipment s JOIN lot l ON l.id = s.lot_id", "shipping", "s"),
}


def _record_gaps(chosen: Chosen) -> list[Gap]:
    gaps = []
    for what, (code, lot, tables, sheet, alias) in _RECORDS.items():
        where = f"{getattr(chosen, sheet)} AND ({alias}.reference_doc = '' OR {alias}.reference_doc_type = '')"
        with connection.cursor() as cur:
            cur.execute(f"{chosen.with_sql} SELECT COUNT(*) FROM {tables} WHERE {where}",
                        [*chosen.params, *chosen.window])
            count = cur.fetchone()[0]
            if not count:
                continue
            cur.execute(f"{chosen.with_sql} SELECT {code}, {lot} FROM {tables} WHERE {where} ORDER BY {code} "
                        f"LIMIT {EXAMPLES}", [*chosen.params, *chosen.window])
            found = cur.fetchall()
        gaps.append(Gap(what, found[0][0], "", ["a reference document (type and number)"],
                        lot_page(found[0][1]), count, [r[0] for r in found]))
    return gaps


def _coverage_gaps() -> list[Gap]:
    return [Gap("coverage", p.code, p.name, [f"contains {', '.join(p.because)} (on the Food Traceability List): "
                                             "confirm whether it is covered"],
                record_page("items", p.code))
            for p in possibly_covered() if not p.confirmed]


def missing_kdes(chosen: Chosen) -> list[Gap]:
    """Every gap in the records of a request, places and items first."""
    return [*_coverage_gaps(), *_place_gaps(_places(chosen)), *_record_gaps(chosen)]

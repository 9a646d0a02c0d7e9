"""The rows of each sheet of the FSMA 204 spreadsheet, streamed from the database.

One statement per sheet joins the lot, movement and catalog tables and is read in chunks through a
server-side cursor on PostgreSQL (Django's chunked cursor), so memory stays flat whatever the size
of the answer. Each row is laid out as columns.py says.

Traceability lot codes (21 CFR 1.1320): a received lot keeps its supplier's lot code verbatim as its
TLC, the supplier as its TLC source; a lot whose supplier gave none has our lot code as the TLC we
assigned, our receiving site its source. A batch's number is the TLC we assigned when we made it
(a transformation), at its site.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection

from lotline.lots.payloads import decimal

from .selection import Chosen

CHUNK = 2000
# A batch recorded without a document of its own: Lotline's record of it is its production log
# (a reference document FDA names), numbered by the batch number.
PRODUCTION_LOG = "production log (Lotline batch record)"
_LOC = "{a}.name, {a}.phone, {a}.address, {a}.city, {a}.state, {a}.zip_code, {a}.country, {a}.gln"
_PROD = "{a}.code, {a}.name, {a}.brand, {a}.commodity, {a}.variety, {a}.pack_size, {a}.pack_style"


def _loc(alias: str) -> str:
    return _LOC.format(a=alias)


def _prod(alias: str) -> str:
    return _PROD.format(a=alias)


RECEIVING_SQL = f"""SELECT l.code, l.supplier_lot, l.quantity, l.unit, l.lot_date, l.reference_doc_type,
        l.reference_doc, l.tlc_source, {_prod('i')}, p.ref, {_loc('p')}, t.code, {_loc('t')}
    FROM lot l JOIN item i ON i.id = l.item_id JOIN site t ON t.id = l.site_id
    LEFT JOIN supplier p ON p.id = l.supplier_id
    WHERE {{where}} ORDER BY l.lot_date, l.code"""
TRANSFORMATION_SQL = f"""SELECT b.code, b.lot_date, b.quantity, b.unit, b.status, b.reference_doc_type,
        b.reference_doc, {_prod('bi')}, t.code, {_loc('t')}, x.code, x.kind, x.supplier_lot, li.quantity, li.unit,
        {_prod('xi')}
    FROM lot b JOIN item bi ON bi.id = b.item_id JOIN site t ON t.id = b.site_id
    LEFT JOIN lot_input li ON li.batch_id = b.id LEFT JOIN lot x ON x.id = li.input_lot_id
    LEFT JOIN item xi ON xi.id = x.item_id
    WHERE {{where}} ORDER BY b.lot_date, b.code, li.id"""
SHIPPING_SQL = f"""SELECT l.code, l.kind, l.supplier_lot, l.tlc_source, s.quantity, l.unit, s.shipped_on,
        s.reference_doc_type, s.reference_doc, s.ref, {_prod('i')}, c.ref, {_loc('c')}, t.code, {_loc('t')},
        p.ref, {_loc('p')}
    FROM shipment s JOIN lot l ON l.id = s.lot_id JOIN item i ON i.id = l.item_id
    JOIN customer c ON c.id = s.customer_id JOIN site t ON t.id = l.site_id
    LEFT JOIN supplier p ON p.id = l.supplier_id
    WHERE {{where}} ORDER BY s.shipped_on, s.ref"""


EXAMPLES = 5


@dataclass
class Undocumented:
    """Records without a reference document: how many, and the first few (code, its lot's code)."""

    count: int = 0
    first: list[tuple[str, str]] = field(default_factory=list)

    def add(self, code: str, lot: str) -> None:
        self.count += 1
        if len(self.first) < EXAMPLES:
            self.first.append((code, lot))


@dataclass
class Seen:
    """What the rows of a request name, gathered as they stream by: the completeness check reads it
    instead of asking the database again (at 1M batches, 4 s of a product's year)."""

    sites: set[str] = field(default_factory=set)
    suppliers: set[str] = field(default_factory=set)
    customers: set[str] = field(default_factory=set)
    items: set[str] = field(default_factory=set)
    receipts: Undocumented = field(default_factory=Undocumented)
    shipments: Undocumented = field(default_factory=Undocumented)


class _Cells:
    """A database row read left to right, a few columns at a time."""

    def __init__(self, row: Sequence[Any]) -> None:
        self.row, self.at = row, 0

    def take(self, n: int) -> list[Any]:
        """The next n columns; NULL stays None, which every sheet writes as an empty cell."""
        part = list(self.row[self.at:self.at + n])
        self.at += n
        return part

    def one(self) -> Any:
        return self.take(1)[0]


def _stream(sql: str, where: str, chosen: Chosen) -> Iterator[Sequence[Any]]:
    statement = f"{chosen.with_sql} {sql.format(where=where)}"
    with connection.chunked_cursor() as cur:
        cur.execute(statement, [*chosen.params, *chosen.window])
        while rows := cur.fetchmany(CHUNK):
            yield from rows


def _quantity(value: Any) -> Any:
    return None if value is None else decimal(value)


def _product(cells: _Cells) -> tuple[str, list[str]]:
    """(item code, the product description: name, brand, commodity, variety, size, style)."""
    code, *description = cells.take(7)
    return code, description


def _location(cells: _Cells) -> tuple[list[str], str]:
    """(the location description's 7 parts, its GLN)."""
    *parts, gln = cells.take(8)
    return parts, gln


def _business() -> str:
    """The business's name from its traceability plan's settings ("" until set)."""
    from lotline.plans.queries import current_plan_settings

    return current_plan_settings()["business"]


def _ours(location: tuple[list[Any], Any], business: str) -> tuple[list[Any], Any]:
    """One of our sites' location: its business name is the business's, then the site's ("Maria's
    Kitchen, Home kitchen"), once the plan names the business."""
    parts, gln = location
    if business and parts[0] != business:
        parts = [f"{business}, {parts[0]}", *parts[1:]]
    return parts, gln


def _tlc_of_received(supplier_lot: str, code: str, tlc_source: str, supplier: list[str], supplier_gln: str,
                     site: list[str], site_gln: str) -> tuple[str, list[str], str]:
    """A received lot's TLC, the TLC source's location and its reference: the reference recorded on
    receipt (the packer's GLN...), with no location, else the supplier's, else (no TLC given) our site's."""
    if supplier_lot and tlc_source:
        return supplier_lot, [""] * len(supplier), tlc_source
    if supplier_lot:
        return supplier_lot, supplier, supplier_gln
    return code, site, site_gln


def receiving_rows(chosen: Chosen, seen: Seen) -> Iterator[list[Any]]:
    business = _business()
    for row in _stream(RECEIVING_SQL, chosen.receiving, chosen):
        c = _Cells(row)
        code, supplier_lot, quantity, unit, received, ref_type, ref_doc, tlc_source = c.take(8)
        item, product = _product(c)
        supplier_ref = c.one()
        supplier, supplier_gln = _location(c)
        site_code = c.one()
        site, site_gln = _ours(_location(c), business)
        tlc, source, source_ref = _tlc_of_received(supplier_lot, code, tlc_source, supplier, supplier_gln, site,
                                                   site_gln)
        seen.sites.add(site_code)
        seen.suppliers.add(supplier_ref)
        seen.items.add(item)
        if not (ref_type and ref_doc):
            seen.receipts.add(code, code)
        yield [tlc, _quantity(quantity), unit, *product, *supplier, *site, received, *source, source_ref,
               ref_type, ref_doc, "", "", code, item, supplier_ref, site_code]


def transformation_rows(chosen: Chosen, seen: Seen) -> Iterator[list[Any]]:
    business = _business()
    for row in _stream(TRANSFORMATION_SQL, chosen.transformation, chosen):
        c = _Cells(row)
        code, made, quantity, unit, status, ref_type, ref_doc = c.take(7)
        product_code, product = _product(c)
        site_code = c.one()
        site, site_gln = _ours(_location(c), business)
        input_code, input_kind, input_supplier_lot, used, used_unit = c.take(5)
        input_item, input_product = _product(c)
        input_tlc = input_supplier_lot if input_kind == "received" and input_supplier_lot else input_code
        seen.sites.add(site_code)
        seen.items.add(product_code)
        if input_item:
            seen.items.add(input_item)
        if not ref_doc:  # the batch's record in Lotline is its production log
            ref_type, ref_doc = PRODUCTION_LOG, code
        yield [input_tlc, *input_product, _quantity(used), used_unit, code, *site, site_gln, made, *product,
               _quantity(quantity), unit, ref_type, ref_doc, "", "", input_code, input_item, product_code, site_code,
               status]


def shipping_rows(chosen: Chosen, seen: Seen) -> Iterator[list[Any]]:
    business = _business()
    for row in _stream(SHIPPING_SQL, chosen.shipping, chosen):
        c = _Cells(row)
        code, kind, supplier_lot, tlc_source, quantity, unit, shipped, ref_type, ref_doc, ref = c.take(10)
        item, product = _product(c)
        customer_ref = c.one()
        customer, _customer_gln = _location(c)
        site_code = c.one()
        site, site_gln = _ours(_location(c), business)
        supplier_ref = c.one()  # its location is the TLC source of a lot resold as received
        supplier, supplier_gln = _location(c)
        seen.sites.add(site_code)
        seen.customers.add(customer_ref)
        seen.items.add(item)
        if supplier_ref:
            seen.suppliers.add(supplier_ref)
        if not (ref_type and ref_doc):
            seen.shipments.add(ref, code)
        if kind == "received":
            tlc, source, source_ref = _tlc_of_received(supplier_lot, code, tlc_source, supplier, supplier_gln, site,
                                                       site_gln)
        else:
            tlc, source, source_ref = code, site, site_gln
        yield [tlc, _quantity(quantity), unit, *product, *customer, *site, shipped, *source, source_ref,
               ref_type, ref_doc, "", "", code, item, customer_ref, site_code, ref]

"""Traces and recalls: from any code, every lot upstream or downstream, to any depth, exactly.

`lots` holds every received lot in the answer and `batches` every production batch (the starting
lot included, at depth 0); `customers` who received units, with contacts and quantities.

The answers are typed here once (Trace, Recall): the pages, the CSV, the CLI and the API read them,
and the API's schemas are derived from them (api/answers.py).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal
from typing import Annotated, Any, NotRequired, TypedDict

from django.db import connection

from lotline.errors import ErrorCode, LotlineError
from lotline.lots.models import LotKind, LotStatus
from lotline.lots.payloads import decimal
from lotline.lots.queries import find_lots, lookup

from . import graph
from .sql import LOT_DETAILS, PRODUCT_BATCHES, SEED_CODE, SEED_CODES, SEED_RECALL, marks, trace_sql


class TraceSubject(TypedDict):
    """A lot the trace starts from, and how the code typed matched it."""

    via: str
    code: str
    unit_number: int | None


class TraceLot(TypedDict):
    """A lot or batch of a trace (graph._lot builds it)."""

    code: str
    kind: Annotated[str, LotKind]
    item: str
    item_name: str
    date: str
    quantity: Decimal
    quantity_discarded: Decimal
    unit: str
    status: Annotated[str, LotStatus]
    site: str
    allergens: list[str]
    depth: NotRequired[Annotated[int, "Links from the lot traced (0: that lot); none for a batch not affected"]]
    supplier: NotRequired[str]
    supplier_name: NotRequired[str]
    supplier_lot: NotRequired[str]
    quantity_used: NotRequired[Annotated[Decimal | None, "Back traces: how much the batches above used"]]
    on_hand: NotRequired[Annotated[Decimal, "Forward traces and recalls: units left"]]


class TraceLink(TypedDict):
    """A lot that went into a batch, and how much."""

    batch: str
    lot: str
    quantity: Decimal
    unit: str
    quantity_in_lot_unit: Decimal
    lot_unit: str


class TraceShipment(TypedDict):
    ref: str
    lot: str
    item: str
    shipped_on: str
    quantity: Decimal
    unit: str
    reference_doc: str
    customer: str


class TraceCustomer(TypedDict):
    """A customer who received units, with what they received."""

    id: Annotated[str, "The customer's ref"]
    name: str
    kind: str
    contact: str
    address: Annotated[str, "Where they are, on one line: street, city, state and ZIP"]
    shipments: list[TraceShipment]


class LotOnHand(TypedDict):
    """A lot with units still on hand: what a recall holds."""

    code: str
    on_hand: Decimal
    unit: str
    status: Annotated[str, LotStatus]


class Trace(TypedDict):
    """A trace back (what went in) or forward (where it went: shipments, customers, units on hand)."""

    direction: str
    subject: list[TraceSubject]
    lots: list[TraceLot]
    batches: list[TraceLot]
    customers: list[TraceCustomer]
    links: list[TraceLink]
    shipments: NotRequired[list[TraceShipment]]
    on_hand: NotRequired[list[LotOnHand]]


# "from" is a keyword: this shape is written as a call
RecallQuery = TypedDict("RecallQuery", {"supplier": str, "supplier_name": str, "item": str | None, "from": str,
                                        "to": str, "compared_until": str})


class Recall(Trace):
    """A supplier recall: a forward trace from the lots received, and the batches it does not reach."""

    not_affected: Annotated[list[TraceLot], "Batches of the same products and sites in the period that used none "
                                            "of the recalled lots (the first 500)"]
    not_affected_total: int
    query: RecallQuery


def _seeded(direction: str, codes: list[str]) -> tuple[graph.TraceRows, list[int]]:
    rows = graph.run(trace_sql(direction, SEED_CODES.format(marks=marks(len(codes)))), codes)
    return rows, [lot_id for lot_id, lot in rows.lots.items() if lot["code"] in codes]


def _trace(direction: str, code: str) -> tuple[graph.TraceRows, list[int], list[TraceSubject]]:
    """Run the trace from the lots a code names: our own lot code in any case if it is one (one
    statement, the common case), else every lot with that supplier lot code, else the batch of a
    unit serial."""
    text = code.strip()
    rows = graph.run(trace_sql(direction, SEED_CODE), [text])
    # the seed's lot: the one with the code as typed, else the one with it in another case
    starts = [i for i, lot in rows.lots.items() if lot["code"] == text] or \
        [i for i, lot in rows.lots.items() if lot["code"].upper() == text.upper()]
    if starts:
        return rows, starts[:1], [TraceSubject(via="lot code", code=rows.lots[starts[0]]["code"], unit_number=None)]
    matches = lookup(text)
    if not matches:
        raise LotlineError(ErrorCode.UNKNOWN_LOT, f"no lot, batch, supplier lot or unit serial {code!r}", field="code")
    best = [m for m in matches if m.via == matches[0].via]
    rows, starts = _seeded(direction, sorted({m.code for m in best}))
    return rows, starts, [TraceSubject(via=m.via, code=m.code, unit_number=m.unit_number) for m in best]


def trace_back(code: str) -> Trace:
    """What went into a lot, to any depth: every ingredient lot with its supplier, and the batches
    in between, with the quantity each batch used."""
    rows, starts, subject = _trace("back", code)
    depth = graph.depths(starts, graph.links_of(rows.links, forward=False))
    used: dict[int, Decimal] = defaultdict(Decimal)
    for _batch, input_id, _q, q_lot, _u in rows.links:
        used[input_id] += decimal(q_lot)
    for lot_id, lot in rows.lots.items():
        lot["quantity_used"] = used.get(lot_id)
    lots, batches = graph.split(rows.lots, depth)
    return Trace(direction="back", subject=subject, lots=lots, batches=batches, customers=[],
                 links=graph.link_list(rows))


def trace_forward(code: str) -> Trace:
    """Where a lot went, to any depth: every batch that contains it, every shipment and customer,
    and the units still on hand (made - discarded - shipped - consumed)."""
    rows, starts, subject = _trace("forward", code)
    return _forward(rows, starts, subject)


def trace_forward_lots(codes: Sequence[str]) -> Trace:
    """Where several of our lots went, to any depth, in one walk (a recall case opened on lot codes:
    a suspect ingredient lot, a complaint's batch). Codes in any case; an unknown one is refused."""
    wanted = list(dict.fromkeys(code.strip() for code in codes if code.strip()))
    if not wanted:
        raise LotlineError(ErrorCode.MISSING, "name at least one lot code", field="lot")
    found = find_lots(wanted)
    if missing := [code for code in wanted if code not in found]:
        raise LotlineError(ErrorCode.UNKNOWN_LOT, f"unknown lot {missing[0]!r}: no lot or batch has that code",
                           field="lot")
    exact = sorted({lot.code for lot in found.values()})
    rows, starts = _seeded("forward", exact)
    return _forward(rows, starts, [TraceSubject(via="lot code", code=code, unit_number=None) for code in exact])


def _forward(rows: graph.TraceRows, starts: list[int], subject: list[TraceSubject],
             direction: str = "forward") -> Trace:
    depth = graph.depths(starts, graph.links_of(rows.links, forward=True))
    graph.add_on_hand(rows)
    customers, shipments = graph.customers(rows)
    lots, batches = graph.split(rows.lots, depth)
    return Trace(direction=direction, subject=subject, lots=lots, batches=batches, customers=customers,
                 shipments=shipments, links=graph.link_list(rows), on_hand=_to_hold(rows.lots))


def _to_hold(info: dict[int, TraceLot]) -> list[LotOnHand]:
    """Lots with units still on hand (not failed): what to hold in a recall (graph.add_on_hand counted them)."""
    return [LotOnHand(code=lot["code"], on_hand=lot["on_hand"], unit=lot["unit"], status=lot["status"])
            for lot in sorted(info.values(), key=lambda x: x["code"])
            if lot["on_hand"] > 0 and lot["status"] != "failed"]


def recall(*, supplier: str, item: str | None = None, first: dt.date, last: dt.date,
           margin_days: int = 7) -> Recall:
    """A supplier recall: the lots received from `supplier` (of `item`, or of any item) between
    `first` and `last` (both included), every batch and customer downstream, the units on hand to
    hold, and the batches of the same products made around then that did NOT use those lots."""
    from lotline.catalog.queries import find_item, find_supplier

    if last < first:
        raise LotlineError(ErrorCode.IMPOSSIBLE_DATE, f"the window ends ({last}) before it starts ({first})",
                           field="to")
    the_supplier = find_supplier(supplier)
    the_item = find_item(item) if item else None
    params: list[Any] = [the_supplier.id, *([the_item.id] if the_item else []), first, last]
    seed = SEED_RECALL.format(item="AND item_id = %s" if the_item else "")
    rows = graph.run(trace_sql("forward", seed), params)
    # a forward walk only adds batches: the received lots of the answer are the recalled ones
    traced = _forward(rows, [i for i, lot in rows.lots.items() if lot["kind"] == "received"], [], "recall")
    period_end = compared_until(traced, last, margin_days)
    shown, not_affected_total = not_affected(traced, first, period_end)
    query: RecallQuery = {"supplier": the_supplier.ref, "supplier_name": the_supplier.name,
                          "item": the_item.code if the_item else None, "from": first.isoformat(),
                          "to": last.isoformat(), "compared_until": period_end.isoformat()}
    return Recall(**traced, not_affected=shown, not_affected_total=not_affected_total, query=query)


NOT_AFFECTED_SHOWN = 500  # enough to answer "which of my jam batches are safe"; the total is counted


def compared_until(result: Trace, last: dt.date, margin_days: int = 7) -> dt.date:
    """The last day of the period whose batches are compared with a recall's: a margin after the last
    batch that used the recalled lots directly (a rework chain can carry a lot on for months; that is
    no reason to list months of batches as "not affected"), and never before `last`."""
    direct = [b for b in result["batches"] if b.get("depth") == 1]
    return max([last, *(dt.date.fromisoformat(b["date"]) for b in direct)]) + dt.timedelta(days=margin_days)


def not_affected(result: Trace, first: dt.date, until: dt.date) -> tuple[list[TraceLot], int]:
    """Batches of the products a forward trace reached first (the batches made directly with its
    lots, and the batches it started from), at the same sites, made from `first` to `until`, that
    the trace does not hold: the first NOT_AFFECTED_SHOWN of them, and how many there are.

    A recall starts from received lots, so its products are those made with them; a case opened on
    a jam batch also compares the other jam batches of the period ("this batch, not those")."""
    affected = {b["code"] for b in result["batches"]}
    direct = [b for b in result["batches"] if b.get("depth") in (0, 1)]
    products, sites = sorted({b["item"] for b in direct}), sorted({b["site"] for b in direct})
    if not products:
        return [], 0
    sql = PRODUCT_BATCHES.format(products=marks(len(products)), sites=marks(len(sites)))
    with connection.cursor() as cur:
        cur.execute(sql, [*products, *sites, first, until])
        ids = [lot_id for lot_id, code in cur.fetchall() if code not in affected]
    shown_ids = ids[:NOT_AFFECTED_SHOWN]
    info = graph.run(LOT_DETAILS.format(marks=marks(len(shown_ids))), shown_ids).lots if shown_ids else {}
    shown = sorted(info.values(), key=lambda lot: (lot["item"], lot["date"], lot["code"]))
    return shown, len(ids)

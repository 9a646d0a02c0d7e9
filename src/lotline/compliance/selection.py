"""What an FSMA 204 request asks for, as the SQL that picks its rows.

Three ways to ask, as FDA does: foods and a date range (without foods: every item on the Food
Traceability List and the products that contain one); a set of traceability lot codes; or
everything connected to one lot by a trace, both ways. Each becomes a `WITH` clause naming the
items or lots chosen, and one condition per sheet; rows.py streams each sheet with them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from lotline.catalog.queries import find_item
from lotline.errors import ErrorCode, LotlineError
from lotline.lots.queries import find_lots, lookup

from .coverage import listed_items


@dataclass(frozen=True)
class Request:
    """An FSMA 204 request: a date range (with items, or the listed foods), lot codes, or a trace."""

    first: dt.date | None = None
    last: dt.date | None = None
    items: tuple[str, ...] = ()
    lots: tuple[str, ...] = ()
    trace: str = ""

    @property
    def kind(self) -> str:
        return "trace" if self.trace else "lots" if self.lots else "dates"

    def said(self) -> str:
        """The request in words, as the log and the explanation sheet say it."""
        if self.trace:
            return f"everything connected to {self.trace} by a trace, both ways"
        if self.lots:
            return f"traceability lot codes {', '.join(self.lots)}"
        foods = f"items {', '.join(self.items)}" if self.items else "the foods on the Food Traceability List"
        return f"{foods}, {self.first} to {self.last}"


@dataclass(frozen=True)
class Chosen:
    """A request as SQL: a WITH clause and its parameters, and the condition of each sheet."""

    request: Request
    with_sql: str
    params: list[Any]
    receiving: str  # on lot l
    transformation: str  # on lot b (the batch made)
    shipping: str  # on shipment s and its lot l
    window: list[dt.date] = field(default_factory=list)  # each sheet's condition's parameters (a date range)
    items: list[str] = field(default_factory=list)  # the item codes of a date-range request


def _marks(n: int) -> str:
    return ", ".join(["%s"] * n)


def choose(request: Request) -> Chosen:
    """The request checked and written as SQL; an unknown item or lot, or a window that ends before it
    starts, is refused naming the field."""
    asked = [bool(request.first or request.last or request.items), bool(request.lots), bool(request.trace)]
    if sum(asked) != 1:
        raise LotlineError(ErrorCode.MISSING, "ask for one of: a date range (from and to, optionally items), "
                           "lot codes, or a lot to trace", field="from")
    if request.trace:
        return _by_trace(request)
    if request.lots:
        return _by_lots(request)
    return _by_dates(request)


def _by_dates(request: Request) -> Chosen:
    if request.first is None or request.last is None:
        raise LotlineError(ErrorCode.MISSING, "a date range needs both its first day (from) and its last (to)",
                           field="to" if request.first else "from")
    if request.last < request.first:
        raise LotlineError(ErrorCode.IMPOSSIBLE_DATE, f"the range ends ({request.last}) before it starts "
                           f"({request.first})", field="to")
    items = [find_item(code, field="item") for code in request.items] if request.items else listed_items()
    ids = sorted({i.id for i in items}) or [0]
    return Chosen(
        request, f"WITH chosen_item(id) AS (SELECT id FROM item WHERE id IN ({_marks(len(ids))}))", [*ids],
        receiving="l.kind = 'received' AND l.item_id IN (SELECT id FROM chosen_item) AND l.lot_date BETWEEN %s AND %s",
        transformation=("b.kind = 'batch' AND b.lot_date BETWEEN %s AND %s AND (b.item_id IN (SELECT id FROM "
                        "chosen_item) OR EXISTS (SELECT 1 FROM lot_input xi JOIN lot x ON x.id = xi.input_lot_id "
                        "WHERE xi.batch_id = b.id AND x.item_id IN (SELECT id FROM chosen_item)))"),
        shipping="l.item_id IN (SELECT id FROM chosen_item) AND s.shipped_on BETWEEN %s AND %s",
        window=[request.first, request.last], items=sorted(i.code for i in items),
    )


def our_lots(codes: tuple[str, ...] | list[str], name: str) -> list[int]:
    """Our lots for codes as a person gives them: our lot code in any case, else a supplier's lot code
    (a TLC we kept verbatim) or a unit serial; a code that is none of these is refused."""
    found = find_lots(codes)
    ids = []
    for code in codes:
        if code in found:
            ids.append(found[code].id)
            continue
        matches = lookup(code)
        if not matches:
            raise LotlineError(ErrorCode.UNKNOWN_LOT, f"no lot, batch or supplier lot code {code!r}", field=name)
        ids += [lot.id for lot in find_lots([m.code for m in matches]).values()]
    return sorted(set(ids))


def _by_lots(request: Request) -> Chosen:
    ids = our_lots(request.lots, "lot")
    return _of_lots(request, f"WITH chosen(id) AS (SELECT id FROM lot WHERE id IN ({_marks(len(ids))}))", ids,
                    used_in=True)


def _by_trace(request: Request) -> Chosen:
    ids = our_lots([request.trace], "trace")
    seed = f"SELECT id FROM lot WHERE id IN ({_marks(len(ids))})"
    with_sql = f"""WITH RECURSIVE
        back(id) AS ({seed} UNION SELECT li.input_lot_id FROM lot_input li JOIN back w ON li.batch_id = w.id),
        fwd(id) AS ({seed} UNION SELECT li.batch_id FROM lot_input li JOIN fwd w ON li.input_lot_id = w.id),
        chosen(id) AS (SELECT id FROM back UNION SELECT id FROM fwd)"""
    return _of_lots(request, with_sql, [*ids, *ids], used_in=False)


def _of_lots(request: Request, with_sql: str, params: list[Any], *, used_in: bool) -> Chosen:
    """Rows of chosen lots: their receipts, the batches they are (with every input), and their
    shipments; named lots (`used_in`) also bring the batches they went into, a trace has those already
    (and not the other batches its ingredient lots went into: they are not connected to its lot)."""
    batches = "b.id IN (SELECT id FROM chosen)"
    if used_in:
        batches = f"({batches} OR b.id IN (SELECT ci.batch_id FROM lot_input ci WHERE ci.input_lot_id IN " \
                  "(SELECT id FROM chosen)))"
    return Chosen(
        request, with_sql, params,
        receiving="l.kind = 'received' AND l.id IN (SELECT id FROM chosen)",
        transformation=f"b.kind = 'batch' AND {batches}",
        shipping="s.lot_id IN (SELECT id FROM chosen)",
    )

"""Reading lots: balances, and finding lots by any code a person may hold.

One rule finds a lot by our own code (lotline/codes.py): the code as typed, whatever its case.
The database holds no two codes that differ only in case (the lot_code_any_case index), so the
rule finds one lot or none, and it is written once, as SQL: SAME_CODE, used by `find_lot`,
`find_lots`, `lookup` and the trace's start (trace/sql.py). `lookup` adds the codes a person may
hold that are not ours (a supplier's lot code, a unit serial); `lookup_one` says which one lot a
code means, or that it is ambiguous. `lot_details` is everything about one lot.

The answers are typed here once (Match, LotDetails): the pages, the CLI and the API read them, and
the API's schemas are derived from them (api/answers.py). A text in a field's Annotated is its
description; a choices class, the values it takes.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Collection, Iterable
from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Annotated, Any, TypedDict, TypeVar

from django.db import connection
from django.db.models import Case, Q, QuerySet, TextField, Value, When
from django.db.models.functions import Upper

from lotline.errors import ErrorCode, LotlineError
from lotline.ledger.models import Event

from .balance import ON_HAND_SQL
from .models import Discard, Hold, Lot, LotInput, LotKind, LotStatus, Shipment
from .payloads import decimal
from .projections import supplier_lot_key

# Our code as typed, whatever its case; walks the unique index lot_code_any_case (UPPER(code)).
# In SQL on both sides, so the database that keeps codes unique decides what "the same" is.
SAME_CODE = "UPPER(l.code) = UPPER(%s)"
SHOWN = 8  # candidates named when a code is ambiguous


FIND_CHUNK = 500  # codes a statement of find_lots and lot_keys
T = TypeVar("T")


def _same_code(lots: QuerySet[Lot], codes: Iterable[str]) -> QuerySet[Lot]:
    """SAME_CODE through the ORM: UPPER("lot"."code") IN (UPPER(%s), ...), one term per code (the index on
    UPPER(code) answers each)."""
    wanted = [Upper(Value(code)) for code in codes]
    return lots.annotate(code_key=Upper("code")).filter(code_key__in=wanted) if wanted else lots.none()


def find_lot(code: str, *, field: str = "code") -> Lot:
    """Our lot or batch with this code, typed in any case (with its item, site and supplier)."""
    text = code.strip()
    lot = _same_code(Lot.objects.select_related("item", "site", "supplier"), [text]).first() if text else None
    if lot is None:
        raise LotlineError(ErrorCode.UNKNOWN_LOT, f"unknown lot {code!r}: no lot or batch has that code", field=field)
    return lot


def code_taken(code: str) -> bool:
    """Whether a lot already has this code, in any case."""
    return _same_code(Lot.objects.all(), [code]).exists()


def _asked(codes: Iterable[str]) -> tuple[dict[str, str], list[list[str]]]:
    """Each code asked for -> its text, and the texts in parts of FIND_CHUNK: SQLite refuses an expression of
    more than 1,000 terms, and a comparison reads 10,000 batches."""
    asked = {code: code.strip() for code in codes}
    wanted = sorted(set(asked.values()) - {""})
    return asked, [wanted[start:start + FIND_CHUNK] for start in range(0, len(wanted), FIND_CHUNK)]


def _picked(asked: dict[str, str], found: dict[str, T]) -> dict[str, T]:
    """Which of the lots found (by code as recorded) is each code's: the one written so, else the one in
    another case (our codes are ASCII, where Python's upper() and the database's agree)."""
    folded: dict[str, T] = {}
    for code, row in found.items():
        folded.setdefault(code.upper(), row)
    picked = {code: found.get(text) or folded.get(text.upper()) for code, text in asked.items()}
    return {code: row for code, row in picked.items() if row is not None}


def lot_keys(codes: Iterable[str]) -> dict[str, tuple[int, str]]:
    """Each code asked for (as typed, in any case) -> (its lot's id, its code as recorded); unknown codes are
    left out. Plain SQL, for the queries that read other tables by lot: the ORM takes longer to write 500
    terms than the database takes to answer them."""
    asked, parts = _asked(codes)
    found: dict[str, tuple[int, str]] = {}
    with connection.cursor() as cur:
        for part in parts:
            cur.execute(f"SELECT id, code FROM lot WHERE UPPER(code) IN ({', '.join(['UPPER(%s)'] * len(part))})",
                        part)
            found.update({code: (pk, code) for pk, code in cur.fetchall()})
    return _picked(asked, found)


def find_lots(codes: Iterable[str]) -> dict[str, Lot]:
    """Each code asked for (as typed, in any case) -> its lot, with its site and item, one query per
    FIND_CHUNK codes; unknown codes are left out."""
    asked, parts = _asked(codes)
    found = {lot.code: lot for part in parts
             for lot in _same_code(Lot.objects.select_related("site", "item"), part)}
    return _picked(asked, found)


SERIAL_RE = re.compile(r"^(?P<batch>.+)-(?P<unit>\d{1,6})$")


def on_hand(codes: list[str]) -> dict[str, Decimal]:
    """Units on hand per lot code (made - discarded - shipped - consumed), in each lot's unit."""
    if not codes:
        return {}
    marks = ", ".join(["%s"] * len(codes))
    with connection.cursor() as cur:
        cur.execute(f"SELECT l.code, {ON_HAND_SQL} FROM lot l WHERE l.code IN ({marks})", codes)
        return {code: decimal(qty) for code, qty in cur.fetchall()}


@dataclass(frozen=True)
class Match:
    """One lot a code can mean: `via` says how it matched (lot code, supplier lot, unit serial)."""

    via: Annotated[str, "How the code matched: lot code, supplier lot code or unit serial"]
    code: Annotated[str, "Our lot code or batch number"]
    kind: Annotated[str, LotKind]
    item: str
    item_name: str
    lot_date: str
    supplier: str = ""
    supplier_lot: str = ""
    unit_number: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


LOOKUP_SQL = """SELECT l.code, l.kind, i.code, i.name, l.lot_date, COALESCE(p.name, ''), l.supplier_lot, l.quantity
    FROM lot l JOIN item i ON i.id = l.item_id LEFT JOIN supplier p ON p.id = l.supplier_id"""


def lookup(text: str) -> list[Match]:
    """Every lot a code may mean: our lot or batch code, a supplier's lot code, a unit serial, or any
    code scanned from our labels (a GS1 Digital Link URI, a GS1 element string, bracketed or raw).

    A supplier's lot code is not unique (two suppliers may use the same), so all matches are listed.
    """
    code = text.strip()
    if not code:
        return []
    from lotline.labels.gs1 import scanned  # a label's scanned code names a lot (and a unit): read it as that

    if label := scanned(text):
        code = f"{label.lot}-{label.serial}" if label.serial else label.lot
    with connection.cursor() as cur:
        cur.execute(f"{LOOKUP_SQL} WHERE {SAME_CODE}", [code])
        found = [_match("lot code", r) for r in cur.fetchall()]
        cur.execute(f"{LOOKUP_SQL} WHERE l.supplier_lot_key = %s ORDER BY l.lot_date, l.code",
                    [supplier_lot_key(code)])
        found += [_match("supplier lot code", r) for r in cur.fetchall()]
        serial = SERIAL_RE.match(code)
        if not found and serial:
            cur.execute(f"{LOOKUP_SQL} WHERE l.kind = 'batch' AND {SAME_CODE}", [serial["batch"]])
            unit = int(serial["unit"])
            found += [_match("unit serial", r, unit) for r in cur.fetchall() if 1 <= unit <= decimal(r[7])]
    if label and label.gtin:  # a GS1 code names its product too: another product's lot of that code is not it
        ours = set(Lot.objects.filter(code__in=[m.code for m in found], item__gtin=label.gtin)
                   .values_list("code", flat=True))
        found = [m for m in found if m.code in ours]
    return found


def lookup_one(text: str, *, field: str = "code") -> Match | None:
    """The one lot a code a person holds means, or None when it means none. Our own code wins (it
    is unique); a supplier's lot code used by several lots is refused as ambiguous, naming them."""
    matches = lookup(text)
    ours = [m for m in matches if m.via == "lot code"]
    if ours or len({m.code for m in matches}) <= 1:
        return (ours or matches)[0] if matches else None
    listed = ", ".join(f"{m.code} ({m.item_name}, {m.supplier or m.via})" for m in matches[:SHOWN])
    more = f" and {len(matches) - SHOWN} more" if len(matches) > SHOWN else ""
    raise LotlineError(ErrorCode.AMBIGUOUS_LOT, f"{text.strip()!r} could mean {listed}{more}; give our lot code",
                       field=field)


def _match(via: str, row: tuple, unit: int | None = None) -> Match:
    code, kind, item, item_name, lot_date, supplier, supplier_lot, _qty = row
    return Match(via, code, kind, item, item_name, str(lot_date), supplier, supplier_lot, unit)


# --- everything about one lot (its page, `lotline lot`, GET /api/lots/CODE) ---------------------
#
# A fixed number of queries whatever the lot's history: one per table, each on its own index. Long
# lists (a sugar lot used in thousands of batches) stop at DETAILS_SHOWN rows and say how many there are.

DETAILS_SHOWN = 200  # rows per list on a lot page; the total is counted


class SupplierOfLot(TypedDict):
    ref: str
    name: str
    contact: str


class WentIn(TypedDict):
    """A lot that went into this batch."""

    lot: str
    kind: Annotated[str, LotKind]
    item: str
    item_name: str
    supplier: str
    supplier_lot: str
    quantity: Decimal
    unit: str
    quantity_in_lot_unit: Decimal
    lot_unit: str


class UsedIn(TypedDict):
    """A batch this lot went into."""

    batch: str
    item: str
    item_name: str
    date: str
    quantity: Annotated[Decimal, "In the lot's unit"]
    unit: str
    status: Annotated[str, LotStatus]


class ShippedTo(TypedDict):
    ref: str
    customer: str
    customer_name: str
    contact: str
    shipped_on: str
    quantity: Decimal
    unit: str
    reference_doc: str


class DiscardedLater(TypedDict):
    quantity: Decimal
    unit: str
    on: str
    reason: str


class HoldOfLot(TypedDict):
    reason: str
    placed_on: str
    placed_seq: int
    released_on: str | None
    released_seq: int | None
    open: bool


class ConfirmedWarning(TypedDict):
    """A warning a person confirmed, as the event keeps it (`where`: the row it named, as text)."""

    code: str
    message: str
    where: str


class LotEvent(TypedDict):
    seq: int
    kind: str
    recorded_at: dt.datetime
    actor: str
    site: str
    hash: str
    prev_hash: str
    confirmed: Annotated[list[ConfirmedWarning],
                         "Warnings the actor confirmed to record it (expired_input, no_inputs, near_twin)"]


class LotDetails(TypedDict):
    """Everything about one lot: what went in, where it went, units on hand, holds, and the events
    that recorded it (with their hashes)."""

    code: str
    kind: Annotated[str, LotKind]
    status: Annotated[str, LotStatus]
    item: str
    item_name: str
    item_kind: str
    allergens: list[str]
    site: str
    site_name: str
    date: str
    quantity: Decimal
    quantity_discarded: Decimal
    unit: str
    on_hand: Decimal
    best_by: str | None
    reference_doc_type: str
    reference_doc: str
    made_by: str
    equipment: str
    supplier: SupplierOfLot | None
    supplier_lot: str
    tlc_source: Annotated[str, "FSMA 204 TLC source reference recorded on receipt (blank: the supplier)"]
    inputs: list[WentIn]
    used_in: list[UsedIn]
    used_in_total: int
    shipments: list[ShippedTo]
    shipments_total: int
    discards: list[DiscardedLater]
    holds: list[HoldOfLot]
    events: list[LotEvent]


def _capped(qs: Any) -> tuple[list[Any], int]:
    rows = list(qs[:DETAILS_SHOWN + 1])
    if len(rows) <= DETAILS_SHOWN:
        return rows, len(rows)
    return rows[:DETAILS_SHOWN], qs.count()


def lot_details(code: str) -> LotDetails:
    """One lot with its inputs (`inputs`), the batches that used it (`used_in`), its shipments,
    discards and holds, units on hand, and its event history (hashes included, payloads not)."""
    lot = find_lot(code)
    inputs = list(LotInput.objects.filter(batch=lot).select_related("input_lot__item", "input_lot__supplier")
                  .order_by("input_lot__code", "id"))
    uses, uses_total = _capped(LotInput.objects.filter(input_lot=lot).select_related("batch__item")
                               .order_by("batch__lot_date", "batch__code", "id"))
    shipments, shipments_total = _capped(Shipment.objects.filter(lot=lot).select_related("customer")
                                         .order_by("shipped_on", "ref"))
    discards = list(Discard.objects.filter(lot=lot).order_by("discarded_on", "id"))
    holds = list(Hold.objects.filter(lot=lot).order_by("placed_seq"))
    seqs = {lot.event_seq, *(i.event_seq for i in inputs), *(u.event_seq for u in uses),
            *(s.event_seq for s in shipments), *(d.event_seq for d in discards),
            *(h.placed_seq for h in holds), *(h.released_seq for h in holds if h.released_seq)}
    supplier = lot.supplier
    return LotDetails(
        code=lot.code, kind=lot.kind, status=lot.status, item=lot.item.code, item_name=lot.item.name,
        item_kind=lot.item.kind, allergens=[a for a in lot.item.allergens.split(";") if a], site=lot.site.code,
        site_name=lot.site.name, date=lot.lot_date.isoformat(), quantity=decimal(lot.quantity),
        quantity_discarded=decimal(lot.quantity_discarded), unit=lot.unit,
        on_hand=on_hand([lot.code]).get(lot.code, Decimal(0)),
        best_by=lot.best_by.isoformat() if lot.best_by else None,
        reference_doc_type=lot.reference_doc_type, reference_doc=lot.reference_doc, made_by=lot.made_by,
        equipment=lot.equipment,
        supplier=SupplierOfLot(ref=supplier.ref, name=supplier.name, contact=supplier.contact) if supplier else None,
        supplier_lot=lot.supplier_lot, tlc_source=lot.tlc_source,
        inputs=[_went_in(i) for i in inputs],
        used_in=[UsedIn(batch=u.batch.code, item=u.batch.item.code, item_name=u.batch.item.name,
                        date=u.batch.lot_date.isoformat(), quantity=decimal(u.quantity_in_lot_unit), unit=lot.unit,
                        status=u.batch.status) for u in uses],
        used_in_total=uses_total,
        shipments=[ShippedTo(ref=s.ref, customer=s.customer.ref, customer_name=s.customer.name,
                             contact=s.customer.contact, shipped_on=s.shipped_on.isoformat(),
                             quantity=decimal(s.quantity), unit=lot.unit, reference_doc=s.reference_doc)
                   for s in shipments],
        shipments_total=shipments_total,
        discards=[DiscardedLater(quantity=decimal(d.quantity), unit=lot.unit, on=d.discarded_on.isoformat(),
                                 reason=d.reason) for d in discards],
        holds=[HoldOfLot(reason=h.reason, placed_on=h.placed_on.isoformat(), placed_seq=h.placed_seq,
                         released_on=h.released_on.isoformat() if h.released_on else None,
                         released_seq=h.released_seq, open=h.released_seq is None) for h in holds],
        events=history(lot.code, seqs, about={u.batch.code for u in uses}),
    )


def _went_in(link: LotInput) -> WentIn:
    source = link.input_lot
    return WentIn(lot=source.code, kind=source.kind, item=source.item.code, item_name=source.item.name,
                  supplier=source.supplier.name if source.supplier else "", supplier_lot=source.supplier_lot,
                  quantity=decimal(link.quantity), unit=link.unit,
                  quantity_in_lot_unit=decimal(link.quantity_in_lot_unit), lot_unit=source.unit)


def history(code: str, seqs: set[int], *, about: Collection[str] = ()) -> list[LotEvent]:
    """The events about a lot: those naming it as their subject (holds, corrections, voids) and
    those that wrote its rows (an import's event covers many lots and names none), each with the
    warnings a person confirmed to record it (`confirmed`: an expired lot used, nothing traceable
    in, the same record twice). Payloads are read only of the events a form or command recorded
    about this lot or the batches in `about` (their subject is the code; a market day's is ""):
    an import's event names its file and can hold thousands of rows (it lists its warnings instead)."""
    mine = Case(When(subject__in=[code, "", *about], then="payload"), default=Value(""), output_field=TextField())
    rows = (Event.objects.filter(Q(subject=code) | Q(seq__in=sorted(seqs))).order_by("seq")
            .annotate(mine=mine)
            .values_list("seq", "kind", "recorded_at", "actor", "site", "hash", "prev_hash", "mine"))
    return [LotEvent(seq=seq, kind=kind, recorded_at=at, actor=actor, site=site, hash=digest, prev_hash=prev,
                     confirmed=_confirmed(payload, code))
            for seq, kind, at, actor, site, digest, prev, payload in rows]


def _confirmed(payload: str, code: str) -> list[ConfirmedWarning]:
    """The confirmed warnings of an event, as stored; of a shipment of many lots, those about this one."""
    if '"confirmed"' not in payload:
        return []
    confirmed: list[ConfirmedWarning] = json.loads(payload)["confirmed"]
    return [c for c in confirmed if not c["where"] or code in c["message"]] or confirmed

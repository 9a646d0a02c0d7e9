"""Reading lots: balances, and finding lots by any code a person may hold.

One rule finds a lot by our own code (lotline/codes.py): the code as typed, whatever its case.
The database holds no two codes that differ only in case (the lot_code_any_case index), so the
rule finds one lot or none, and it is written once, as SQL: SAME_CODE, used by `find_lot`,
`find_lots`, `lookup` and the trace's start (trace/sql.py). `lookup` adds the codes a person may
hold that are not ours (a supplier's lot code, a unit serial); `lookup_one` says which one lot a
code means, or that it is ambiguous.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.db.models import Q, QuerySet, Value
from django.db.models.functions import Upper

from lotline.errors import Invalid, NotFound

from .balance import ON_HAND_SQL
from .models import Lot
from .payloads import decimal
from .projections import supplier_lot_key

# Our code as typed, whatever its case; walks the unique index lot_code_any_case (UPPER(code)).
# In SQL on both sides, so the database that keeps codes unique decides what "the same" is.
SAME_CODE = "UPPER(l.code) = UPPER(%s)"
SHOWN = 8  # candidates named when a code is ambiguous


def _same_code(lots: QuerySet[Lot], codes: Iterable[str]) -> QuerySet[Lot]:
    """SAME_CODE through the ORM: UPPER("lot"."code") = UPPER(%s), for each code."""
    wanted = Q()
    for code in codes:
        wanted |= Q(code_key=Upper(Value(code)))
    return lots.annotate(code_key=Upper("code")).filter(wanted) if wanted else lots.none()


def find_lot(code: str, *, field: str = "code") -> Lot:
    """Our lot or batch with this code, typed in any case (with its item, site and supplier)."""
    text = code.strip()
    lot = _same_code(Lot.objects.select_related("item", "site", "supplier"), [text]).first() if text else None
    if lot is None:
        raise NotFound("unknown_lot", f"unknown lot {code!r}: no lot or batch has that code", field=field)
    return lot


def code_taken(code: str) -> bool:
    """Whether a lot already has this code, in any case."""
    return _same_code(Lot.objects.all(), [code]).exists()


def find_lots(codes: Iterable[str]) -> dict[str, Lot]:
    """Each code asked for (as typed, in any case) -> its lot, in one query; unknown codes are left out."""
    asked = {code: code.strip() for code in codes}
    lots = list(_same_code(Lot.objects.select_related("site"), set(asked.values()) - {""}))
    found = {}
    for code, text in asked.items():
        # which of the lots found is this code's: the one written so, else the one in another case
        # (our codes are ASCII, where Python's upper() and the database's agree)
        same = [lot for lot in lots if lot.code == text] or [lot for lot in lots if lot.code.upper() == text.upper()]
        if same:
            found[code] = same[0]
    return found

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

    via: str
    code: str
    kind: str
    item: str
    item_name: str
    lot_date: str
    supplier: str = ""
    supplier_lot: str = ""
    unit_number: int | None = None

    def as_dict(self) -> dict:
        return self.__dict__.copy()


LOOKUP_SQL = """SELECT l.code, l.kind, i.code, i.name, l.lot_date, COALESCE(p.name, ''), l.supplier_lot, l.quantity
    FROM lot l JOIN item i ON i.id = l.item_id LEFT JOIN supplier p ON p.id = l.supplier_id"""


def lookup(text: str) -> list[Match]:
    """Every lot a code may mean: our lot or batch code, a supplier's lot code, a unit serial.

    A supplier's lot code is not unique (two suppliers may use the same), so all matches are listed.
    """
    code = text.strip()
    if not code:
        return []
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
    raise Invalid("ambiguous_lot", f"{text.strip()!r} could mean {listed}{more}; give our lot code", field=field)


def _match(via: str, row: tuple, unit: int | None = None) -> Match:
    code, kind, item, item_name, lot_date, supplier, supplier_lot, _qty = row
    return Match(via, code, kind, item, item_name, str(lot_date), supplier, supplier_lot, unit)

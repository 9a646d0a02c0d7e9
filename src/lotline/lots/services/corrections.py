"""Discards and corrections: new events that change the picture, never edits of old ones."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Max, Min

from lotline.accounts.rights import Right, require
from lotline.catalog.units import canonical_unit, convert
from lotline.codes import supplier_lot_problem
from lotline.days import best_by_problem, today
from lotline.errors import ErrorCode, LotlineError, Problem
from lotline.ledger.kinds import EventKind
from lotline.ledger.log import record, writing
from lotline.lots.balance import EPSILON
from lotline.lots.lengths import too_long_for
from lotline.lots.models import Lot, LotInput, LotKind, Shipment
from lotline.lots.payloads import table
from lotline.lots.projections import CORRECTABLE
from lotline.lots.queries import on_hand
from lotline.quantities import exact, said

from .common import Recorded, check_day, check_quantity, lot_to_change, reason_given, settle
from .twins import discard_twins


def _reason(reason: str) -> str:
    return reason_given(reason)


@dataclass(frozen=True)
class Discarded(Recorded):
    """Units thrown away, as recorded: in the lot's unit, and what the lot has left."""

    item_name: str
    lot_date: dt.date
    quantity: Decimal
    unit: str
    discarded_on: dt.date
    reason: str
    on_hand: Decimal
    confirmed: tuple[Problem, ...] = ()


def discard_units(code: str, quantity: Decimal, *, reason: str, unit: str = "", on: dt.date | None = None,
                  confirmed: Collection[str] = frozenset(), actor: str) -> Discarded:
    """Throw away units of a lot (spoiled, dropped, failed a check); they leave the balance.
    on None: the business's today. The same discard by the same person minutes ago is a warning
    to confirm (near_twin)."""
    reason = _reason(reason)
    check_quantity(quantity)
    day = check_day(on or today(), "on")
    with writing():
        lot = lot_to_change(actor, code)
        the_unit = canonical_unit(unit) if unit else lot.unit
        if the_unit is None:
            raise LotlineError(ErrorCode.UNKNOWN_UNIT, f"unknown unit {unit!r}", field="unit")
        qty = convert(quantity, the_unit, lot.unit)
        if qty is None:
            raise LotlineError(ErrorCode.UNIT_MISMATCH, f"{the_unit} does not convert to {lot.unit}", field="unit")
        if qty <= 0:
            raise LotlineError(ErrorCode.NOT_POSITIVE,
                               f"{said(quantity, the_unit)} is less than the smallest quantity of "
                               f"{lot.unit} the ledger keeps", field="quantity")
        left = on_hand([lot.code])[lot.code]
        if qty > left + Decimal(str(EPSILON)):
            raise LotlineError(ErrorCode.MORE_THAN_ON_HAND, f"lot {lot.code} has {said(left, lot.unit)} on hand, not "
                               f"{said(qty, lot.unit)}", field="quantity")
        warnings = discard_twins(lot, qty, actor)
        extra = settle(warnings, confirmed)
        payload = {"discards": table(["lot", "quantity", "discarded_on", "reason"],
                                     [[lot.code, qty, day.isoformat(), reason]])} | extra
        event = record(EventKind.UNITS_DISCARDED, payload, actor=actor, site=lot.site.code, subject=lot.code)
    return Discarded(lot.code, event.seq, lot.item.name, lot.lot_date, qty, lot.unit, day, reason,
                     left - qty, tuple(warnings))


QUANTITIES, DATES = {"quantity", "quantity_discarded"}, {"lot_date", "best_by"}


def _typed(changes: dict[str, Any]) -> dict[str, Any]:
    """The corrections as values: quantities as Decimal, dates as date; bad ones refused by name."""
    unknown = sorted(set(changes) - set(CORRECTABLE))
    if unknown:
        raise LotlineError(ErrorCode.NOT_CORRECTABLE, f"cannot correct {', '.join(unknown)}; correctable: "
                           f"{', '.join(CORRECTABLE)}", field=unknown[0])
    typed: dict[str, Any] = {}
    for key, value in changes.items():
        try:
            if key in QUANTITIES:
                typed[key] = check_quantity(Decimal(str(value)), key, zero_ok=key == "quantity_discarded")
            elif key in DATES:
                typed[key] = None if value in (None, "") else dt.date.fromisoformat(str(value))
            else:
                typed[key] = "" if value is None else str(value).strip()
                if why := too_long_for(key, typed[key]):
                    raise LotlineError(ErrorCode.TOO_LONG, why, field=key)
        except (ArithmeticError, ValueError):
            if key in QUANTITIES:
                raise LotlineError(ErrorCode.NOT_A_NUMBER, f"{value!r} is not a number", field=key) from None
            raise LotlineError(ErrorCode.NOT_A_DATE, f"{value!r} is not a date (YYYY-MM-DD)", field=key) from None
    if problem := supplier_lot_problem(typed.get("supplier_lot", "")):
        raise LotlineError(*problem, field="supplier_lot")
    if typed.get("lot_date", True) is None:
        raise LotlineError(ErrorCode.MISSING, "a lot keeps its date; give the right one", field="lot_date")
    if typed.get("lot_date"):
        check_day(typed["lot_date"], "lot_date")
    if typed.get("best_by") and (found := best_by_problem(typed["best_by"])):
        raise LotlineError(*found, field="best_by")
    return typed


def _check_correction(lot: Lot, changes: dict[str, Any]) -> None:
    quantity = changes.get("quantity", lot.quantity)
    discarded = changes.get("quantity_discarded", lot.quantity_discarded)
    if quantity <= 0 or discarded < 0 or discarded > quantity:
        raise LotlineError(ErrorCode.NOT_POSITIVE, f"{quantity} made with {discarded} discarded is not possible",
                           field="quantity")
    left = on_hand([lot.code])[lot.code] + (quantity - lot.quantity) - (discarded - lot.quantity_discarded)
    if left < -Decimal(str(EPSILON)):
        raise LotlineError(ErrorCode.MORE_THAN_ON_HAND, f"lot {lot.code} has already used or shipped more than that",
                           field="quantity")
    if "lot_date" in changes:
        _check_date(lot, changes["lot_date"])


def _check_date(lot: Lot, day: dt.date) -> None:
    """A lot's date stays after what went into it and before what it went into."""
    first_use = min(filter(None, [
        LotInput.objects.filter(input_lot=lot).aggregate(d=Min("batch__lot_date"))["d"],
        Shipment.objects.filter(lot=lot).aggregate(d=Min("shipped_on"))["d"],
    ]), default=None)
    last_input = LotInput.objects.filter(batch=lot).aggregate(d=Max("input_lot__lot_date"))["d"]
    if (first_use and day > first_use) or (last_input and day < last_input):
        raise LotlineError(ErrorCode.IMPOSSIBLE_DATE,
                           f"{day} does not fit between what went into {lot.code} and where it "
                           "went", field="lot_date")


def _stored(key: str, value: Any) -> str | None:
    """A corrected value as the payload keeps it: dates ISO, numbers as written; a cleared best-by
    date is null, a cleared text is empty."""
    if value is None or value == "":
        return None if key == "best_by" else ""
    if isinstance(value, Decimal):
        return exact(value)
    return value.isoformat() if isinstance(value, dt.date) else str(value)


@dataclass(frozen=True)
class FieldChange:
    """One field of a lot as it was and as corrected (a date, a Decimal, a text; None: no best-by)."""

    field: str
    was: Any
    now: Any


@dataclass(frozen=True)
class Corrected(Recorded):
    """A correction as recorded: each field changed, and why."""

    reason: str
    changes: tuple[FieldChange, ...]


@dataclass(frozen=True)
class VoidedShipment(Recorded):
    """A shipment taken back (`code` is its ref): the lot its units return to, and why."""

    lot: str
    reason: str


def correct_lot(code: str, changes: dict[str, Any], *, reason: str, actor: str) -> Corrected:
    """Correct fields of a lot recorded wrongly (quantity, date, supplier lot code...)."""
    reason = _reason(reason)
    with writing():
        lot = lot_to_change(actor, code)
        changes = _typed(changes)
        _check_correction(lot, changes)
        if lot.kind == LotKind.RECEIVED and "quantity_discarded" in changes:
            raise LotlineError(ErrorCode.NOT_CORRECTABLE, "a received lot has no discarded-at-production quantity; "
                               "use `lotline discard`", field="quantity_discarded")
        payload = {"lot": lot.code, "changes": {k: _stored(k, v) for k, v in changes.items()}, "reason": reason}
        event = record(EventKind.LOT_CORRECTED, payload, actor=actor, site=lot.site.code, subject=lot.code)
    return Corrected(lot.code, event.seq, reason,
                     tuple(FieldChange(name, getattr(lot, name), now) for name, now in changes.items()))


def void_shipment(ref: str, *, reason: str, actor: str) -> VoidedShipment:
    """Take back a shipment recorded by mistake (the log keeps both the shipment and the void)."""
    reason = _reason(reason)
    with writing():
        shipment = Shipment.objects.filter(ref=ref).select_related("lot").first()
        if shipment is None:
            raise LotlineError(ErrorCode.UNKNOWN_SHIPMENT, f"unknown shipment {ref!r}", field="ref")
        require(actor, Right.RECORD, site=shipment.lot.site.code)
        event = record(EventKind.SHIPMENT_VOIDED, {"ref": ref, "lot": shipment.lot.code, "reason": reason},
                       actor=actor, subject=shipment.lot.code)
    return VoidedShipment(ref, event.seq, shipment.lot.code, reason)

"""Counting the shelf, units a customer brought back, and units destroyed, for a lot of a case."""

from __future__ import annotations

from collections.abc import Collection
from decimal import Decimal

from django.db.models import Sum

from lotline.catalog.queries import find_customer
from lotline.catalog.units import canonical_unit, convert
from lotline.errors import ErrorCode, LotlineError
from lotline.ledger.log import writing
from lotline.lots.lengths import LENGTHS as LOT_LENGTHS
from lotline.lots.models import Lot
from lotline.lots.services import discard_units
from lotline.lots.services.common import check_quantity, reason_given
from lotline.quantities import said

from ..answers import ActionDone
from ..models import Action, CaseAction
from ..queries import received_by
from .common import case_to_change, lot_in_scope, person_acting, record_action


def in_lot_unit(lot: Lot, quantity: Decimal, unit: str, *, zero_ok: bool = False) -> Decimal:
    """A quantity typed in any unit that converts, in the lot's own unit."""
    check_quantity(quantity, zero_ok=zero_ok)
    the_unit = canonical_unit(unit) if unit else lot.unit
    if the_unit is None:
        raise LotlineError(ErrorCode.UNKNOWN_UNIT, f"unknown unit {unit!r}", field="unit")
    converted = convert(quantity, the_unit, lot.unit)
    if converted is None:
        raise LotlineError(ErrorCode.UNIT_MISMATCH, f"{the_unit} does not convert to {lot.unit}", field="unit")
    if converted <= 0 and not zero_ok:
        raise LotlineError(ErrorCode.NOT_POSITIVE, f"{said(quantity, the_unit)} is less than the smallest quantity "
                           f"of {lot.unit} the ledger keeps", field="quantity")
    return converted


def count_lot(case_id: str, *, lot: str, quantity: Decimal, unit: str = "", actor: str) -> ActionDone:
    """A physical count of a lot of the case (0 for an empty shelf), beside the book in the mass balance;
    the last count of a lot stands. A drill takes counts too."""
    person = person_acting(actor)
    with writing():
        case = case_to_change(case_id, Action.COUNTED)
        the_lot = lot_in_scope(case, lot, person)
        counted = in_lot_unit(the_lot, quantity, unit, zero_ok=True)
        return record_action(case, Action.COUNTED, {"lot": the_lot.code, "quantity": counted, "unit": the_lot.unit},
                             actor=actor, site=the_lot.site.code)


def units_returned(case_id: str, *, lot: str, quantity: Decimal, customer: str, unit: str = "",
                   actor: str) -> ActionDone:
    """Units a customer brought back, up to what they received of the lot (less what they returned
    already). They are kept apart, not put back in stock: destroy them, or count them."""
    person = person_acting(actor)
    with writing():
        case = case_to_change(case_id, Action.UNITS_RETURNED)
        the_lot = lot_in_scope(case, lot, person)
        who = find_customer(customer)
        qty = in_lot_unit(the_lot, quantity, unit)
        got = received_by(case, the_lot.pk, who.pk)
        if not got:
            raise LotlineError(ErrorCode.NOT_IN_CASE, f"{who.name} ({who.ref}) received none of {the_lot.code} in "
                               f"{case.code}", field="customer")
        back = CaseAction.objects.filter(case=case, lot=the_lot, customer=who, action=Action.UNITS_RETURNED) \
            .aggregate(n=Sum("quantity"))["n"] or Decimal(0)
        if qty > got - back:
            raise LotlineError(ErrorCode.MORE_THAN_RECEIVED, f"{who.name} received {said(got, the_lot.unit)} of "
                               f"{the_lot.code} and returned {said(back, the_lot.unit)} already: not "
                               f"{said(qty, the_lot.unit)} more", field="quantity")
        return record_action(case, Action.UNITS_RETURNED, {"lot": the_lot.code, "customer": who.ref, "quantity": qty,
                                                           "unit": the_lot.unit}, actor=actor,
                             site=the_lot.site.code)


def units_destroyed(case_id: str, *, lot: str, quantity: Decimal, unit: str = "", reason: str = "",
                    confirmed: Collection[str] = frozenset(), actor: str) -> ActionDone:
    """Units of a lot on hand destroyed: a discard through the lot verbs (units.discarded, so they leave
    the book) and the case's event, in one transaction."""
    person = person_acting(actor)
    why = reason_given(reason) if reason.strip() else ""
    with writing():
        case = case_to_change(case_id, Action.UNITS_DESTROYED)
        the_lot = lot_in_scope(case, lot, person)
        why = why or f"destroyed in recall {case.code}"[:LOT_LENGTHS["reason"]]
        gone = discard_units(the_lot.code, quantity, unit=unit, reason=why, confirmed=confirmed, actor=actor)
        return record_action(case, Action.UNITS_DESTROYED, {
            "lot": the_lot.code, "quantity": gone.quantity, "unit": gone.unit, "reason": why,
            "discard_event": gone.event_seq}, actor=actor, site=the_lot.site.code)

"""Reading what a person types on the command line into the lot verbs' plain arguments."""

from __future__ import annotations

import re
from decimal import Decimal

from lotline.errors import ErrorCode, LotlineError
from lotline.lots.queries import lookup_one
from lotline.lots.services import InputLine
from lotline.quantities import QuantityError, read

AMOUNT_RE = re.compile(r"^\s*(?P<qty>[^A-Za-z\s]+)\s*(?P<unit>[A-Za-z][A-Za-z .]*)?\s*$")
USE_EXAMPLE = "write LOT:QUANTITY, e.g. STRAW-20260302-A:8 or SUGAR-20260215-A:4kg"


def resolve_lot(text: str, *, field: str = "lot") -> str:
    """Our lot code for any code a person holds: a lot or batch code in any case, a supplier's lot
    code (PKT-99281) or a unit serial (lots.queries.lookup_one; ambiguous codes are refused).
    Unknown codes are passed on for the verb to refuse."""
    match = lookup_one(text, field=field)
    return match.code if match else text.strip()


def parse_amount(text: str, *, field: str) -> tuple[Decimal, str]:
    """'4kg', '4 kg', '0.5' -> (quantity, unit); unit '' means the lot's own unit. The number is
    read as every way in reads it (lotline.quantities)."""
    m = AMOUNT_RE.match(text)
    if not m:
        raise LotlineError(ErrorCode.NOT_A_NUMBER, f"{text!r} is not a quantity like 8, 4kg or 250 g", field=field)
    try:
        quantity = read(m["qty"])
    except QuantityError as exc:
        raise LotlineError(exc.code, f"{text!r}: {exc.message}", field=field) from None
    return quantity, " ".join((m["unit"] or "").split())


def parse_use(text: str) -> InputLine:
    """--use STRAW-20260302-A:8 or --use SUGAR-20260215-A:4kg -> an input line."""
    code, sep, amount = text.rpartition(":")
    if not sep or not code.strip() or not amount.strip():
        raise LotlineError(ErrorCode.BAD_INPUT, f"{text!r}: {USE_EXAMPLE}", field="use")
    qty, unit = parse_amount(amount, field="use")
    return InputLine(resolve_lot(code, field="use"), qty, unit)


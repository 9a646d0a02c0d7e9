"""Quantities: one reader for every way a quantity comes in, one way to show it to people.

A form, the API, a command and an import cell all read text with `read`, and the verbs check the
Decimal they are given with `problem`, so "8", "0.25" and "1,5" mean the same everywhere:

- ASCII digits with "." or "," as the decimal point (a phone's keypad may offer only ","); no
  exponent ("1e-400" is not how a person writes a quantity), no other digits (Python's Decimal
  reads Arabic-Indic digits), no thousands separators ("1,500" is refused: 1500 or 1.5?);
- more than zero (zero only where a failed batch allows it);
- at most PLACES decimal places: the ledger keeps 6, and a quantity is refused rather than
  rounded behind the person's back;
- less than MAXIMUM of any unit: converted into the smallest unit of its kind (a gallon is
  3,785 ml) it still fits the ledger's 14 digits before the point.

`shown` writes a quantity as people read it (13.228, not 13.227736 or 1.3E+1): pages, commands
and messages all use it; the API and exports keep the exact value.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache

from lotline.errors import ErrorCode

PLACES = 6
MAXIMUM = Decimal(10) ** 9
SHOWN_PLACES = Decimal("0.001")
STORED_PLACES = Decimal(1).scaleb(-PLACES)

_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+)")
_THOUSANDS = re.compile(r"[+-]?[0-9]{1,3},[0-9]{3}")


class QuantityError(ValueError):
    """A quantity that cannot be taken as written, and its code."""

    def __init__(self, code: ErrorCode, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@lru_cache(maxsize=1 << 16)  # an import spells the same few quantities millions of times
def read(text: str, *, zero_ok: bool = False) -> Decimal:
    """The quantity `text` says, or QuantityError naming what is wrong with it."""
    written = text.strip()
    if not written:
        raise QuantityError(ErrorCode.MISSING, "a quantity is required")
    if not _NUMBER.fullmatch(written):
        raise QuantityError(ErrorCode.NOT_A_NUMBER, f"{text!r} is not a number; write it like 12 or 0.25")
    if _THOUSANDS.fullmatch(written):
        raise QuantityError(ErrorCode.NOT_A_NUMBER, f"{written} is ambiguous: write {written.replace(',', '')} or "
                            f"{written.replace(',', '.')} (no thousands separators)")
    value = Decimal(written.replace(",", "."))
    found = problem(value, zero_ok=zero_ok)
    if found:
        code, message = found
        raise QuantityError(code, message if code == ErrorCode.NOT_POSITIVE else f"{written}: {message}")
    return value


@lru_cache(maxsize=1 << 16)
def problem(value: object, *, zero_ok: bool = False) -> tuple[ErrorCode, str] | None:
    """(code, message) when `value` is not a quantity the ledger takes, else None.

    Any value: a caller that is not type-checked may hand in a float, a bool or text."""
    if not isinstance(value, Decimal):
        if not isinstance(value, int) or isinstance(value, bool):
            return ErrorCode.NOT_A_NUMBER, f"{value!r} is not a number"
        value = Decimal(value)
    if not value.is_finite():
        return ErrorCode.NOT_A_NUMBER, f"{value} is not a number"
    if value < 0 or (value == 0 and not zero_ok):
        return ErrorCode.NOT_POSITIVE, f"a quantity must be more than zero, not {shown(value)}"
    if value >= MAXIMUM:
        return ErrorCode.TOO_LARGE, "a quantity is less than 1000000000 (a billion) of its unit"
    if value != value.quantize(STORED_PLACES):  # exact below a billion: at most 15 digits
        return ErrorCode.TOO_PRECISE, (f"at most {PLACES} decimal places (the ledger keeps {PLACES}); round it as "
                                       "you mean it")
    return None


def shown(value: Decimal | float | int | str) -> str:
    """A quantity as people read it: at most 3 decimals, no trailing zeros, never an exponent
    ("13.228", "40", "0.5"); one too small for 3 decimals keeps the 6 the ledger stores (0.0004)."""
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    except InvalidOperation:
        return str(value)
    if not number.is_finite():
        return str(number)
    try:
        rounded = number.quantize(SHOWN_PLACES, ROUND_HALF_UP)
        if not rounded and number:
            rounded = number.quantize(STORED_PLACES, ROUND_HALF_UP)
    except InvalidOperation:  # more digits than a Decimal holds: no quantity, but say what it was
        rounded = number
    return exact(rounded)


def exact(value: Decimal) -> str:
    """Every digit the value has, as a plain number: 20.000000 -> "20", 0.060000 -> "0.06"."""
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "0") else text


def plain(value: Decimal) -> Decimal:
    """20.000000 -> 20 and 0.500000 -> 0.5, never 2E+1: quantities given back as they are written."""
    number = value.normalize()
    return number.quantize(Decimal(1)) if number == number.to_integral_value() else number


def said(value: Decimal | float | int | str, unit: str) -> str:
    """A quantity with its unit as written on a label or said aloud: "40 units", "1 unit", "0.5 kg"."""
    number = shown(value)
    return f"{number} {'units' if unit == 'unit' and number != '1' else unit}"

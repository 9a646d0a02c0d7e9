"""Reading a process value or a target as written: the quantity reader's rules (ASCII digits, "." or
",", at most 6 places, under a billion), but zero and below are measurements too (-18 °C)."""

from __future__ import annotations

from decimal import Decimal

from lotline.errors import ErrorCode, LotlineError
from lotline.quantities import QuantityError, problem, read


def read_number(value: Decimal | int | str, *, field: str) -> Decimal:
    """The number `value` says, or a LotlineError naming `field` and what is wrong."""
    try:
        if isinstance(value, str):
            written = value.strip()
            negative = written.startswith("-")
            number = read(written[1:] if negative else written, zero_ok=True)
            return -number if negative else number
        if isinstance(value, bool) or not isinstance(value, int | Decimal):
            raise QuantityError(ErrorCode.NOT_A_NUMBER, f"{value!r} is not a number")
        found = problem(abs(Decimal(value)), zero_ok=True)
        if found:
            raise QuantityError(*found)
        return Decimal(value)
    except QuantityError as exc:
        message = "a number is required" if exc.code == ErrorCode.MISSING else exc.message
        raise LotlineError(exc.code, message.replace("a quantity is", "a value is"), field=field) from None

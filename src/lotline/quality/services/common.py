"""What the quality verbs share: texts checked against their lengths, and finding what was tested."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from lotline.errors import ErrorCode, LotlineError
from lotline.lengths import too_long
from lotline.lots.models import Lot
from lotline.lots.queries import find_lot

from ..lengths import LENGTHS
from ..models import Sample

T = TypeVar("T")
VALUE_LIMIT = Decimal(10) ** 15  # under a quadrillion of its unit: counts of CFU fit, 6 places kept exactly


def text(value: str, name: str, *, required: str = "", limit: str = "") -> str:
    """`value` stripped; MISSING (with the words `required`) when required and empty, TOO_LONG past its limit."""
    value = (value or "").strip()
    if required and not value:
        raise LotlineError(ErrorCode.MISSING, required, field=name)
    if why := too_long(value, LENGTHS[limit or name]):
        raise LotlineError(ErrorCode.TOO_LONG, why, field=name)
    return value


def find_sample(code: str, *, field: str = "sample") -> Sample:
    """The sample with this id, in any case."""
    text_ = code.strip()
    sample = (Sample.objects.select_related("lot", "lot__site", "lot__item").filter(code=text_).first()
              or Sample.objects.select_related("lot", "lot__site", "lot__item").filter(code__iexact=text_).first())
    if sample is None:
        raise LotlineError(ErrorCode.UNKNOWN_SAMPLE, f"unknown sample {code!r}: no sample has that id", field=field)
    return sample


def what_was_tested(sample: str, lot: str) -> tuple[Lot, Sample | None]:
    """The lot tested, and its sample when one is named: one of sample or lot; both given must agree."""
    if not sample.strip() and not lot.strip():
        raise LotlineError(ErrorCode.MISSING, "name the sample tested, or the lot when no sample was drawn",
                           field="sample")
    found = find_sample(sample) if sample.strip() else None
    the_lot = find_lot(lot, field="lot") if lot.strip() else None
    if found is not None and the_lot is not None and found.lot_id != the_lot.pk:
        raise LotlineError(ErrorCode.SAMPLE_OF_ANOTHER_LOT, f"sample {found.code} was drawn from lot {found.lot.code}, "
                           f"not {the_lot.code}", field="lot")
    if found is not None:
        return found.lot, found
    assert the_lot is not None
    return the_lot, None


def measured(value: object) -> Decimal | None:
    """A measured value as the ledger keeps it, or None; not_a_number naming `value`. Any value: a
    caller that is not type-checked may hand in a float, a bool or text."""
    if value is None:
        return None
    number = _number(value)
    if number is None:
        raise LotlineError(ErrorCode.NOT_A_NUMBER, f"{value!r} is not a measured value Lotline keeps: a number under "
                           "a quadrillion with at most 6 decimal places", field="value")
    return number


def _number(value: object) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, (Decimal, int, float, str)):
        return None
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
        ok = number.is_finite() and abs(number) < VALUE_LIMIT and number == number.quantize(Decimal("0.000001"))
    except (InvalidOperation, ValueError):
        return None
    return number if ok else None


def each_line(results: Sequence[Any], check: Callable[[Any], T]) -> list[T]:
    """check() on every line; a refusal names its line (result 2) when there are several."""
    done = []
    for n, line in enumerate(results, 1):
        try:
            done.append(check(line))
        except LotlineError as error:
            if len(results) == 1:
                raise
            raise LotlineError(error.code, f"result {n}: {error.message}", field=error.field,
                               problems=[p.at(n, row_label="result") for p in error.problems]) from None
    return done

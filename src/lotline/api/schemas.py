"""Shapes shared by every endpoint: the error body, quantities as written."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Annotated, Any

from ninja import Path, Schema
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError

from lotline.errors import ErrorCode
from lotline.lots.lengths import LENGTHS
from lotline.quantities import PLACES, QuantityError, plain, problem, read


def _quantity(value: object) -> Decimal:
    """A quantity given as a JSON number or string, read as every way in reads it (lotline.quantities);
    a refusal keeps its code (too_precise, not_a_number...). Zero and below pass when otherwise
    sound: the verb refuses them naming the row ("input 2")."""
    try:
        if isinstance(value, str):
            try:
                return plain(read(value, zero_ok=True))
            except QuantityError as exc:
                if exc.code != ErrorCode.NOT_POSITIVE:
                    raise
                number = Decimal(value.strip().replace(",", "."))
        elif isinstance(value, bool) or not isinstance(value, int | float | Decimal):
            raise QuantityError(ErrorCode.NOT_A_NUMBER, "a quantity is a number like 12 or 0.25")
        else:
            number = value if isinstance(value, Decimal) else Decimal(repr(value) if isinstance(value, float)
                                                                      else value)
        found = problem(number, zero_ok=True)
        if found and (found[0] != ErrorCode.NOT_POSITIVE or problem(-number)):
            raise QuantityError(*found)
        return plain(number)
    except QuantityError as exc:
        raise PydanticCustomError(exc.code, exc.message) from None


# A quantity given: a JSON number or string ("0.06"), read exactly (the API parses JSON numbers as
# decimals, never floats: 1e-400 is refused as too precise, not taken as 0)
Quantity = Annotated[Decimal, BeforeValidator(_quantity), Field(
    max_digits=PLACES + 9, decimal_places=PLACES,
    description=f"more than 0, less than 1000000000, at most {PLACES} decimal places; a number or a string")]
# A code in an address: any stored code (older ones may hold '/'). '/' is written ~2F and '~' ~7E, the
# rest %-escaped as usual: lotline/codes.py InUrl, the converter of {text:code}.
CodeInPath = Annotated[str, Path(description="The code as recorded (a lot code in any case). '/' is written ~2F "
                                             "and '~' ~7E (codes recorded before the code rule may hold them); "
                                             "%-escape the rest as usual.")]
# A quantity in an answer as a person writes it: 20 and 0.5, not the stored 20.000000 and 0.500000
Amount = Annotated[Decimal, AfterValidator(plain)]


def text(field: str, default: Any = "", description: str | None = None, *,
         lengths: Mapping[str, int] = LENGTHS) -> Any:
    """A text with its maxLength (`lengths`: an app's limits, by default those of lots, shipments,
    discards and holds). The verb checks the length, so a longer one is the same too_long as on every
    other door."""
    return Field(default, description=description, json_schema_extra={"maxLength": lengths[field]})


class ProblemOut(Schema):
    """One problem and its place: in parts (the import `file`, its `row` or the request's n-th row, the
    `field`) and as text (`where`: "receipts.csv line 12", "input 2")."""

    code: ErrorCode
    message: str
    field: str = ""
    file: str = Field("", description="The import file or sheet; empty for a request")
    row: int | None = Field(None, description="The file's line (the header is line 1), or the request's n-th "
                                              "row (input 2)")
    where: str = ""


class ErrorOut(Schema):
    """Every error: a stable `code`, a message in plain words, the `field` at fault, and the
    problems one by one (a shipment of many lines may have several). docs/errors.md lists the codes."""

    code: ErrorCode
    message: str
    field: str = ""
    problems: list[ProblemOut] = []


class DictOut(BaseModel):
    """Base of the shapes of answers that are plain dicts (traces, recalls): validated as dicts.

    ninja's Schema reads every field through a getter that also serves ORM objects; over a recall
    of 1,000 batches, 3,000 shipments and 1,000 customers that was 0.5 s of a 0.7 s request.
    """

    model_config = ConfigDict(populate_by_name=True)

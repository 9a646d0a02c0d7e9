"""Process records through the API: a product's process fields (owners set them), a batch's process
values (recorded or corrected: a new event, the earlier value kept) and "make it like batch X". The
same verbs and queries as the pages and the import (lotline.process)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema

from lotline.accounts.rights import Right, require
from lotline.process.fields import FieldIn, find_product, set_fields
from lotline.process.models import LENGTHS, FieldKind
from lotline.process.prefill import Prefill, like_batch
from lotline.process.queries import FieldOut, PastReading, Reading, fields_of, history_of, values_of
from lotline.process.services import record_values

from ..answers import derived, many
from ..schemas import CodeInPath, ErrorOut, Quantity

router = Router(tags=["process"])
ERRORS: dict[int, Any] = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}
Number = str | Decimal


class ProcessFieldIn(Schema):
    code: str = Field(description="How the import and the API name it: peak_temp",
                      json_schema_extra={"maxLength": LENGTHS["code"]})
    label: str = Field(description="How people read it: Peak temperature",
                       json_schema_extra={"maxLength": LENGTHS["label"]})
    kind: FieldKind = FieldKind.NUMBER
    unit: str = Field("", description="°C, min, pH, °Bx, aw", json_schema_extra={"maxLength": LENGTHS["unit"]})
    target_min: Number | None = Field(None, description="The lowest value on target (zero and below too); null: none")
    target_max: Number | None = Field(None, description="The highest value on target; null: none")
    retired: bool = Field(False, description="No longer asked for; its values are kept")


class ProcessFieldsIn(Schema):
    fields: list[ProcessFieldIn] = Field(description="The product's fields in the order the batch screen asks them; "
                                                     "one left out is dropped (no values yet) or retired (values kept)")


class ProcessValuesIn(Schema):
    values: dict[str, Number] = Field(description="Field code -> value: a number (a JSON number or a string as "
                                                  "quantities are written) or a text; \"\" clears it")
    reason: str = Field("", description="Why a value already recorded changed; required then (kept in the log)",
                        json_schema_extra={"maxLength": LENGTHS["reason"]})


@dataclasses.dataclass(frozen=True)
class BatchProcess:
    """A batch's current process values by field code, and every value it had (newest first)."""

    batch: str
    event_seq: int  # the event just recorded (0: nothing changed), or 0 on a read
    values: list[Reading]
    history: list[PastReading]


FieldsOut = many(FieldOut)
BatchProcessOut = derived(BatchProcess)
PrefillOut = derived(Prefill)


@router.get("/items/{text:code}/process-fields", response={200: FieldsOut, **ERRORS},
            summary="A product's process fields")
def get_fields(request: HttpRequest, code: CodeInPath) -> list[dict[str, Any]]:
    """In the order the batch screen asks them, the retired ones (no longer asked, values kept) after."""
    require(request.user, Right.READ)
    return [dataclasses.asdict(f) for f in fields_of(find_product(code).code)]


@router.put("/items/{text:code}/process-fields", response={200: FieldsOut, **ERRORS},
            summary="Set a product's process fields")
def put_fields(request: HttpRequest, code: CodeInPath, payload: ProcessFieldsIn) -> list[dict[str, Any]]:
    """Owners only. Refused whole when any field is wrong (each problem names its row and field); an
    unchanged list records nothing."""
    fields = [FieldIn(f.code, f.label, f.kind, f.unit, f.target_min, f.target_max, f.retired) for f in payload.fields]
    return [dataclasses.asdict(f) for f in set_fields(code, fields, actor=request.user)]


def _answer(batch: str, seq: int) -> dict[str, Any]:
    found = values_of([batch])
    return dataclasses.asdict(BatchProcess(batch, seq, list(found.get(batch, {}).values()), history_of(batch)))


@router.get("/lots/{text:code}/process", response={200: BatchProcessOut, **ERRORS},
            summary="A batch's process values")
def get_values(request: HttpRequest, code: CodeInPath) -> dict[str, Any]:
    """Each value with its unit and the target it was recorded against (`in_target`: false outside it,
    null with no target or no number)."""
    from lotline.lots.queries import find_lot

    require(request.user, Right.READ)
    return _answer(find_lot(code).code, 0)


@router.post("/lots/{text:code}/process", response={200: BatchProcessOut, **ERRORS},
             summary="Record or correct a batch's process values")
def post_values(request: HttpRequest, code: CodeInPath, payload: ProcessValuesIn) -> dict[str, Any]:
    """One event for all the values given (a correction too: the earlier value stays in `history`).
    Refused whole when a value is wrong, naming its field (unknown_process_field, not_a_number,
    too_long); a value outside its target is recorded, `in_target` false."""
    done = record_values(code, payload.values, reason=payload.reason, actor=request.user.get_username())
    return _answer(done.batch, done.event_seq)


@router.get("/lots/{text:code}/like", response={200: PrefillOut, **ERRORS},
            summary="Make it like batch X: a new batch pre-filled from one")
def like(request: HttpRequest, code: CodeInPath, quantity: Quantity | None = None, site: str | None = None,
         on: dt.date | None = None) -> dict[str, Any]:
    """What a new batch like `code` takes: its product, site, size (or `quantity`, its inputs scaled to
    it), equipment and maker; its inputs by item and supplier with the usable lots to take them from now
    (that supplier's first); its process values as targets. Records nothing: send it to POST /batches."""
    require(request.user, Right.RECORD)
    return dataclasses.asdict(like_batch(code, quantity=quantity, site=site, on=on))

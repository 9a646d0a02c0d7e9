"""Recording process values on a batch: with the batch (`make_batch`: both or neither) or after it
(`record_values`). A correction is a new `process.recorded` event superseding the value before; the
earlier value stays in the read table and the log.

Values are checked here for every way in (the batch screen, the lot page, the API, the import): a
number field takes a number (zero and below too: -18 °C), a text field at most LENGTHS["text"]
characters, and a code the product does not record is named. A value outside its target is
recorded (it is what was measured) and answered as such (`in_target` False), for the pages to warn.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from lotline.accounts.rights import Who, person
from lotline.errors import ErrorCode, LotlineError, Problem
from lotline.ledger.kinds import EventKind
from lotline.ledger.log import record, writing
from lotline.lengths import too_long
from lotline.lots.models import LotKind
from lotline.lots.services import record_batch
from lotline.lots.services.common import lot_to_change
from lotline.lots.services.production import RecordedBatch

from .fields import find_product
from .models import LENGTHS, FieldKind, ProcessField, ProcessValue
from .numbers import read_number
from .queries import Reading, values_of

COLUMNS = ["field", "value", "text", "unit", "target_min", "target_max"]
Values = Mapping[str, Decimal | int | str]  # field code -> the value as typed (or a number)


@dataclass(frozen=True)
class RecordedValues:
    """A batch's process values after a write; `event_seq` 0 when nothing changed (nothing recorded)."""

    batch: str
    event_seq: int
    values: dict[str, Reading]

    @property
    def outside_target(self) -> list[Reading]:
        return [r for r in self.values.values() if r.in_target is False]


def check_values(product: str, values: Values, *, made_on: dt.date | None = None) -> list[list[Any]]:
    """The values as an event's rows (blank ones left out), or a LotlineError naming each field at fault.

    A retired field takes values only for batches made before it was retired (a correction of an old
    batch); `made_on` None is a batch about to be made today."""
    fields = {f.code.upper(): f for f in ProcessField.objects.filter(product=find_product(product))}
    rows, problems = [], []
    for given, value in values.items():
        f = fields.get(given.strip().upper())
        blank = isinstance(value, str) and not value.strip()
        if f is None or (f.retired_on and not blank and (made_on is None or made_on > f.retired_on)):
            why = f"retired on {f.retired_on}" if f else f"not one of {product}'s process fields"
            problems.append(Problem(ErrorCode.UNKNOWN_PROCESS_FIELD, f"{given!r} is {why}", given))
            continue
        try:
            row = _row(f, value)
        except LotlineError as error:
            problems.append(Problem(error.code, f"{f.label}: {error.message}", f.code))
            continue
        rows.append(row)
    if problems:
        raise LotlineError(problems[0].code, f"process values of {product} refused: {problems[0].message}",
                           field=problems[0].field, problems=problems)
    return rows


def _row(f: ProcessField, value: Decimal | int | str) -> list[Any]:
    """One value as the event keeps it, with the field's unit and target as they are when recorded."""
    number, text = None, ""
    if f.kind == FieldKind.NUMBER:
        if not (isinstance(value, str) and not value.strip()):
            number = read_number(value, field=f.code)
    else:
        text = str(value).strip()
        if why := too_long(text, LENGTHS["text"]):
            raise LotlineError(ErrorCode.TOO_LONG, why, field=f.code)
    return [f.code, number, text, f.unit, f.target_min, f.target_max]


def _changed(batch_id: int, rows: list[list[Any]]) -> tuple[list[list[Any]], list[str]]:
    """The rows that say something new (another value than the current one, or a value cleared), and
    the fields among them that had a value (a correction: it needs a reason)."""
    current = {v.field.code: (v.value, v.text) for v in ProcessValue.objects.filter(
        batch_id=batch_id, superseded_seq__isnull=True).select_related("field")}
    changed = [row for row in rows if (row[1], row[2]) != current.get(row[0], (None, ""))]
    return changed, [row[0] for row in changed if current.get(row[0], (None, "")) != (None, "")]


def record_values(batch: str, values: Values, *, reason: str = "", actor: Who) -> RecordedValues:
    """Record (or correct) process values of a batch recorded before: one event, refused whole when a
    value is wrong. Changing a value already recorded needs a reason, kept in the event; a value the
    same as the current one records nothing; an empty value clears it."""
    with writing():
        lot = lot_to_change(actor, batch, field="batch")
        if lot.kind != LotKind.BATCH:
            raise LotlineError(ErrorCode.NOT_A_BATCH, f"{lot.code} is a received lot: process values are a "
                               "batch's", field="batch")
        rows, correcting = _changed(lot.pk, check_values(lot.item.code, values, made_on=lot.lot_date))
        reason = " ".join(reason.split())
        if correcting and not reason:
            raise LotlineError(ErrorCode.MISSING, f"say why {', '.join(correcting)} changed (the reason is kept "
                               "in the log)", field="reason")
        if why := too_long(reason, LENGTHS["reason"]):
            raise LotlineError(ErrorCode.TOO_LONG, why, field="reason")
        seq = _record(lot.code, lot.site.code, rows, reason, actor) if rows else 0
    return RecordedValues(lot.code, seq, values_of([lot.code])[lot.code])


def _record(batch: str, site: str, rows: list[list[Any]], reason: str, actor: Who) -> int:
    payload: dict[str, Any] = {"batch": batch, "values": {"columns": COLUMNS, "rows": rows}}
    if reason:
        payload["reason"] = reason
    return record(EventKind.PROCESS_RECORDED, payload, actor=person(actor).name, site=site, subject=batch).seq


def make_batch(*, process: Values, actor: str, **batch: Any) -> tuple[RecordedBatch, RecordedValues]:
    """Record a batch (lots.services.record_batch's arguments) and its process values as one write:
    the values are checked first, and neither is recorded when either is refused."""
    rows = check_values(batch["product"], process, made_on=batch.get("produced_on")) if process else []
    with writing():
        made = record_batch(actor=actor, **batch)
        filled = [row for row in rows if row[1] is not None or row[2]]
        seq = _record(made.code, made.site, filled, "", actor) if filled else 0
    return made, RecordedValues(made.code, seq, values_of([made.code])[made.code])


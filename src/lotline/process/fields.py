"""A product's process fields, as data the owner edits: one `process.fields_set` event carries the
whole list as it is from then on (like a recipe), so a rebuild replays it as it was.

A field left out of the list is dropped while no batch has a value for it, and retired once one
has: it is no longer asked for, its values are kept and shown. A field's kind does not change once
values are recorded (a number read as text would mean something else): retire it and add another.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from lotline.accounts.rights import Right, Who, require
from lotline.catalog.models import Item, ItemKind
from lotline.codes import code_problem
from lotline.days import today
from lotline.errors import ErrorCode, LotlineError, Problem
from lotline.ledger.kinds import EventKind
from lotline.ledger.log import record, writing
from lotline.lengths import too_long

from .models import LENGTHS, FieldKind, ProcessField, ProcessValue
from .numbers import read_number
from .queries import FieldOut, fields_of

COLUMNS = ["code", "label", "kind", "unit", "target_min", "target_max", "retired_on"]


@dataclass(frozen=True)
class FieldIn:
    """A process field as the owner writes it; targets as typed (text) or numbers, None for none."""

    code: str
    label: str
    kind: str = FieldKind.NUMBER
    unit: str = ""
    target_min: Decimal | str | None = None
    target_max: Decimal | str | None = None
    retired: bool = False


def find_product(code: str, *, field: str = "product") -> Item:
    item = Item.objects.filter(code=code.strip()).first() or Item.objects.filter(code__iexact=code.strip()).first()
    if item is None or item.kind != ItemKind.PRODUCT:
        raise LotlineError(ErrorCode.UNKNOWN_PRODUCT, f"no product {code!r}", field=field)
    return item


def _target(value: Decimal | str | None, field: str, n: int, problems: list[Problem]) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        return read_number(value, field=field)
    except LotlineError as error:
        problems.append(Problem(error.code, error.message, field, row=n, row_label="field"))
        return None


def _checked(n: int, f: FieldIn, problems: list[Problem]) -> list:
    """The field's row as the event keeps it (retired_on filled in later); its problems at row n."""
    def wrong(code: ErrorCode, message: str, field: str) -> None:
        problems.append(Problem(code, message, field, row=n, row_label="field"))

    code, label, unit, kind = f.code.strip(), " ".join(f.label.split()), f.unit.strip(), f.kind.strip().lower()
    if not code:
        wrong(ErrorCode.MISSING, "give the field a code (peak_temp): the import and the API name it so", "code")
    elif found := code_problem(code, max_length=LENGTHS["code"], what="a field's code"):
        wrong(*found, "code")
    if not label:
        wrong(ErrorCode.MISSING, "give the field a label people read (Peak temperature)", "label")
    for name, text in (("label", label), ("unit", unit)):
        if why := too_long(text, LENGTHS[name]):
            wrong(ErrorCode.TOO_LONG, why, name)
    if kind not in FieldKind.values:
        wrong(ErrorCode.BAD_CHOICE, f"{f.kind!r} is not a kind of field: number or text", "kind")
    low, high = _target(f.target_min, "target_min", n, problems), _target(f.target_max, "target_max", n, problems)
    if kind == FieldKind.TEXT and (low is not None or high is not None):
        wrong(ErrorCode.BAD_TARGET, "a text field has no target range", "target_min")
    if low is not None and high is not None and low > high:
        wrong(ErrorCode.BAD_TARGET, f"the target's minimum {low} is above its maximum {high}", "target_min")
    return [code, label, kind, unit, low, high, None]


def set_fields(product: str, fields: Sequence[FieldIn], *, actor: Who) -> list[FieldOut]:
    """Set a product's process fields, in the order the batch screen asks for them (owners: the right
    to manage the catalog). Refused whole when any field is wrong; an unchanged list records nothing."""
    person = require(actor, Right.MANAGE)
    with writing():
        item = find_product(product)
        problems: list[Problem] = []
        rows = [_checked(n, f, problems) for n, f in enumerate(fields, 1)]
        seen: dict[str, int] = {}
        for n, row in enumerate(rows, 1):
            if row[0].upper() in seen:
                problems.append(Problem(ErrorCode.DUPLICATE_CODE, f"{row[0]} is field {seen[row[0].upper()]} already: "
                                        "each code once per product", "code", row=n, row_label="field"))
            seen.setdefault(row[0].upper(), n)
        rows = _with_history(item, rows, [f.retired for f in fields], problems)
        if problems:
            raise LotlineError(problems[0].code, f"the process fields of {item.code} were not set",
                               field=problems[0].field, problems=problems)
        if rows != _current_rows(item):
            record(EventKind.PROCESS_FIELDS_SET, {"product": item.code, "fields": {"columns": COLUMNS, "rows": rows}},
                   actor=person.name, subject=item.code)
    return fields_of(item.code)


def _with_history(item: Item, rows: list[list], retiring: list[bool], problems: list[Problem]) -> list[list]:
    """The list as recorded: a field keeps its code's case and its retirement day; a kind with values
    recorded stays; a field left out that has values comes along retired."""
    existing = {f.code.upper(): f for f in ProcessField.objects.filter(product=item)}
    used = set(ProcessValue.objects.filter(field__product=item).values_list("field__code", flat=True).distinct())
    day = today().isoformat()
    for n, (row, retired) in enumerate(zip(rows, retiring, strict=True), 1):
        old = existing.pop(row[0].upper(), None)
        if old is not None:
            row[0] = old.code
            if old.code in used and old.kind != row[2]:
                problems.append(Problem(ErrorCode.NOT_CHANGEABLE, f"{old.code} has values recorded as a {old.kind}: "
                                        "retire it and add a new field", "kind", row=n, row_label="field"))
        if retired:
            row[6] = old.retired_on.isoformat() if old is not None and old.retired_on else day
    kept = [f for f in existing.values() if f.code in used]
    return rows + [[f.code, f.label, f.kind, f.unit, f.target_min, f.target_max,
                    (f.retired_on or today()).isoformat()] for f in sorted(kept, key=lambda f: f.position)]


def _current_rows(item: Item) -> list[list]:
    return [[f.code, f.label, f.kind, f.unit, f.target_min, f.target_max,
             f.retired_on.isoformat() if f.retired_on else None]
            for f in ProcessField.objects.filter(product=item).order_by("position")]

"""The import's two process files, recorded after the lots (imports/later.py) through the process
verbs, so their rules are the verbs': `process_fields.csv` (a product's rows make its list of fields,
in the file's order) and `process.csv` (a batch's rows are one write of its values). A row already
recorded so is unchanged: importing the same files twice records nothing. A refusal names the file,
line and column; the caller rolls the whole import back.
"""

from __future__ import annotations

from typing import Protocol

from lotline.errors import ErrorCode, LotlineError

from .fields import FieldIn, set_fields
from .models import LENGTHS
from .services import record_values

Row = dict[str, str]


class Outcome(Protocol):
    """What a file's rows came to (imports.later.Outcome): rows added, rows unchanged, problems."""

    added: int
    unchanged: int

    def bad(self, line: int, column: str, code: ErrorCode, message: str) -> None: ...


# Each text column's limit, for docs/import-format.md (tests/test_import_format_doc.py holds it to them)
FILE_LIMITS = {"process_fields.csv": {"code": LENGTHS["code"], "label": LENGTHS["label"], "unit": LENGTHS["unit"]},
               "process.csv": {"value": LENGTHS["text"], "reason": LENGTHS["reason"]}}
YES, NO = {"1", "true", "yes", "y", "x"}, {"", "0", "false", "no", "n"}
FIELD_COLUMNS = {"product": "product_code", "code": "code", "label": "label", "kind": "kind", "unit": "unit",
                 "target_min": "target_min", "target_max": "target_max"}


def fields_file(rows: list[tuple[int, Row]], actor: str, out: Outcome) -> None:
    """process_fields.csv: one set_fields per product, its rows in the file's order."""
    by_product: dict[str, list[tuple[int, Row]]] = {}
    for line, row in rows:
        if row.get("retired", "").lower() not in YES | NO:
            out.bad(line, "retired", ErrorCode.BAD_CHOICE, f"{row['retired']!r} is not yes or no")
            continue
        by_product.setdefault(row["product_code"].upper(), []).append((line, row))
    for lines in by_product.values():
        product = lines[0][1]["product_code"]
        wanted = [FieldIn(r["code"], r["label"], r.get("kind") or "number", r.get("unit", ""),
                          r.get("target_min") or None, r.get("target_max") or None,
                          r.get("retired", "").lower() in YES) for _, r in lines]
        try:
            before = _event_count()
            set_fields(product, wanted, actor=actor)
            if _event_count() > before:
                out.added += len(lines)
            else:
                out.unchanged += len(lines)
        except LotlineError as error:
            for p in error.problems:
                line = lines[p.row - 1][0] if p.row and p.row <= len(lines) else lines[0][0]
                out.bad(line, FIELD_COLUMNS.get(p.field, p.field), p.code, p.message)


def values_file(rows: list[tuple[int, Row]], actor: str, out: Outcome) -> None:
    """process.csv: one record_values per batch; a field twice for one batch is refused."""
    by_batch: dict[str, dict[str, tuple[int, Row]]] = {}
    for line, row in rows:
        batch = by_batch.setdefault(row["batch_code"].upper(), {})
        earlier = batch.get(row["field"].upper())
        if earlier:
            out.bad(line, "field", ErrorCode.DUPLICATE_CODE,
                    f"{row['field']} of {row['batch_code']} is on line {earlier[0]} already: one value per field")
            continue
        batch[row["field"].upper()] = (line, row)
    for fields in by_batch.values():
        lines = list(fields.values())
        code = lines[0][1]["batch_code"]
        reason = next((r["reason"] for _, r in lines if r.get("reason")), "")
        try:
            done = record_values(code, {r["field"]: r["value"] for _, r in lines}, reason=reason, actor=actor)
            if done.event_seq:
                out.added += len(lines)
            else:
                out.unchanged += len(lines)
        except LotlineError as error:
            by_field = {r["field"].upper(): line for line, r in lines}
            for p in error.problems:
                line = by_field.get(p.field.upper(), lines[0][0])
                column = "value" if p.field.upper() in by_field else {"batch": "batch_code"}.get(p.field, p.field)
                if p.code == ErrorCode.UNKNOWN_PROCESS_FIELD:
                    column = "field"
                out.bad(line, column, p.code, p.message)


def _event_count() -> int:
    from lotline.ledger.models import ChainHead

    head = ChainHead.objects.filter(pk=1).first()
    return head.seq if head else 0

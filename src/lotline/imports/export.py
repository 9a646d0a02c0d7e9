"""Exporting the ledger as the import format's files, so a business's data is never locked in.

`export_dir` writes the CSV files, `export_zip` the same files in one ZIP, `export_xlsx` one workbook
with a sheet per file (sheet name = file stem). Importing them into an empty database gives the same
catalog, recipes, lots, links, shipments, later discards and holds, hence the same traces.

Not exported: people and their tokens (credentials do not belong in a data file; add them again on
the People page), holds of a failed batch (it comes back failed, which keeps it out of use for good)
and the event log itself with its hashes (`lotline verify` and the admin show it). Each export ends
with ledger_head.csv: the chain's head as the export saw it, signed (ledger/checkpoints.py), the
witness its recipient keeps; an import skips that file.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from django.db import connection, transaction

from lotline.catalog.models import RecipeLine
from lotline.catalog.specs import SPECS
from lotline.cells import CsvWriter, for_xlsx
from lotline.ledger.checkpoints import HEAD_COLUMNS, HEAD_FILE, Seal, current_head, head_row, seal
from lotline.ledger.models import Event
from lotline.lots.models import Discard, Hold, Lot, LotInput, LotKind, LotStatus, Shipment
from lotline.process.exporting import process_fields_rows, process_value_rows

from .csvfiles import BY_NAME, FORMATS

CHUNK = 2000  # rows fetched at a time: a million-batch ledger streams in flat memory

Row = list[Any]  # values as Python objects: str, Decimal, date, bool, None


def as_text(value: Any) -> str:
    """A value written the way the import reads it: dates YYYY-MM-DD, plain numbers, yes/no."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _rows(file: str) -> Iterator[Row]:
    """The rows of one import file, in the columns of its format (csvfiles.FORMATS), in a stable order."""
    columns = list(BY_NAME[file].columns)
    source = SOURCES[file]
    for values in source():
        row = dict(zip(FIELDS[file], values, strict=True))
        yield [row.get(c) for c in columns]


def _values(qs: Any, *fields: str) -> Callable[[], Iterator[tuple[Any, ...]]]:
    return lambda: qs.values_list(*fields).iterator(chunk_size=CHUNK)


def _batches() -> Iterator[tuple[Any, ...]]:
    # The format knows active and failed; a lot on hold comes back active, then held by holds.csv.
    rows = Lot.objects.filter(kind=LotKind.BATCH).order_by("lot_date", "id").values_list(
        "code", "item__code", "site__code", "lot_date", "quantity", "unit", "quantity_discarded", "status",
        "made_by", "equipment", "reference_doc_type", "reference_doc").iterator(chunk_size=CHUNK)
    for *head, status, made_by, equipment, ref_type, ref_doc in rows:
        yield (*head, "failed" if status == LotStatus.FAILED else "active", made_by, equipment, ref_type, ref_doc)


def _holds() -> Iterator[tuple[Any, ...]]:
    """Holds in the order placed; a released one with the reason given (kept in its event only)."""
    rows = Hold.objects.exclude(lot__status=LotStatus.FAILED).order_by("placed_seq").values_list(
        "lot__code", "placed_on", "reason", "released_on", "released_seq")
    for start in range(0, rows.count(), CHUNK):
        chunk = list(rows[start:start + CHUNK])
        payloads = dict(Event.objects.filter(seq__in=[r[4] for r in chunk if r[4]]).values_list("seq", "payload"))
        for code, placed, reason, released, seq in chunk:
            yield code, placed, reason, released, json.loads(payloads[seq])["reason"] if seq else ""


# file -> the CSV columns the query's values fill, in the query's order
FIELDS: dict[str, list[str]] = {
    **{f"{spec.plural}.csv": [f.file_column for f in spec.fields] for spec in SPECS.values()},
    "receipts.csv": ["lot_code", "item_code", "supplier_id", "supplier_lot", "site_code", "received_on", "quantity",
                     "unit", "best_by", "reference_doc_type", "reference_doc", "tlc_source", "allergens",
                     "may_contain"],
    "batches.csv": ["batch_code", "product_code", "site_code", "produced_on", "quantity_produced", "unit",
                    "quantity_discarded", "status", "made_by", "equipment", "reference_doc_type", "reference_doc"],
    "batch_inputs.csv": ["batch_code", "input_lot_code", "quantity", "unit"],
    "shipments.csv": ["shipment_id", "batch_code", "customer_id", "shipped_on", "quantity", "unit",
                      "reference_doc_type", "reference_doc"],
    "recipes.csv": ["product_code", "batch_quantity", "ingredient_code", "quantity", "unit"],
    "process_fields.csv": ["product_code", "code", "label", "kind", "unit", "target_min", "target_max", "retired"],
    "process.csv": ["batch_code", "field", "value", "reason"],
    "discards.csv": ["lot_code", "discarded_on", "quantity", "unit", "reason"],
    "holds.csv": ["lot_code", "placed_on", "reason", "released_on", "release_reason"],
}
SOURCES: dict[str, Callable[[], Iterator[tuple[Any, ...]]]] = {
    **{f"{spec.plural}.csv": _values(spec.records.order_by(spec.key), *spec.columns) for spec in SPECS.values()},
    "receipts.csv": _values(
        Lot.objects.filter(kind=LotKind.RECEIVED).order_by("lot_date", "id"), "code", "item__code", "supplier__ref",
        "supplier_lot", "site__code", "lot_date", "quantity", "unit", "best_by", "reference_doc_type",
        "reference_doc", "tlc_source", "allergens", "may_contain"),
    "batches.csv": _batches,
    # in the order of batches.csv, so an export of an import of an export is the same file
    "batch_inputs.csv": _values(LotInput.objects.order_by("batch__lot_date", "batch_id", "id"), "batch__code",
                                "input_lot__code", "quantity", "unit"),
    "shipments.csv": _values(Shipment.objects.order_by("shipped_on", "id"), "ref", "lot__code", "customer__ref",
                             "shipped_on", "quantity", "lot__unit", "reference_doc_type", "reference_doc"),
    "recipes.csv": _values(RecipeLine.objects.order_by("recipe__product__code", "position"), "recipe__product__code",
                           "recipe__batch_quantity", "ingredient__code", "quantity", "unit"),
    "process_fields.csv": process_fields_rows,
    "process.csv": process_value_rows,
    "discards.csv": _values(Discard.objects.order_by("event_seq", "id"), "lot__code", "discarded_on", "quantity",
                            "lot__unit", "reason"),
    "holds.csv": _holds,
}
FILES = [fmt.name for fmt in FORMATS]  # tests/test_export checks each has its FIELDS and SOURCES


@contextmanager
def _snapshot() -> Iterator[None]:
    """One consistent view of the ledger for every file, even while others keep recording (else a
    batch recorded halfway through could have its inputs in the files but not itself)."""
    if connection.in_atomic_block:  # a caller's transaction (a test) already fixes what is seen
        yield
    elif connection.vendor == "postgresql":
        with transaction.atomic():
            with connection.cursor() as cur:  # must come before the transaction's first query
                cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            yield
    else:
        # SQLite: Django's transactions here are BEGIN IMMEDIATE, which would take the write lock
        # and stop every recording for the length of the export. A deferred read transaction in
        # WAL mode sees the database as of its first read and blocks no one.
        with connection.cursor() as cur:
            cur.execute("BEGIN DEFERRED")
            try:
                yield
            finally:
                cur.execute("COMMIT")


class Exported(dict[str, int]):
    """Rows written per import file; `sealed` is the head the export states in HEAD_FILE."""

    sealed: Seal


def export_tables(written: Exported | None = None) -> Iterator[tuple[str, list[str], Iterator[Row]]]:
    """(file name, header, rows) for every import file, inside one snapshot, then HEAD_FILE: the head
    of that snapshot, signed once the snapshot is closed (signing writes). Iterate it to the end."""
    with _snapshot():
        head = current_head()
        for file in FILES:
            yield file, list(BY_NAME[file].columns), _rows(file)
    sealed = seal("export", head)
    if written is not None:
        written.sealed = sealed
    yield HEAD_FILE, HEAD_COLUMNS, iter([head_row(sealed)])


def _write_csv(out: IO[str], header: list[str], rows: Iterator[Row]) -> int:
    """The rows as CSV, each cell neutralised (cells.for_csv), which the import undoes."""
    writer = CsvWriter(out)
    writer.writerow(header)
    n = 0
    for row in rows:
        writer.writerow([as_text(v) for v in row])
        n += 1
    return n


def export_dir(path: str | Path) -> Exported:
    """Write every import file into the folder `path` (created if needed); rows written per file."""
    folder = Path(path)
    folder.mkdir(parents=True, exist_ok=True)
    counts = Exported()
    for file, header, rows in export_tables(counts):
        with (folder / file).open("w", encoding="utf-8", newline="") as out:
            n = _write_csv(out, header, rows)
        if file != HEAD_FILE:
            counts[file] = n
    return counts


def export_zip(stream: IO[bytes]) -> Exported:
    """Write every import file, as CSV, into a ZIP archive on `stream`."""
    counts = Exported()
    with zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for file, header, rows in export_tables(counts):
            with archive.open(file, "w") as member, io.TextIOWrapper(member, encoding="utf-8", newline="") as out:
                n = _write_csv(out, header, rows)
            if file != HEAD_FILE:
                counts[file] = n
    return counts


def _cell(sheet: Any, value: Any) -> Any:
    """Numbers and dates as a spreadsheet's own, text as text: never a formula, and with the characters
    XML cannot hold escaped (cells.for_xlsx), so no stored value can make the workbook fail."""
    from openpyxl.cell import WriteOnlyCell

    if isinstance(value, Decimal):
        number = float(value)
        # a quantity a float cannot hold exactly (more than ~15 digits) stays text, so nothing is rounded
        value = number if Decimal(repr(number)) == value else as_text(value)
    elif isinstance(value, bool):
        value = as_text(value)
    if isinstance(value, str):
        value = for_xlsx(value)
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, dt.date):
        cell.number_format = "yyyy-mm-dd"
    elif isinstance(value, str):
        cell.data_type = "s"  # openpyxl would take "=1+1" for a formula
    return cell


def export_xlsx(target: str | Path | IO[bytes]) -> Exported:
    """Write one workbook with a sheet per import file (sheet "receipts" holds receipts.csv)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    counts = Exported()
    for file, header, rows in export_tables(counts):
        sheet = book.create_sheet(Path(file).stem)
        sheet.append(header)
        n = 0
        for row in rows:
            sheet.append([_cell(sheet, v) for v in row])
            n += 1
        if file != HEAD_FILE:
            counts[file] = n
    book.save(target)
    return counts

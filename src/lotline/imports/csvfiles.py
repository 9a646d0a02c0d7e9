"""Lotline's spreadsheet import format: which files, which columns, and reading them a row at a time.

The format is the one ../shared/bench/gen_dataset.py writes, plus a few optional columns a business
may add (docs/import-format.md). Files are read as a stream so a four-million-row file costs the
same memory as a forty-row one.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lotline.accounts.rights import Right
from lotline.catalog.specs import SPECS, Spec
from lotline.cells import TEXT_MARK, from_csv
from lotline.errors import ErrorCode, Problem
from lotline.quantities import QuantityError, read

if TYPE_CHECKING:
    from _csv import Reader

    from _typeshed import WriteableBuffer

# the generator's answer key, and an export's signed head (ledger/checkpoints.py): not business data
IGNORED_FILES = {"queries.csv", "ledger_head.csv"}


@dataclass(frozen=True)
class FileFormat:
    """One import file: its columns (CSV name -> the field it fills) and those the header must have."""

    name: str
    columns: dict[str, str]
    required: tuple[str, ...]
    entity: str = ""  # the catalog entity it adds; "" for the lot files
    later: bool = False  # recorded row by row after the lots, through the ledger's verbs (imports/later.py)
    right: Right = Right.RECORD  # what importing it takes: the catalog and recipes are the owner's

    @property
    def optional(self) -> tuple[str, ...]:
        return tuple(c for c in self.columns if c not in self.required)

    def column_of(self, fieldname: str) -> str:
        """The CSV column that fills `fieldname` (so a problem names what the user sees)."""
        for column, target in self.columns.items():
            if target == fieldname:
                return column
        return fieldname

    def stage_columns(self) -> dict[str, str]:
        """Field -> CSV column, the mapping a staging Source wants."""
        return {target: column for column, target in self.columns.items()}


def _fmt(name: str, required: str, optional: str = "", rename: str = "", *, later: bool = False,
         right: Right = Right.RECORD) -> FileFormat:
    """Columns as 'a b c'; `rename` lists 'csv_column=field' where the two names differ."""
    names = [*required.split(), *optional.split()]
    fields = dict(pair.split("=") for pair in rename.split())
    return FileFormat(name, {c: fields.get(c, c) for c in names}, tuple(required.split()), later=later, right=right)


def _catalog(spec: Spec) -> FileFormat:
    """A catalog file: a column per field of the record's spec (the required ones must be there)."""
    return FileFormat(f"{spec.plural}.csv", {f.file_column: f.name for f in spec.fields},
                      tuple(f.file_column for f in spec.fields if f.required), spec.entity, right=Right.MANAGE)


FORMATS: list[FileFormat] = [
    *(_catalog(spec) for spec in SPECS.values()),  # sites, suppliers, customers, items, equipment
    _fmt("receipts.csv", "lot_code item_code supplier_id site_code received_on quantity unit",
         "supplier_lot best_by reference_doc_type reference_doc tlc_source allergens may_contain",
         "lot_code=code supplier_id=supplier_ref received_on=lot_date reference_doc_type=ref_type "
         "reference_doc=ref_doc"),
    _fmt("batches.csv", "batch_code product_code site_code produced_on quantity_produced unit",
         "quantity_discarded status made_by equipment reference_doc_type reference_doc",
         "batch_code=code product_code=item_code produced_on=lot_date quantity_produced=quantity "
         "quantity_discarded=discarded reference_doc_type=ref_type reference_doc=ref_doc"),
    _fmt("batch_inputs.csv", "batch_code input_lot_code quantity", "unit", "input_lot_code=input_code"),
    _fmt("shipments.csv", "shipment_id batch_code customer_id shipped_on quantity",
         "unit reference_doc_type reference_doc",
         "shipment_id=ref batch_code=lot_code customer_id=customer_ref reference_doc_type=ref_type "
         "reference_doc=ref_doc"),
    # What the generator's format has no file for; an export writes them so nothing is lost.
    _fmt("recipes.csv", "product_code batch_quantity ingredient_code quantity", "unit", later=True,
         right=Right.MANAGE),
    _fmt("process_fields.csv", "product_code code label", "kind unit target_min target_max retired", later=True,
         right=Right.MANAGE),
    _fmt("process.csv", "batch_code field value", "reason", later=True),
    _fmt("discards.csv", "lot_code discarded_on quantity reason", "unit", later=True),
    _fmt("holds.csv", "lot_code placed_on reason", "released_on release_reason", later=True),
]
BY_NAME = {f.name: f for f in FORMATS}


def find_files(folder: Path) -> tuple[list[tuple[FileFormat, Path]], list[Problem]]:
    """The import files present in `folder`, in the order they must be read, and any stray CSV file."""
    if not folder.is_dir():
        return [], [Problem(ErrorCode.NOT_A_FOLDER, f"{folder} is not a folder of CSV files")]
    present = {p.name: p for p in folder.iterdir() if p.is_file()}
    found = [(fmt, present[fmt.name]) for fmt in FORMATS if fmt.name in present]
    problems = [
        Problem(ErrorCode.UNKNOWN_FILE, f"{name} is not an import file; the files are {', '.join(BY_NAME)}", "",
                name)
        for name in sorted(present)
        if name.lower().endswith(".csv") and name not in BY_NAME and name not in IGNORED_FILES
    ]
    if not found and not problems:
        problems.append(Problem(ErrorCode.NO_FILES, f"{folder} holds none of {', '.join(BY_NAME)}"))
    return found, problems


def check_header(fmt: FileFormat, header: list[str]) -> tuple[dict[str, int], list[Problem]]:
    """Where each column is, or what is wrong with the header (missing, unknown or repeated columns)."""
    file, header_line = fmt.name, 1
    names = [h.strip().lower() for h in header]
    positions: dict[str, int] = {}
    problems = []
    for i, name in enumerate(names):
        if not name:
            continue  # a spreadsheet's empty trailing columns
        if name not in fmt.columns:
            problems.append(Problem(ErrorCode.UNKNOWN_COLUMN, f"{fmt.name} has no column {name!r}; its columns are "
                                    f"{', '.join(fmt.columns)}", name, file, header_line))
        elif name in positions:
            problems.append(Problem(ErrorCode.DUPLICATE_COLUMN, f"column {name} appears twice", name, file,
                                    header_line))
        else:
            positions[name] = i
    problems += [Problem(ErrorCode.MISSING_COLUMN, f"{fmt.name} needs a {column} column", column, file, header_line)
                 for column in fmt.required if column not in positions]
    return positions, problems


class _CountingReader(io.RawIOBase):
    """Passes bytes through, telling `on_bytes` how many were read (for the progress bar)."""

    def __init__(self, raw: io.RawIOBase, on_bytes: Callable[[int], None]) -> None:
        self._raw = raw
        self._on_bytes = on_bytes

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: WriteableBuffer) -> int:
        n = self._raw.readinto(buffer) or 0
        if n:
            self._on_bytes(n)
        return n


@dataclass
class CsvReader:
    """An open CSV file: its header, then its rows with their line numbers."""

    fmt: FileFormat
    reader: Reader  # csv.reader's: rows, and the line it has read up to

    @property
    def line(self) -> int:
        return self.reader.line_num

    def header(self) -> list[str]:
        """The first row; raises csv.Error when it cannot be read (see `cell_too_long`)."""
        return [from_csv(name) for name in next(self.reader, [])]


@contextmanager
def open_csv(fmt: FileFormat, path: Path, on_bytes: Callable[[int], None] | None = None) -> Iterator[CsvReader]:
    """UTF-8 (with or without Excel's byte-order mark), comma separated, read in 1 MB blocks."""
    raw = path.open("rb", buffering=0)
    try:
        source = _CountingReader(raw, on_bytes) if on_bytes else raw
        text = io.TextIOWrapper(io.BufferedReader(source, 1 << 20), encoding="utf-8-sig", newline="")
        yield CsvReader(fmt, csv.reader(text))
    finally:
        raw.close()


def data_rows(csv_file: CsvReader, width: int, bad: Callable[[int, str, ErrorCode, str], None],
              picked: Callable[[list[str]], Any] = list) -> Iterator[tuple[int, Any]]:
    """(line, picked(values)) for each data row, values stripped; blank rows are passed over.

    `picked` chooses the values a caller wants, in its order; a column the file leaves out is at
    position `width`, where every row gets one extra "" (an itemgetter, for speed). A cell an export
    neutralised ("'=1+1", cells.for_csv) gives back its value ("=1+1").
    """
    reader = csv_file.reader
    strip = str.strip
    line = 1
    try:
        for values in reader:
            line = reader.line_num
            if len(values) == width:
                values = [*map(strip, values), ""]
                if TEXT_MARK in "".join(values):  # one test a row: most rows have no ' at all
                    values = [*map(from_csv, values)]
                if values[0] or any(values):
                    yield line, picked(values)
            elif any(map(strip, values)):
                bad(line, "", ErrorCode.WRONG_VALUE_COUNT, f"the row has {len(values)} values but the header has "
                                                   f"{width}")
    except UnicodeDecodeError:
        bad(line + 1, "", ErrorCode.NOT_UTF8, "the file is not UTF-8 text from here on; save it as CSV UTF-8")
    except csv.Error as exc:
        bad(*csv_problem(exc, line + 1))


def csv_problem(exc: csv.Error, line: int) -> tuple[int, str, ErrorCode, str]:
    """(line, column, code, reason) for a row the csv module cannot read, starting at `line`."""
    if "field larger than field limit" in str(exc):
        return line, "", ErrorCode.CELL_TOO_LONG, (
            f"a value from line {line} on is longer than {csv.field_size_limit():,} characters, more than any "
            "column holds: is a quote mark (\") left open? Close it, or save the file again as CSV UTF-8")
    return line, "", ErrorCode.BAD_CSV, f"the file cannot be read as CSV here ({exc})"


# Files repeat the same dates and quantities (a few thousand days, recipe amounts) millions of times.
@lru_cache(maxsize=1 << 16)
def parse_day(text: str) -> dt.date:
    """A date written YYYY-MM-DD; raises ValueError saying why not."""
    if len(text) != 10 or text[4] != "-" or text[7] != "-":
        raise ValueError(f"{text!r} is not a date; write it as YYYY-MM-DD" if text else "a date is required")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text} is not a date in the calendar") from None


@lru_cache(maxsize=1 << 16)
def parse_quantity(text: str) -> Decimal | None:
    """A quantity as lotline.quantities reads it, zero allowed (a failed batch made none; the rules
    refuse it elsewhere): "" -> None, left to the 'missing' rule; raises QuantityError."""
    return read(text, zero_ok=True) if text else None


def cell_problem(column: str, text: str, parse: Callable[[str], object]) -> tuple[str, ErrorCode, str] | None:
    """(column, code, reason) when `text` does not parse: used to explain a row that failed."""
    try:
        parse(text)
    except QuantityError as exc:
        return column, exc.code, exc.message
    except ValueError as exc:
        wrong = ErrorCode.NOT_A_DATE if parse is parse_day else ErrorCode.NOT_A_NUMBER
        code = wrong if text else ErrorCode.MISSING
        return column, code, str(exc)
    return None

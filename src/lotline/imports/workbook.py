"""Spreadsheet uploads: one XLSX workbook (a sheet per import file) or CSV files, laid out as the
folder `import_dir` reads, so a page upload gets exactly the checks of `lotline import`."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from lotline.cells import CsvWriter, from_xlsx
from lotline.errors import ErrorCode, LotlineError, Problem

from .csvfiles import BY_NAME


def cell_text(value: Any) -> str:
    """A spreadsheet cell as the CSV format writes it: dates YYYY-MM-DD, numbers plain (40, 20.5)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.datetime):
        # a date typed into Excel is a datetime at midnight; the format has days, not times
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        # repr is the shortest text that reads back as the same float: 20.5, not 20.499999999999
        return str(int(value)) if value.is_integer() else format(Decimal(repr(value)).normalize(), "f")
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return from_xlsx(str(value))  # control characters come as Excel writes them: _x0001_


def file_name_of_sheet(title: str) -> str:
    """Sheet "Receipts" (or "receipts.csv") holds receipts.csv."""
    stem = title.strip().lower()
    stem = stem.removesuffix(".csv")
    return f"{stem}.csv"


def workbook_to_folder(source: str | Path | IO[bytes], folder: Path, progress: Any = None) -> list[str]:
    """Write each sheet of the workbook as a CSV file in `folder`; the files written.

    An empty sheet (no header) is passed over; a sheet named like no import file is written too, so
    `import_dir` refuses it by name like a misspelt CSV file. `progress` (an import's Progress) is
    told the rows read: a large workbook takes longer to read than to import.
    """
    from openpyxl import load_workbook

    if progress is not None:
        progress.phase("Reading the workbook", None, "rows")  # opening it takes seconds already
    try:
        # read_only streams the sheets; data_only reads a formula's last computed value
        book = load_workbook(source, read_only=True, data_only=True)
    except Exception as exc:  # zipfile, XML and openpyxl's own errors all mean the same
        raise LotlineError(ErrorCode.NOT_XLSX,
                           f"the file cannot be read as an XLSX workbook ({exc.__class__.__name__}); "
                           "save it as Excel Workbook (.xlsx)", field="files") from None
    written = []
    try:
        sizes = [sheet.max_row for sheet in book.worksheets]  # as the workbook declares them (Excel does)
        if progress is not None and None not in sizes:
            progress.phase("Reading the workbook", sum(sizes), "rows")
        for sheet in book.worksheets:
            name = file_name_of_sheet(sheet.title)
            if "/" in name or "\\" in name or name.startswith("."):
                raise LotlineError(ErrorCode.UNKNOWN_FILE, f"sheet {sheet.title!r} is not an import file",
                                   field="files")
            rows = _rows(_counted(sheet.iter_rows(values_only=True), progress))
            if rows is None:
                continue
            with (folder / name).open("w", encoding="utf-8", newline="") as out:
                # neutralised as an export writes them: the CSV import takes the mark off again
                CsvWriter(out).writerows(rows)
            written.append(name)
    finally:
        book.close()
    if not written:
        raise LotlineError(ErrorCode.NO_FILES, f"the workbook has no sheet with rows; name each sheet after its file: "
                           f"{', '.join(n.removesuffix('.csv') for n in BY_NAME)}", field="files")
    return written


def _rows(values: Iterable[tuple[Any, ...]]) -> list[list[str]] | None:
    """The sheet's rows as text, with trailing empty cells dropped; None for a sheet without a header.

    Empty rows are kept (as empty lines), so line numbers in problems are the sheet's row numbers.
    """
    rows = [[cell_text(v) for v in row] for row in values]
    while rows and not any(rows[-1]):
        rows.pop()
    if not rows:
        return None
    width = max(len(_trimmed(r)) for r in rows)
    return [r[:width] + [""] * (width - len(r)) for r in rows]


def _counted(rows: Iterator[tuple[Any, ...]], progress: Any) -> Iterator[tuple[Any, ...]]:
    """The rows, telling `progress` every thousand read."""
    if progress is None:
        yield from rows
        return
    n = 0
    for n, row in enumerate(rows, 1):
        yield row
        if n % 1000 == 0:
            progress.advance(1000)
    progress.advance(n % 1000)


def _trimmed(row: list[str]) -> list[str]:
    end = len(row)
    while end and not row[end - 1]:
        end -= 1
    return row[:end]


def save_uploads(files: Iterable[Any], folder: Path) -> list[str]:
    """Keep uploaded files (Django UploadedFile-like: .name, .chunks()) in `folder` for an import.

    Either CSV files named as the format names them, or one XLSX workbook; only the names are
    checked here (quickly, while the person waits), the rows by the import. The names kept.
    """
    files = list(files)
    if not files:
        raise LotlineError(ErrorCode.MISSING, "choose the CSV files, or one XLSX workbook", field="files")
    books = [f for f in files if f.name.lower().endswith(".xlsx")]
    if books:
        if len(files) > 1:
            raise LotlineError(ErrorCode.ONE_WORKBOOK, "upload one XLSX workbook on its own, or CSV files",
                               field="files")
        _save(books[0], folder / WORKBOOK)
        return [Path(books[0].name).name]
    target = folder / "files"
    target.mkdir()
    problems = []
    names = []
    for f in files:
        name = Path(f.name).name  # a browser sends the bare name; never let a path leave the folder
        if not name.lower().endswith(".csv"):
            problems.append(Problem(ErrorCode.UNKNOWN_FILE, f"{name} is neither a CSV file nor an XLSX workbook",
                                    "files",
                                    name))
            continue
        if name in names:
            problems.append(Problem(ErrorCode.DUPLICATE_FILE, f"{name} was chosen twice", "files", name))
            continue
        names.append(name)
        _save(f, target / name)
    if problems:
        raise LotlineError(problems[0].code, problems[0].message, field="files", problems=problems)
    return names


WORKBOOK = "upload.xlsx"  # openpyxl goes by the extension


def _save(upload: Any, path: Path) -> None:
    with path.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)


def lay_out(folder: Path, progress: Any = None) -> Path:
    """The folder of CSV files `import_dir` reads, from what `save_uploads` kept in `folder`: a
    workbook is written out as CSV files first (again, if a stopped import is run again)."""
    target = folder / "files"
    if (folder / WORKBOOK).exists():
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir()
        workbook_to_folder(folder / WORKBOOK, target, progress)
    return target

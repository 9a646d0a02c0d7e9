"""The electronic sortable spreadsheet FDA asks for within 24 hours (21 CFR 1.1455(c)(3)(ii)): an
XLSX workbook (openpyxl's write-only mode, so rows stream) and/or one CSV file per sheet.

Sheets Receiving, Transformation and Shipping hold one row per event (Transformation: one per input
lot), with real dates, numbers as numbers, the header row frozen and an autofilter on it; the
Explanation sheet says who produced the file, when, for which request, what the codes and units
mean, and which key data elements are missing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from lotline.cells import CsvWriter, for_xlsx

from . import columns
from .rows import receiving_rows, shipping_rows, transformation_rows
from .selection import Chosen

DATE_FORMAT = "yyyy-mm-dd"


@dataclass(frozen=True)
class Sheet:
    title: str
    file: str  # its CSV file
    header: list[str]
    rows: Callable[[Chosen], Iterator[list[Any]]]


SHEETS = [
    Sheet("Receiving", "receiving.csv", columns.RECEIVING, receiving_rows),
    Sheet("Transformation", "transformation.csv", columns.TRANSFORMATION, transformation_rows),
    Sheet("Shipping", "shipping.csv", columns.SHIPPING, shipping_rows),
]
EXPLANATION = Sheet("Explanation", "explanation.csv", ["Topic", "Explanation"], lambda chosen: iter(()))


@dataclass
class Written:
    """What was written: rows per sheet, and the files."""

    rows: dict[str, int] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)


def _text(value: Any) -> Any:
    """A cell's value for CSV: dates as ISO, numbers exact."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


class _Xlsx:
    """A write-only workbook: one sheet at a time, each with a frozen, filtered header."""

    def __init__(self) -> None:
        from openpyxl import Workbook

        self.book = Workbook(write_only=True)

    def sheet(self, sheet: Sheet, widths: list[int]) -> Any:
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Alignment, Font
        from openpyxl.utils import get_column_letter

        ws = self.book.create_sheet(sheet.title)
        ws.freeze_panes = "A2"
        for i, width in enumerate(widths, 1):
            ws.column_dimensions[get_column_letter(i)].width = width
        header = []
        for title in sheet.header:
            cell = WriteOnlyCell(ws, value=title)
            cell.font, cell.alignment = Font(bold=True), Alignment(wrap_text=True, vertical="top")
            header.append(cell)
        ws.append(header)
        return ws

    @staticmethod
    def row(ws: Any, values: list[Any]) -> None:
        from openpyxl.cell import WriteOnlyCell

        cells = []
        for value in values:
            if isinstance(value, Decimal):
                value = float(value) if Decimal(repr(float(value))) == value else format(value, "f")
            cell = WriteOnlyCell(ws, value=for_xlsx(value) if isinstance(value, str) else value)
            if isinstance(value, dt.date):
                cell.number_format = DATE_FORMAT
            elif isinstance(value, str):
                cell.data_type = "s"  # text, never a formula
            cells.append(cell)
        ws.append(cells)

    @staticmethod
    def close(ws: Any, sheet: Sheet, rows: int) -> None:
        from openpyxl.utils import get_column_letter

        ws.auto_filter.ref = f"A1:{get_column_letter(len(sheet.header))}{rows + 1}"


def _widths(header: list[str]) -> list[int]:
    return [max(12, min(28, len(title) // 2 + 6)) for title in header]


def write(chosen: Chosen, explanation: Callable[[dict[str, int]], Iterable[list[str]]], *,
          xlsx: str | Path | IO[bytes] | None = None, csv_dir: str | Path | None = None) -> Written:
    """Write the request's sheets to an XLSX workbook and/or a folder of CSV files (made if need be),
    streaming each sheet's rows once; `explanation` gets the row counts and gives the last sheet."""
    written = Written()
    book = _Xlsx() if xlsx is not None else None
    folder = Path(csv_dir) if csv_dir is not None else None
    if folder is not None:
        folder.mkdir(parents=True, exist_ok=True)
    for sheet in [*SHEETS, EXPLANATION]:
        rows: Iterable[list[Any]] = sheet.rows(chosen) if sheet is not EXPLANATION else explanation(written.rows)
        ws = book.sheet(sheet, _widths(sheet.header) if sheet is not EXPLANATION else [28, 100]) if book else None
        out = (folder / sheet.file).open("w", newline="", encoding="utf-8") if folder is not None else None
        try:
            writer = CsvWriter(out) if out else None
            if writer:
                writer.writerow(sheet.header)
            n = 0
            for row in rows:
                if ws is not None:
                    _Xlsx.row(ws, row)
                if writer:
                    writer.writerow([_text(v) for v in row])
                n += 1
        finally:
            if out:
                out.close()
        if ws is not None:
            _Xlsx.close(ws, sheet, n)
        if sheet is not EXPLANATION:
            written.rows[sheet.title] = n
        if folder is not None:
            written.files.append(str(folder / sheet.file))
    if book is not None and xlsx is not None:
        book.book.save(xlsx)
        if not hasattr(xlsx, "write"):
            written.files.insert(0, str(xlsx))
    return written

"""The electronic sortable spreadsheet FDA asks for within 24 hours (21 CFR 1.1455(c)(3)(ii)): an
XLSX workbook (xlsx.py: rows stream straight into the file) and/or one CSV file per sheet.

Sheets Receiving, Transformation and Shipping hold one row per event (Transformation: one per input
lot), with real dates, numbers as numbers, the header row frozen and an autofilter on it; the
Explanation sheet says who produced the file, when, for which request, what the codes and units
mean, and which key data elements are missing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from lotline.cells import CsvWriter

from . import columns
from .rows import Seen, receiving_rows, shipping_rows, transformation_rows
from .selection import Chosen
from .xlsx import Workbook


@dataclass(frozen=True)
class Sheet:
    title: str
    file: str  # its CSV file
    header: list[str]
    rows: Callable[[Chosen, Seen], Iterator[list[Any]]]


SHEETS = [
    Sheet("Receiving", "receiving.csv", columns.RECEIVING, receiving_rows),
    Sheet("Transformation", "transformation.csv", columns.TRANSFORMATION, transformation_rows),
    Sheet("Shipping", "shipping.csv", columns.SHIPPING, shipping_rows),
]
EXPLANATION = Sheet("Explanation", "explanation.csv", ["Topic", "Explanation"], lambda chosen, seen: iter(()))


@dataclass
class Written:
    """What was written: rows per sheet, and the files."""

    rows: dict[str, int] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)


def _text(value: Any) -> Any:
    """A cell's value for CSV: dates as ISO, numbers exact, nothing as empty."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def _widths(header: list[str]) -> list[int]:
    return [max(12, min(28, len(title) // 2 + 6)) for title in header]


def _also_csv(rows: Iterable[list[Any]], writer: CsvWriter | None) -> Iterator[list[Any]]:
    """The rows, each also written to the CSV file as it goes by (one pass over the database)."""
    for row in rows:
        if writer:
            writer.writerow([_text(v) for v in row])
        yield row


def write(chosen: Chosen, seen: Seen, explanation: Callable[[dict[str, int]], Iterable[list[str]]], *,
          xlsx: str | Path | IO[bytes] | None = None, csv_dir: str | Path | None = None) -> Written:
    """Write the request's sheets to an XLSX workbook and/or a folder of CSV files (made if need be),
    streaming each sheet's rows once (`seen` gathers what they name); `explanation` then gets the row
    counts and gives the last sheet."""
    written = Written()
    book = Workbook(xlsx) if xlsx is not None else None
    folder = Path(csv_dir) if csv_dir is not None else None
    if folder is not None:
        folder.mkdir(parents=True, exist_ok=True)
    for sheet in [*SHEETS, EXPLANATION]:
        rows: Iterable[list[Any]] = sheet.rows(chosen, seen) if sheet is not EXPLANATION else explanation(written.rows)
        with ExitStack() as stack:
            out = stack.enter_context((folder / sheet.file).open("w", newline="", encoding="utf-8")) \
                if folder is not None else None
            writer = CsvWriter(out) if out else None
            if writer:
                writer.writerow(sheet.header)
            widths = _widths(sheet.header) if sheet is not EXPLANATION else [28, 100]
            if book is not None:
                n = book.sheet(sheet.title, sheet.header, _also_csv(rows, writer), widths)
            else:
                n = sum(1 for _ in _also_csv(rows, writer))
        if sheet is not EXPLANATION:
            written.rows[sheet.title] = n
        if folder is not None:
            written.files.append(str(folder / sheet.file))
    if book is not None:
        book.close()
        if isinstance(xlsx, (str, Path)):
            written.files.insert(0, str(xlsx))
    return written

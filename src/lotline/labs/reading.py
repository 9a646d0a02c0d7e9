"""Reading a lab's results file with its layout: each row a result, or problems at the row's line
and the lab's own column name, saying how to fix them. Every row is read, so a file's problems are
all found at once (the same shape as the spreadsheet import's: imports/csvfiles.py)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from lotline.cells import from_csv
from lotline.errors import ErrorCode, Problem
from lotline.imports.csvfiles import csv_problem

from .layout import BY_NAME, Layout, read_day

HEAD_MARK = "# ledger head"  # the last line of our own results export (export.py): a witness, not a row
POINT_NUMBER = re.compile(r"[-+]?(\d+(\.\d*)?|\.\d+)")
COMMA_NUMBER = re.compile(r"[-+]?(\d+(,\d*)?|,\d+)")
GROUPED_COMMA = re.compile(r"[-+]?\d{1,3}(\.\d{3})+(,\d+)?")  # 1.234,5 where the comma is the decimal mark


@dataclass(frozen=True)
class LabRow:
    """One row of a lab's file, read: what it is a result of, and the result."""

    line: int
    sample: str
    lot: str
    analyte: str
    method: str
    value: Decimal | None
    text: str
    unit: str
    limit: str
    tested_on: dt.date | None


def read_rows(data: bytes, layout: Layout, *, file: str) -> tuple[list[LabRow], list[Problem]]:
    """The file's rows as results, and every problem found, each at its line and the lab's column."""
    bad = _Reporter(layout, file)
    problems = bad.problems

    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        bad(line, "", ErrorCode.NOT_UTF8, "the file is not UTF-8 text from here on; save it as CSV UTF-8")
        return [], problems
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=layout.delimiter)
    try:
        header = [from_csv(h).strip() for h in next(reader, [])]
    except csv.Error as exc:
        bad(*csv_problem(exc, 1))
        return [], problems
    positions = _positions(header, layout, bad)
    if problems:
        return [], problems
    rows: list[LabRow] = []
    line = 1
    try:
        for values in reader:
            line = reader.line_num
            if not any(v.strip() for v in values) or values[0].startswith(HEAD_MARK):
                continue
            if any(v.strip() for v in values[len(header):]):
                # a row running short, or ending in empty cells, is read as it is (spreadsheets write both)
                bad(line, "", ErrorCode.WRONG_VALUE_COUNT, f"the row has {len(values)} values but the header has "
                                                            f"{len(header)}: is a value with a comma not in quotes?")
                continue
            values = values + [""] * (len(header) - len(values))
            cells = {name: from_csv(values[at].strip()) for name, at in positions.items()}
            row = _row(line, cells, layout, bad)
            if row is not None:
                rows.append(row)
    except csv.Error as exc:
        bad(*csv_problem(exc, line + 1))
    return rows, problems


class _Reporter:
    """Problems at a line and a field, the field named as the lab's column."""

    def __init__(self, layout: Layout, file: str) -> None:
        self.layout, self.file = layout, file
        self.problems: list[Problem] = []

    def __call__(self, line: int, name: str, code: ErrorCode, message: str) -> None:
        column = self.layout.column_of(name) if name in BY_NAME else name
        self.problems.append(Problem(code, message, column, self.file, line))


Bad = _Reporter


def _positions(header: list[str], layout: Layout, bad: Bad) -> dict[str, int]:
    """Where each mapped column is in the header (names compared whatever their case)."""
    at: dict[str, int] = {}
    for i, name in enumerate(header):
        at.setdefault(name.casefold(), i)
    found = {}
    for name, column in layout.columns.items():
        if column.casefold() in at:
            found[name] = at[column.casefold()]
        else:
            bad(1, name, ErrorCode.MISSING_COLUMN,
                f"the lab's mapping says the {BY_NAME[name].label.lower()} is in column {column!r}, which the file "
                f"does not have (its columns: {', '.join(h for h in header if h) or 'none'}): correct the lab's "
                "mapping, or ask the lab for its usual layout")
    return found


def _row(line: int, cells: dict[str, str], layout: Layout, bad: Bad) -> LabRow | None:
    before = len(bad.problems)
    sample, lot = cells.get("sample", ""), cells.get("lot", "")
    if not sample and not lot:
        name = "sample" if "sample" in layout.columns else "lot"
        bad(line, name, ErrorCode.MISSING, "each result needs the sample id or the lot code it is a result of")
    if not cells.get("analyte"):
        bad(line, "analyte", ErrorCode.MISSING, "say what was tested (the analyte)")
    value, text = _result(line, cells.get("result", ""), layout, bad)
    tested_on = _day(line, cells.get("tested_on", ""), layout, bad)
    if len(bad.problems) != before:
        return None
    return LabRow(line, sample, lot, cells["analyte"], cells.get("method", ""), value, text, cells.get("unit", ""),
                  cells.get("limit", ""), tested_on)


def _result(line: int, text: str, layout: Layout, bad: Bad) -> tuple[Decimal | None, str]:
    """A number when the cell is one (in the lab's decimal mark), else a finding ("not detected")."""
    if not text:
        bad(line, "result", ErrorCode.MISSING, "the result is empty: a number (4.6) or a finding (not detected)")
        return None, ""
    plain = text.replace(" ", "")
    if layout.decimal_comma:
        if GROUPED_COMMA.fullmatch(plain):
            plain = plain.replace(".", "")
        elif POINT_NUMBER.fullmatch(plain) and "." in plain:
            bad(line, "result", ErrorCode.NOT_A_NUMBER, f"{text!r} has a decimal point, but the lab's mapping says it "
                "writes decimal commas (4,6): correct the mapping, or the file")
            return None, ""
        number = plain.replace(",", ".") if COMMA_NUMBER.fullmatch(plain) else None
    else:
        if COMMA_NUMBER.fullmatch(plain) and "," in plain:
            bad(line, "result", ErrorCode.NOT_A_NUMBER, f"{text!r} has a decimal comma: if the lab writes 4,6 for "
                "4.6, tick 'decimal comma' in the lab's mapping")
            return None, ""
        number = plain if POINT_NUMBER.fullmatch(plain) else None
    if number is None:
        return None, text
    try:
        return Decimal(number), ""
    except InvalidOperation:
        return None, text


def _day(line: int, text: str, layout: Layout, bad: Bad) -> dt.date | None:
    if not text:
        return None
    try:
        return read_day(text, layout.date_format)
    except ValueError:
        bad(line, "tested_on", ErrorCode.NOT_A_DATE, f"{text!r} is not a date written {layout.date_format}, as the "
            "lab's mapping says its dates are: correct the date, or the mapping's date format")
        return None

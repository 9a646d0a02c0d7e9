"""A lab's file layout: which of its columns holds each of our fields, how it writes dates and
decimals, and a first guess of all that from a file's header and first rows.

Our fields are those of a result (quality's ResultLine) and what it is a result of: the sample's id
or the lot's code. `result` holds a number (4.6) or a finding ("not detected"): labs put both in
one column.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from lotline.errors import ErrorCode, LotlineError, Problem


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    hint: str
    names: tuple[str, ...]  # headers labs use for it, lower-case, words only (a guess's vocabulary)


FIELDS: tuple[Field, ...] = (
    Field("sample", "Sample id", "the sample's id, as drawn (S-0001)",
          ("sample", "sample id", "sample no", "sample number", "sample code", "sample ref", "lab sample id",
           "client sample id", "customer sample id", "sample name")),
    Field("lot", "Lot code", "our lot or batch code, when no sample was drawn",
          ("lot", "lot code", "lot number", "lot no", "batch", "batch code", "batch number", "batch no", "lot id")),
    Field("analyte", "Analyte", "what was tested: Listeria monocytogenes, pH",
          ("analyte", "test", "test name", "parameter", "analysis", "determinand", "component", "characteristic",
           "test description", "assay")),
    Field("method", "Method", "the method used: AOAC 2016.07",
          ("method", "test method", "method reference", "reference method", "procedure", "standard")),
    Field("result", "Result", "a number (4.6) or a finding (not detected)",
          ("result", "value", "reading", "finding", "outcome", "measured", "results", "result value")),
    Field("unit", "Unit", "pH, aw, CFU/g, /25 g",
          ("unit", "units", "uom", "unit of measure", "result unit")),
    Field("limit", "Limit", "the limit as the lab states it: ND in 25 g, <= 4.6",
          ("limit", "limits", "spec", "specification", "criteria", "criterion", "reference range", "max", "maximum")),
    Field("tested_on", "Tested on", "the day of the test",
          ("tested on", "test date", "date tested", "analysis date", "date analysed", "date analyzed", "date",
           "tested", "completed", "date completed", "result date", "reported", "report date")),
)
BY_NAME = {f.name: f for f in FIELDS}
COLUMN_LENGTH = 120  # models.LENGTHS["column"]: a column name as the lab writes it
REQUIRED = ("analyte", "result")  # and one of sample or lot

# How a lab may write its dates, as people say it -> strptime's format
DATE_FORMATS = {"YYYY-MM-DD": "%Y-%m-%d", "DD/MM/YYYY": "%d/%m/%Y", "MM/DD/YYYY": "%m/%d/%Y",
                "DD.MM.YYYY": "%d.%m.%Y", "DD-MM-YYYY": "%d-%m-%Y", "YYYY/MM/DD": "%Y/%m/%d"}
DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab"}


@dataclass(frozen=True)
class Layout:
    """Our field -> the lab's column, with its date format, decimal comma and delimiter."""

    columns: Mapping[str, str] = field(default_factory=dict)
    date_format: str = "YYYY-MM-DD"
    decimal_comma: bool = False
    delimiter: str = ","

    def as_dict(self) -> dict[str, object]:
        return {"columns": dict(self.columns), "date_format": self.date_format, "decimal_comma": self.decimal_comma,
                "delimiter": self.delimiter}

    def column_of(self, name: str) -> str:
        """The lab's column for our field (a problem names what the lab's file calls it)."""
        return self.columns.get(name, name)


def checked(layout: Layout) -> Layout:
    """The layout with its columns trimmed, or LotlineError naming every field at fault."""
    problems = []
    columns = {}
    for name, column in layout.columns.items():
        column = (column or "").strip()
        if name not in BY_NAME:
            problems.append(Problem(ErrorCode.BAD_CHOICE, f"{name!r} is none of our fields: "
                                    f"{', '.join(BY_NAME)}", name))
        elif len(column) > COLUMN_LENGTH:
            problems.append(Problem(ErrorCode.TOO_LONG, f"a column name has at most {COLUMN_LENGTH} characters "
                                    f"({len(column)})", name))
        elif column:
            columns[name] = column
    problems += [Problem(ErrorCode.MISSING, f"say which of the lab's columns holds the {BY_NAME[name].label.lower()}",
                         name) for name in REQUIRED if name not in columns]
    if "sample" not in columns and "lot" not in columns:
        problems.append(Problem(ErrorCode.MISSING, "say which of the lab's columns holds the sample id or the lot "
                                "code (or both)", "sample"))
    seen: dict[str, str] = {}
    for name, column in columns.items():
        if column.casefold() in seen:
            problems.append(Problem(ErrorCode.DUPLICATE_COLUMN, f"the column {column!r} is already the "
                                    f"{BY_NAME[seen[column.casefold()]].label.lower()}: one field per column", name))
        seen.setdefault(column.casefold(), name)
    if layout.date_format not in DATE_FORMATS:
        problems.append(Problem(ErrorCode.BAD_CHOICE, f"the date format is one of {', '.join(DATE_FORMATS)}",
                                "date_format"))
    if layout.delimiter not in DELIMITERS:
        problems.append(Problem(ErrorCode.BAD_CHOICE, "values are separated by a comma, a semicolon or a tab",
                                "delimiter"))
    if problems:
        raise LotlineError(problems[0].code, f"the lab's mapping is not complete: {problems[0].message}",
                           field=problems[0].field, problems=problems)
    return Layout(columns, layout.date_format, bool(layout.decimal_comma), layout.delimiter)


def words(header: str) -> str:
    """A header as its words: "Sample_ID:" -> "sample id"."""
    return " ".join(re.findall(r"[a-z0-9]+", header.casefold()))


def guess(text: str) -> Layout:
    """A first mapping from the start of a lab's file: its header names, delimiter, dates and decimals.

    Each field takes the column whose name is one a lab uses for it, exactly, else the first column
    whose name starts with one; a person confirms (or corrects) the guess before it is saved.
    """
    lines = text.lstrip("\ufeff").splitlines()[:50]
    delimiter = _delimiter(lines[0] if lines else "")
    rows = list(csv.reader(lines, delimiter=delimiter))
    header = [h.strip() for h in (rows[0] if rows else [])]
    columns: dict[str, str] = {}
    for exact in (True, False):
        for f in FIELDS:
            if f.name in columns:
                continue
            for column in header:
                said = words(column)
                taken = column in columns.values()
                if not taken and said and (said in f.names if exact else any(said.startswith(n) for n in f.names)):
                    columns[f.name] = column
                    break
    order = {column: i for i, column in enumerate(header)}
    values = [row for row in rows[1:] if any(cell.strip() for cell in row)]

    def cells(name: str) -> list[str]:
        at = order.get(columns.get(name, ""))
        return [row[at].strip() for row in values if at is not None and at < len(row) and row[at].strip()]

    return Layout({f.name: columns[f.name] for f in FIELDS if f.name in columns}, _date_format(cells("tested_on")),
                  _decimal_comma(cells("result"), delimiter), delimiter)


def _delimiter(header: str) -> str:
    counts = {d: header.count(d) for d in DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _date_format(days: Sequence[str]) -> str:
    """The first date format that reads every day given (YYYY-MM-DD when none do)."""
    for name in DATE_FORMATS:
        try:
            if days and all(read_day(d, name) for d in days):
                return name
        except ValueError:
            continue
    return "YYYY-MM-DD"


def _decimal_comma(results: Sequence[str], delimiter: str) -> bool:
    return delimiter != "," and any(re.fullmatch(r"[-+]?\d+,\d+", r) for r in results)


def day_part(text: str) -> str:
    """The date of a cell that may also hold a time ("2026-03-04 10:15", "2026-03-04T10:15")."""
    return re.split(r"[ T]", text.strip(), maxsplit=1)[0]


def read_day(text: str, date_format: str) -> dt.date:
    """A day written as the lab writes it (`date_format`, a key of DATE_FORMATS); ValueError when not."""
    parsed = time.strptime(day_part(text), DATE_FORMATS[date_format])
    return dt.date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)

"""Text in spreadsheet cells: written so that no spreadsheet runs it, and read back exactly.

Every file Lotline writes for a spreadsheet goes through here, and the import undoes it, so an
export imports back to the very same data.

- CSV (OWASP's advice on CSV injection): a cell that starts with = + - @, a tab or a carriage
  return gets a ' in front, which spreadsheets read as "this is text", so a supplier's lot code
  "=1+1" is shown, never computed. The import takes that ' off again. A value that itself starts
  with ' before one of those characters, or before another ', gets one more ', so taking one off
  always gives the value back.
- XLSX: text cells are stored as text (never formulas). XML cannot hold most control characters,
  nor U+FFFE and U+FFFF, nor a lone carriage return (it reads back as a line feed), so they are
  written the way Excel itself writes them, _x0001_, and a literal "_x0041_" is kept apart from an
  escape as _x005F_x0041_ (an escaped underscore), as Excel does too.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import IO

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
TEXT_MARK = "'"
_MARKED = (*FORMULA_START, TEXT_MARK)

# What XML 1.0 cannot carry (tab and line feed are fine), or carries changed (a carriage return),
# and an escape-like sequence that must not be read back as one.
_XLSX_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\ufffe\uffff]|_(?=x[0-9A-Fa-f]{4}_)")
_XLSX_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def for_csv(text: str) -> str:
    """A CSV cell no spreadsheet runs as a formula: "=1+1" -> "'=1+1"."""
    if text.startswith(FORMULA_START) or (text.startswith(TEXT_MARK) and text[1:2].startswith(_MARKED)):
        return TEXT_MARK + text
    return text


def from_csv(text: str) -> str:
    """The value a CSV cell holds, `for_csv` undone: "'=1+1" -> "=1+1"; "'abc" stays as it is."""
    if text.startswith(TEXT_MARK) and text[1:2].startswith(_MARKED):
        return text[1:]
    return text


def for_xlsx(text: str) -> str:
    """Text an XLSX cell can hold and give back unchanged: "A\\x01B" -> "A_x0001_B"."""
    return _XLSX_UNSAFE.sub(lambda m: f"_x{ord(m.group()):04X}_", text)


def from_xlsx(text: str) -> str:
    """The text of an XLSX cell with Excel's escapes read: "A_x0001_B" -> "A\\x01B"."""
    if "_x" not in text:
        return text
    return _XLSX_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)


class CsvWriter:
    """csv.writer for spreadsheet files: every cell through `for_csv`.

    With lines ending in "\\n" the csv module leaves a carriage return inside a cell unquoted, and a
    reader then ends the row there; a row holding one is written with every cell quoted.
    """

    def __init__(self, out: IO[str], *, lineterminator: str = "\n") -> None:
        self._plain = csv.writer(out, lineterminator=lineterminator)
        self._quoted = csv.writer(out, lineterminator=lineterminator, quoting=csv.QUOTE_ALL)

    def writerow(self, values: Iterable[str]) -> None:
        cells = [for_csv(v) for v in values]
        (self._quoted if "\r" in "".join(cells) else self._plain).writerow(cells)

    def writerows(self, rows: Iterable[Iterable[str]]) -> None:
        for row in rows:
            self.writerow(row)

"""A streaming XLSX writer for the FSMA 204 spreadsheet: rows go straight into the zip as XML.

Why not openpyxl here: its write-only mode builds a cell object per value, about 50 µs a cell on
this machine (bench/fsma204.py), so one product over a year of the 1M-batch dataset (a million
cells and more) would take a minute, against the issue's 5 seconds. The sheets are plain (text,
numbers, dates, a bold header), so the SpreadsheetML they need is small: inline strings, numbers,
dates as serial days with a date style, a frozen header row, an autofilter, column widths. Every
file is read back with openpyxl in the tests, as a person's spreadsheet would read it.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import IO, Any
from xml.sax.saxutils import escape, quoteattr

from lotline.cells import for_xlsx

EPOCH = dt.date(1899, 12, 30)  # serial day 0 of spreadsheets (1900 system, as Excel counts after Feb 1900)
HEADER_STYLE, DATE_STYLE = 1, 2
NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006"

STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="{NS}"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>
<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>
<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>
<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1">
<alignment wrapText="1" vertical="top"/></xf>
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>"""


def column_letter(n: int) -> str:
    """1 -> A, 27 -> AA."""
    letters = ""
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class Workbook:
    """An XLSX file written sheet by sheet, row by row; `close()` writes the workbook's parts."""

    def __init__(self, target: str | Path | IO[bytes]) -> None:
        self.zip = zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1)
        self.titles: list[str] = []

    def sheet(self, title: str, header: Sequence[str], rows: Iterable[Sequence[Any]], widths: Sequence[int]) -> int:
        """Write one sheet: the header (bold, frozen, filtered) then the rows; returns the rows written."""
        self.titles.append(title)
        letters = [column_letter(i) for i in range(1, len(header) + 1)]
        n = 0
        with self.zip.open(f"xl/worksheets/sheet{len(self.titles)}.xml", "w") as raw:
            write = raw.write
            cols = "".join(f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>' for i, w in enumerate(widths, 1))
            write(f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{NS}">'
                  '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" '
                  'state="frozen"/></sheetView></sheetViews>'
                  f'<sheetFormatPr defaultRowHeight="15"/><cols>{cols}</cols><sheetData>'.encode())
            write(_header(header).encode())
            chunk: list[str] = []
            for n, values in enumerate(rows, 1):
                chunk.append(_row(n + 1, values))
                if len(chunk) == 500:
                    write("".join(chunk).encode())
                    chunk = []
            write("".join(chunk).encode())
            write(f'</sheetData><autoFilter ref="A1:{letters[-1]}{n + 1}"/></worksheet>'.encode())
        return n

    def close(self) -> None:
        sheets = "".join(f'<sheet name={quoteattr(t)} sheetId="{i}" r:id="rId{i}"/>'
                         for i, t in enumerate(self.titles, 1))
        rels = "".join(f'<Relationship Id="rId{i}" Type="{REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
                       for i in range(1, len(self.titles) + 1))
        n = len(self.titles)
        overrides = "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
                            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' for i in range(1, n + 1))
        head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        self.zip.writestr("[Content_Types].xml", f'{head}<Types xmlns="{PKG}/content-types">'
                          '<Default Extension="rels" ContentType="application/'
                          'vnd.openxmlformats-package.relationships+xml"/>'
                          '<Default Extension="xml" ContentType="application/xml"/>'
                          '<Override PartName="/xl/workbook.xml" ContentType="application/'
                          'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                          '<Override PartName="/xl/styles.xml" ContentType="application/'
                          f'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>{overrides}</Types>')
        self.zip.writestr("_rels/.rels", f'{head}<Relationships xmlns="{PKG}/relationships"><Relationship Id="rId1" '
                          f'Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        self.zip.writestr("xl/workbook.xml", f'{head}<workbook xmlns="{NS}" xmlns:r="{REL}"><sheets>{sheets}</sheets>'
                          "</workbook>")
        self.zip.writestr("xl/_rels/workbook.xml.rels", f'{head}<Relationships xmlns="{PKG}/relationships">{rels}'
                          f'<Relationship Id="rId{n + 1}" Type="{REL}/styles" Target="styles.xml"/></Relationships>')
        self.zip.writestr("xl/styles.xml", STYLES)
        self.zip.close()


# A text that needs more than wrapping: XML's special characters, what cells.for_xlsx escapes, or
# spaces at either end (kept with xml:space). Most cells need none of it: the fast path.
_SPECIAL = re.compile(r"[&<>\x00-\x08\x0b-\x1f\ufffe\uffff]|_x[0-9A-Fa-f]{4}_|^\s|\s$")


_MEMO: dict[str, str] = {}  # text -> its cell: a row repeats its places' and products' texts
MEMO_SIZE = 100_000


def _text(value: str) -> str:
    cell = _MEMO.get(value)
    if cell is None:
        cell = _text_cell(value)
        if len(_MEMO) < MEMO_SIZE:
            _MEMO[value] = cell
    return cell


def _text_cell(value: str) -> str:
    if not _SPECIAL.search(value):
        return f'<c t="inlineStr"><is><t>{value}</t></is></c>'
    text = escape(for_xlsx(value))
    space = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() else ""
    return f'<c t="inlineStr"><is><t{space}>{text}</t></is></c>'


def _cell(value: Any) -> str:
    """One cell, without its reference: every cell of a row is written, empty ones as <c/>, so each
    is in its column by position."""
    kind = type(value)
    if kind is str:
        return _text(value) if value else "<c/>"
    if value is None:
        return "<c/>"
    if kind is bool:
        return _text("yes" if value else "no")
    if kind is Decimal:
        return f"<c><v>{value:f}</v></c>"
    if kind is int or kind is float:
        return f"<c><v>{value!r}</v></c>"
    if isinstance(value, dt.date):
        day = value.date() if isinstance(value, dt.datetime) else value
        return f'<c s="{DATE_STYLE}"><v>{(day - EPOCH).days}</v></c>'
    return _text(str(value))


def _row(number: int, values: Sequence[Any]) -> str:
    return f'<row r="{number}">{"".join(map(_cell, values))}</row>'


def _header(values: Sequence[str]) -> str:
    cells = "".join(f'<c s="{HEADER_STYLE}" t="inlineStr"><is><t>{escape(v)}</t></is></c>' for v in values)
    return f'<row r="1">{cells}</row>'

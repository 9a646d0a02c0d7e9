"""The barcodes on a label: a QR code, a GS1 DataMatrix and a GS1-128, made by zxing-cpp (whose
writer is zint: GS1 mode starts a DataMatrix with FNC1 and makes a Code 128 a GS1-128) and drawn by
reportlab as vector squares and bars, so they print sharp at any size.
"""

from __future__ import annotations

from dataclasses import dataclass

import zxingcpp
from reportlab.pdfgen.canvas import Canvas

from lotline.errors import ErrorCode, LotlineError

KINDS = ("qr", "datamatrix", "gs1-128")
DEFAULT = ("qr", "datamatrix")


@dataclass(frozen=True)
class Symbol:
    """One barcode: its dark modules, row by row (a linear code has one row of bars)."""

    kind: str
    content: str
    modules: tuple[tuple[bool, ...], ...]

    @property
    def columns(self) -> int:
        return len(self.modules[0])

    @property
    def linear(self) -> bool:
        return self.kind == "gs1-128"


def chosen(text: str | None, default: str = ",".join(DEFAULT)) -> tuple[str, ...]:
    """The kinds a comma-separated list names (the item's setting, or --symbols), in the label's order."""
    asked = [k.strip().lower() for k in (text or default).split(",") if k.strip()]
    if unknown := [k for k in asked if k not in KINDS]:
        raise LotlineError(ErrorCode.BAD_CHOICE, f"unknown barcode {unknown[0]!r}: choose from {', '.join(KINDS)}",
                           field="symbols")
    return tuple(k for k in KINDS if k in asked)


def make(kind: str, content: str) -> Symbol:
    """The symbol holding `content`: a URI for a QR, a bracketed element string for the GS1 kinds."""
    if kind == "qr":
        barcode = zxingcpp.create_barcode(content, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    elif kind == "datamatrix":
        barcode = zxingcpp.create_barcode(content, zxingcpp.BarcodeFormat.DataMatrix, gs1=True, force_square=True)
    else:
        barcode = zxingcpp.create_barcode(content, zxingcpp.BarcodeFormat.Code128, gs1=True)
    image = zxingcpp.write_barcode_to_image(barcode, scale=1, add_quiet_zones=False)
    height, width = image.shape
    pixels = bytes(memoryview(image))  # type: ignore[arg-type]
    rows = range(1) if kind == "gs1-128" else range(height)  # a linear code's rows are all alike
    return Symbol(kind, content, tuple(tuple(pixels[r * width + c] < 128 for c in range(width)) for r in rows))


def draw(canvas: Canvas, symbol: Symbol, x: float, y: float, width: float, height: float) -> None:
    """Draw the symbol in the box whose bottom-left corner is (x, y): a matrix code square, as large as
    fits; a linear code's bars across the whole width and height."""
    canvas.saveState()
    canvas.setFillColorRGB(0, 0, 0)
    if symbol.linear:
        module = width / symbol.columns
        for start, run in _runs(symbol.modules[0]):
            canvas.rect(x + start * module, y, run * module, height, stroke=0, fill=1)
    else:
        module = min(width / symbol.columns, height / len(symbol.modules))
        top = y + module * len(symbol.modules)
        for r, row in enumerate(symbol.modules):
            for start, run in _runs(row):
                canvas.rect(x + start * module, top - (r + 1) * module, run * module, module, stroke=0, fill=1)
    canvas.restoreState()


def _runs(row: tuple[bool, ...]) -> list[tuple[int, int]]:
    """The dark runs of a row as (start, length): one rectangle each, so neighbours leave no hairline."""
    runs, start = [], None
    for i, dark in enumerate((*row, False)):
        if dark and start is None:
            start = i
        elif not dark and start is not None:
            runs.append((start, i - start))
            start = None
    return runs

"""A sheet of a batch's labels as PDF (reportlab): on each label the product, the batch number in large
type, the unit's serial, dates, net quantity, ingredients, the allergen statement, who made it and where,
the cottage food statement, and the barcodes down the right (a GS1-128 along the foot).

The text is set as large as the label allows: the size steps down until every line fits beside the codes.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from .gs1 import digital_link, gs1_ready, lot_address
from .queries import LabelFacts, resolver
from .stocks import Stock
from .symbols import draw, make

PAD = 1.6 * mm  # inside a label's edge: label stock is cut to about a millimetre
GAP = 1.2 * mm
SIZES = [x / 4 for x in range(28, 13, -1)]  # 7 pt down to 3.5 pt
BAR_HEIGHT = 5 * mm
HRI_SIZE = 4.5


def label_sheet(facts: LabelFacts, stock: Stock, kinds: tuple[str, ...], serials: list[str | None]) -> bytes:
    """The PDF: one label per serial (None for a product without serials), filling pages of the stock."""
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=stock.page, pageCompression=1)
    canvas.setTitle(f"Labels for {facts.batch}")
    canvas.setAuthor("Lotline")
    canvas.setSubject(f"{facts.product}, batch {facts.batch}")
    for i, serial in enumerate(serials):
        if i and i % stock.per_page == 0:
            canvas.showPage()
        x, y = stock.corner(i % stock.per_page)
        _label(canvas, facts, kinds, serial, x, y, stock.width, stock.height)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def contents(facts: LabelFacts, kind: str, serial: str | None) -> str:
    """What one barcode of a unit holds: a Digital Link URI (a Lotline address for a product without a
    GTIN) in the QR, the bracketed element string in the GS1 symbols."""
    unit = facts.unit(serial)
    if kind == "qr":
        return digital_link(unit, resolver()) if facts.gtin else lot_address(facts.batch, resolver())
    return gs1_ready(unit)


def _label(canvas: Canvas, facts: LabelFacts, kinds: tuple[str, ...], serial: str | None, x: float, y: float,
           width: float, height: float) -> None:
    left, bottom, right, top = x + PAD, y + PAD, x + width - PAD, y + height - PAD
    if "gs1-128" in kinds:
        hri = contents(facts, "gs1-128", serial)
        draw(canvas, make("gs1-128", hri), left, bottom + HRI_SIZE + 0.5, right - left, BAR_HEIGHT)
        canvas.setFont("Helvetica", HRI_SIZE)
        canvas.drawCentredString((left + right) / 2, bottom, hri)
        bottom += BAR_HEIGHT + HRI_SIZE + 0.5 + GAP
    matrix = [k for k in kinds if k != "gs1-128"]
    if matrix:
        side = min((top - bottom - GAP * (len(matrix) - 1)) / len(matrix), (right - left) * 0.36)
        for n, kind in enumerate(matrix):
            draw(canvas, make(kind, contents(facts, kind, serial)), right - side,
                 top - side - n * (side + GAP), side, side)
        right -= side + GAP
    _text(canvas, facts, serial, left, bottom, right - left, top - bottom)


def _lines(facts: LabelFacts, serial: str | None, size: float, width: float) -> list[Paragraph]:
    body = ParagraphStyle("label", fontName="Helvetica", fontSize=size, leading=size * 1.15)
    bold = ParagraphStyle("label_bold", body, fontName="Helvetica-Bold")
    big_size = min(size * 2, _fitting(facts.batch, "Helvetica-Bold", width))
    big = ParagraphStyle("label_batch", bold, fontSize=big_size, leading=big_size * 1.1)
    dates = [f"Made {facts.made:%Y-%m-%d}"]
    if facts.best_by:
        dates.append(f"Best by {facts.best_by:%Y-%m-%d}")
    if facts.net:
        dates.append(f"Net {escape(facts.net)}")
    lines = [Paragraph(escape(facts.product), bold), Paragraph(escape(facts.batch), big)]
    if serial:
        lines.append(Paragraph(f"Unit {escape(facts.batch)}-{escape(serial)}", body))
    lines.append(Paragraph(" · ".join(dates), body))
    if facts.ingredients:
        lines.append(Paragraph("<b>Ingredients:</b> " + escape(", ".join(facts.ingredients)) + ".", body))
    if facts.allergens:
        lines.append(Paragraph(escape(facts.allergens), bold))
    who = ", ".join(p for p in (facts.business, facts.address) if p)
    if who:
        lines.append(Paragraph(escape(who), body))
    if facts.cottage:
        lines.append(Paragraph(escape(facts.cottage), bold))
    return lines


def _fitting(text: str, font: str, width: float) -> float:
    return width / max(stringWidth(text, font, 1), 1)


def _text(canvas: Canvas, facts: LabelFacts, serial: str | None, x: float, y: float, width: float,
          height: float) -> None:
    """The label's words, at the largest size that fits (the smallest when nothing does: never cut off)."""
    lines: list[Paragraph] = []
    heights: list[float] = []
    for size in SIZES:
        lines = _lines(facts, serial, size, width)
        heights = [line.wrap(width, height)[1] for line in lines]
        if sum(heights) <= height:
            break
    top = y + height
    for line, h in zip(lines, heights, strict=True):
        line.drawOn(canvas, x, top - h)
        top -= h

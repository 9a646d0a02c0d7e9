"""A version of the plan as PDF, drawn from its Markdown (the text the version keeps), so the paper
says exactly what `lotline plan --md` and the page say. markdown-it reads the Markdown; the few kinds
of block the plan is written in (headings, paragraphs, lists, tables) become reportlab flowables.
"""

from __future__ import annotations

import io
from typing import Any
from xml.sax.saxutils import escape

from markdown_it import MarkdownIt
from markdown_it.token import Token
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, ListFlowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from .models import PlanVersion

MARGIN = 18 * mm
GREY, LINE, PALE_GREY = colors.HexColor("#5f6b73"), colors.HexColor("#c9d1d6"), colors.HexColor("#f2f4f5")
_SHEET = getSampleStyleSheet()
BODY = ParagraphStyle("plan_body", _SHEET["BodyText"], fontName="Helvetica", fontSize=10, leading=13.5, spaceBefore=2,
                      spaceAfter=4)
CELL = ParagraphStyle("plan_cell", BODY, fontSize=9, leading=11.5, spaceAfter=0)
HEAD_CELL = ParagraphStyle("plan_head_cell", CELL, fontName="Helvetica-Bold", textColor=GREY)
ITEM = ParagraphStyle("plan_item", BODY, spaceBefore=0, spaceAfter=2)
H1 = ParagraphStyle("plan_h1", _SHEET["Heading1"], fontName="Helvetica-Bold", fontSize=18, leading=22, spaceAfter=6,
                    keepWithNext=1)
H2 = ParagraphStyle("plan_h2", _SHEET["Heading2"], fontName="Helvetica-Bold", fontSize=13, leading=16,
                    spaceBefore=10, spaceAfter=4, keepWithNext=1)
PARSER = MarkdownIt("js-default")  # CommonMark with tables, and no raw HTML: a setting is shown as text
INLINE = {"strong_open": "<b>", "strong_close": "</b>", "em_open": "<i>", "em_close": "</i>",
          "softbreak": " ", "hardbreak": "<br/>"}


def plan_pdf(version: PlanVersion) -> bytes:
    """The PDF of one version; every page names the version, its SHA-256 and its page number."""
    out = io.BytesIO()
    title = f"Traceability plan, version {version.version}"
    doc = SimpleDocTemplate(out, pagesize=A4, title=title, author="Lotline", subject="FSMA 204 traceability plan "
                            "(21 CFR 1.1315)", leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN + 4 * mm,
                            bottomMargin=MARGIN + 4 * mm)
    foot = f"{title} · SHA-256 of its Markdown {version.sha256}"

    def furniture(canvas: Canvas, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 7)
        canvas.setFillColor(GREY)
        canvas.drawString(MARGIN, MARGIN - 2 * mm, foot)
        canvas.drawRightString(A4[0] - MARGIN, MARGIN - 2 * mm + 9, f"page {doc.page}")
        canvas.restoreState()

    doc.build(flowables(version.markdown), onFirstPage=furniture, onLaterPages=furniture)
    return out.getvalue()


def flowables(text: str) -> list[Flowable]:
    """The plan's Markdown as reportlab flowables."""
    tokens = PARSER.parse(text)
    story: list[Flowable] = []
    i = 0
    while i < len(tokens):
        t = tokens[i]
        if t.type == "heading_open":
            story.append(Paragraph(markup(tokens[i + 1]), H1 if t.tag == "h1" else H2))
            i += 3
        elif t.type == "paragraph_open":
            paragraph = Paragraph(markup(tokens[i + 1]), BODY)
            # a paragraph that introduces a table stays on its page
            paragraph.keepWithNext = i + 3 < len(tokens) and tokens[i + 3].type == "table_open"
            story.append(paragraph)
            i += 3
        elif t.type == "bullet_list_open":
            end = _closing(tokens, i)
            items = [Paragraph(markup(x), ITEM) for x in tokens[i:end] if x.type == "inline"]
            story += [ListFlowable(items, bulletType="bullet", start="•", leftIndent=12, bulletFontSize=8),
                      Spacer(1, 2 * mm)]
            i = end + 1
        elif t.type == "table_open":
            end = _closing(tokens, i)
            story += [_table(tokens[i:end]), Spacer(1, 3 * mm)]
            i = end + 1
        else:
            i += 1
    return story


def _closing(tokens: list[Token], start: int) -> int:
    """The index of the token closing the block opened at `start`."""
    depth = 0
    for j in range(start, len(tokens)):
        depth += tokens[j].nesting if tokens[j].level == tokens[start].level else 0
        if depth == 0:
            return j
    return len(tokens) - 1


def _table(tokens: list[Token]) -> Table:
    rows: list[list[Paragraph]] = []
    header = True
    for t in tokens:
        if t.type == "tr_open":
            rows.append([])
        elif t.type == "tbody_open":
            header = False
        elif t.type == "inline":
            rows[-1].append(Paragraph(markup(t), HEAD_CELL if header else CELL))
    table = Table(rows, repeatRows=1, hAlign="LEFT", colWidths=_widths(len(rows[0]) if rows else 1))
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"), ("BACKGROUND", (0, 0), (-1, 0), PALE_GREY),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, GREY), ("LINEBELOW", (0, 1), (-1, -1), 0.3, LINE),
        ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]))
    return table


def _widths(columns: int) -> list[Any]:
    """The FTL table (code, name, kind) and the products' (code, name, batch number, example)."""
    if columns == 4:
        return [20 * mm, 40 * mm, None, 38 * mm]
    if columns == 3:
        return [30 * mm, None, 30 * mm]
    return [None] * columns


def markup(inline: Token) -> str:
    """An inline token's text as a Paragraph's markup: escaped, with bold, italics and code kept."""
    out = []
    for child in inline.children or []:
        if child.type == "text":
            out.append(escape(child.content))
        elif child.type == "code_inline":
            out.append(f'<font face="Courier">{escape(child.content)}</font>')
        else:
            out.append(INLINE.get(child.type, ""))
    return "".join(out)

"""The recall report (and the drill's): one PDF an auditor reads from the first page to the last.

In order: what started the case and the figures that answer "is it under control" (scope, customers
told, share accounted for), the timeline of actions, the lineage picture (a landscape page), the
affected lots with quantities, the customers and whether each was told, the mass balance (lots that
do not reconcile first), the per-site checklist, and the batches NOT affected: the proof that 40 jars,
not 500, were pulled. Every page names the case and its page number; a drill's says DRILL at its top.
The foot of every page states the event log's head, signed when the report is made (a checkpoint,
as every trace or recall report makes), so the report can be checked against the ledger later.

The rendering reads only `case_details` (and the scope's links for the picture): what the pages and
the API show is what the paper shows.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape

from django.db import connection
from django.utils import timezone
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from lotline.accounts.rights import Right, Who, require
from lotline.ledger.checkpoints import Seal, seal
from lotline.quantities import said, shown
from lotline.trace.pdfpicture import lineage_flowable
from lotline.trace.queries import TraceLink

from .answers import CaseDetails
from .models import CaseKind, Role
from .queries import case_details, find_case

MARGIN = 16 * mm
RED, GREEN, GREY = colors.HexColor("#a3122a"), colors.HexColor("#1e7b3a"), colors.HexColor("#5f6b73")
PALE_RED, PALE_GREY, LINE = colors.HexColor("#fde8eb"), colors.HexColor("#f2f4f5"), colors.HexColor("#c9d1d6")
# Paper has no scrolling: the picture keeps to what a landscape page shows legibly, the first steps
# of production (a rework chain can run to dozens) and 8 nodes a column, the rest folded into a count;
# the tables after it list everything.
LINEAGE_ROWS = 8
LINEAGE_DEPTH = 3

_SHEET = getSampleStyleSheet()
BODY = ParagraphStyle("body", _SHEET["BodyText"], fontName="Helvetica", fontSize=9.5, leading=12.5)
SMALL = ParagraphStyle("small", BODY, fontSize=8, leading=10)
CELL = ParagraphStyle("cell", BODY, fontSize=8, leading=9.6)
CELL_RIGHT = ParagraphStyle("cell_right", CELL, alignment=TA_RIGHT)
HEAD_CELL = ParagraphStyle("head_cell", CELL, fontName="Helvetica-Bold", textColor=GREY)
HEAD_RIGHT = ParagraphStyle("head_right", HEAD_CELL, alignment=TA_RIGHT)
H1 = ParagraphStyle("h1", _SHEET["Heading1"], fontName="Helvetica-Bold", fontSize=17, leading=21, spaceAfter=4)
H2 = ParagraphStyle("h2", _SHEET["Heading2"], fontName="Helvetica-Bold", fontSize=12.5, leading=16, spaceBefore=10,
                    spaceAfter=4)


# --- what a report is made from ------------------------------------------------------------------

SCOPE_LINKS_SQL = f"""
SELECT b.code, i.code, u.quantity, u.unit, u.quantity_in_lot_unit, i.unit
FROM recall_case_lot cb JOIN lot_input u ON u.batch_id = cb.lot_id
    JOIN recall_case_lot ci ON ci.lot_id = u.input_lot_id AND ci.case_id = cb.case_id
    JOIN lot b ON b.id = cb.lot_id JOIN lot i ON i.id = u.input_lot_id
WHERE cb.case_id = %s AND cb.role <> '{Role.NOT_AFFECTED}' AND ci.role <> '{Role.NOT_AFFECTED}'
ORDER BY b.code, i.code
"""


def scope_links(case_pk: int) -> list[TraceLink]:
    """Which lot of the scope went into which batch of it: the edges of the lineage picture."""
    with connection.cursor() as cur:
        cur.execute(SCOPE_LINKS_SQL, [case_pk])
        rows = cur.fetchall()
    return [TraceLink(batch=b, lot=i, quantity=Decimal(str(q)), unit=u, quantity_in_lot_unit=Decimal(str(ql)),
                      lot_unit=lu) for b, i, q, u, ql, lu in rows]


def case_report_pdf(case_id: str, *, actor: Who) -> bytes:
    """The report of a case or drill as PDF bytes. Anyone who may export may download it (owners,
    staff, auditors); making it signs the ledger's head, which every page then states."""
    require(actor, Right.EXPORT)
    case = find_case(case_id)
    details = case_details(case.code)
    sealed = seal("drill report" if details["kind"] == CaseKind.DRILL else "recall report")
    return render(details, scope_links(case.pk), sealed)


# --- the document --------------------------------------------------------------------------------


def render(details: CaseDetails, links: Sequence[TraceLink], sealed: Seal) -> bytes:
    """The PDF of a case as `case_details` reads it (pure: no database)."""
    out = io.BytesIO()
    drill = details["kind"] == CaseKind.DRILL
    name = f"{'Drill (mock recall)' if drill else 'Recall case'} {details['id']}"
    made = timezone.localtime().strftime("%Y-%m-%d %H:%M %Z")
    doc = BaseDocTemplate(out, pagesize=A4, title=f"{name}: {details['title']}", author="Lotline",
                          subject="DRILL: mock recall report" if drill else "Recall report",
                          leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN + 8 * mm,
                          bottomMargin=MARGIN + 4 * mm)
    furniture = _Furniture(name, details["title"], drill, made, sealed)
    portrait = Frame(MARGIN, MARGIN + 4 * mm, A4[0] - 2 * MARGIN, A4[1] - 2 * MARGIN - 12 * mm, id="portrait")
    wide = landscape(A4)
    across = Frame(MARGIN, MARGIN + 4 * mm, wide[0] - 2 * MARGIN, wide[1] - 2 * MARGIN - 12 * mm, id="landscape")
    doc.addPageTemplates([PageTemplate("portrait", [portrait], onPage=furniture.draw, pagesize=A4),
                          PageTemplate("landscape", [across], onPage=furniture.draw, pagesize=wide)])
    doc.build(_story(details, links, drill, sealed), canvasmaker=_NumberedCanvas)
    return out.getvalue()


class _Furniture:
    """What every page carries: the case's name at the top (DRILL in a red band for a drill), and at
    the foot the page number, when the report was made and the signed ledger head."""

    def __init__(self, name: str, title: str, drill: bool, made: str, sealed: Seal) -> None:
        self.name, self.title, self.drill, self.made, self.sealed = name, title, drill, made, sealed

    def draw(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        width, height = doc.pageTemplate.pagesize  # this page's (the lineage's is landscape)
        canvas.saveState()
        top = height - MARGIN + 2 * mm
        if self.drill:
            canvas.setFillColor(RED)
            canvas.rect(MARGIN, top - 3 * mm, width - 2 * MARGIN, 8 * mm, stroke=0, fill=1)
            canvas.setFillColor(colors.white)
            canvas.setFont("Helvetica-Bold", 10)
            canvas.drawString(MARGIN + 3 * mm, top, "DRILL: a mock recall. No stock changed, nothing held, "
                                                    "nobody notified.")
            canvas.drawRightString(width - MARGIN - 3 * mm, top, "DRILL")
        else:
            canvas.setFillColor(GREY)
            canvas.setFont("Helvetica-Bold", 9)
            canvas.drawString(MARGIN, top, f"Lotline · {self.name}")
            canvas.setFont("Helvetica", 9)
            canvas.drawRightString(width - MARGIN, top, _clip(self.title, 70))
            canvas.setStrokeColor(LINE)
            canvas.line(MARGIN, top - 2.5 * mm, width - MARGIN, top - 2.5 * mm)
        canvas.setFillColor(GREY)
        canvas.setFont("Helvetica", 7)
        foot = MARGIN - 2 * mm
        canvas.drawString(MARGIN, foot + 9, f"{self.name} · report made {self.made}")
        canvas.drawString(MARGIN, foot, _clip(self.sealed.line(), 150))
        canvas.restoreState()


class _NumberedCanvas(Canvas):
    """A canvas that writes "page N of M" once it knows M (pages are kept until the document ends)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()  # type: ignore[attr-defined]  # reportlab's own recipe for "page N of M"

    def save(self) -> None:
        for state in self._pages:
            self.__dict__.update(state)
            width = self._pagesize[0]  # type: ignore[attr-defined]  # the page's own size (some are landscape)
            self.saveState()
            self.setFont("Helvetica-Bold", 8)
            self.setFillColor(GREY)
            number = f"page {self.getPageNumber()} of {len(self._pages)}"
            self.drawRightString(width - MARGIN, MARGIN - 2 * mm + 9, number)
            self.restoreState()
            super().showPage()
        super().save()


def _story(details: CaseDetails, links: Sequence[TraceLink], drill: bool, sealed: Seal) -> list[Flowable]:
    story: list[Flowable] = [Paragraph(_text(f"{'DRILL ' if drill else ''}{details['id']}: {details['title']}"), H1)]
    story += _summary(details, drill)
    story += _timeline(details)
    if drill:
        story += _what_went_in(details)
    story += _lineage(details, links)
    story += _affected(details)
    story += _customers(details, drill)
    story += _balance(details)
    story += _sites(details)
    story += _not_affected(details)
    story += [Spacer(1, 6 * mm), Paragraph(_text(f"This report states the event log's {sealed.line()}."), SMALL)]
    return story


# --- the sections --------------------------------------------------------------------------------


def _summary(d: CaseDetails, drill: bool) -> list[Flowable]:
    closed = next((a for a in reversed(d["actions"]) if a["action"] == "closed"), None)
    status = d["status"] if not closed or d["status"] != "closed" else (
        f"closed {closed['at'][:16].replace('T', ' ')} by {closed['actor']}: {closed['note']}")
    told = sum(1 for c in d["notifications"] if c["notified"])
    unreconciled = [b for b in d["mass_balance"] if not b["reconciled"]]
    held = sum(1 for lot in d["lots"] + d["batches"] if lot["status"] == "on_hold")
    rows = [
        ("Started by", d["trigger_said"]),
        ("Opened", f"{d['opened_at'][:16].replace('T', ' ')} by {d['opened_by']} (event #{d['opened_event']})"),
        ("Status", status),
        ("Scope", f"{len(d['lots'])} received lot{_s(d['lots'])} and {len(d['batches'])} batch"
                  f"{'es' if len(d['batches']) != 1 else ''} affected, to any depth; "
                  f"{len(d['customers'])} customer{_s(d['customers'])} received units"),
        ("Customers told", "not in a drill (nobody is notified)" if drill else f"{told} of {len(d['notifications'])}"),
        ("On hand", f"{len(d['on_hand'])} lot{_s(d['on_hand'])} with units on hand; {held} on hold"),
        ("Accounted for", f"{_pct(d['accounted_percent'])} of the product (mean over {len(d['mass_balance'])} "
                          f"lot{_s(d['mass_balance'])}); {len(unreconciled)} lot{_s(unreconciled)} do"
                          f"{'es' if len(unreconciled) == 1 else ''} not reconcile"),
        ("Not affected", f"{d['not_affected_total']} batch{'es' if d['not_affected_total'] != 1 else ''} of the same "
                         f"products and sites{_period(d)} used none of the matched lots"),
    ]
    if drill:
        rows.insert(3, ("Time taken", _drill_time(d)))
    data = [[Paragraph(_text(k), HEAD_CELL), Paragraph(_text(v), CELL)] for k, v in rows]
    table = Table(data, colWidths=[32 * mm, None], hAlign="LEFT")
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LINEBELOW", (0, 0), (-1, -1), 0.4, LINE),
                               ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]))
    if unreconciled:
        at = next(i for i, (k, _v) in enumerate(rows) if k == "Accounted for")
        table.setStyle(TableStyle([("BACKGROUND", (0, at), (-1, at), PALE_RED)]))
    return [table]


def _drill_time(d: CaseDetails) -> str:
    report = next((a for a in d["actions"] if a["action"] == "reported"), None)
    if report is None:
        return "the clock is still running (it stops when the drill's report is made)"
    return f"{report['note'] or report['said']}"


def _timeline(d: CaseDetails) -> list[Flowable]:
    rows = [[a["at"][:16].replace("T", " "), a["actor"], a["said"] + (f" ({a['note']})" if a["note"] and
                                                                     a["note"] not in a["said"] else "")]
            for a in d["actions"]]
    return [Paragraph("Timeline of actions", H2),
            _table(["When", "Who", "What"], rows, [30 * mm, 28 * mm, None])]


def _what_went_in(d: CaseDetails) -> list[Flowable]:
    """A drill backward from a finished batch: every ingredient lot that went into it, to any depth,
    with its supplier (the trace back), before the forward part that the case's scope holds."""
    from lotline.trace.queries import trace_back

    out: list[Flowable] = []
    for code in d["trigger"].get("lots", []):
        back = trace_back(code)
        if not back["lots"]:
            continue
        rows = [[lot["code"], f"{lot['item_name']} ({lot['item']})", lot.get("supplier_name", ""),
                 lot.get("supplier_lot", ""), lot["date"],
                 _used(lot.get("quantity_used"), lot["unit"])]
                for lot in back["lots"]]
        out += [Paragraph(_text(f"What went into {code} (traced back)"), H2),
                _table(["Lot", "Item", "Supplier", "Supplier lot", "Received", "Used"], rows,
                       [30 * mm, None, 30 * mm, 24 * mm, 20 * mm, 22 * mm], right=(5,))]
    return out


def _used(quantity: Decimal | None, unit: str) -> str:
    return "" if quantity is None else said(quantity, unit)


def _lineage(d: CaseDetails, links: Sequence[TraceLink]) -> list[Flowable]:
    drawn = [b for b in d["batches"] if (b.get("depth") or 0) <= LINEAGE_DEPTH]
    codes = {lot["code"] for lot in d["lots"] + drawn}
    customers = [{**c, "shipments": [s for s in c["shipments"] if s["lot"] in codes]} for c in d["customers"]]
    customers = [c for c in customers if c["shipments"]]
    crowded = len(drawn) > LINEAGE_ROWS  # then the customers' lanes would cross every column: tables list them
    answer = {"direction": "recall", "subject": [], "lots": d["lots"], "batches": drawn,
              "customers": [] if crowded else customers,
              "links": [link for link in links if link["batch"] in codes and link["lot"] in codes],
              "not_affected": d["not_affected"][:LINEAGE_ROWS]}
    legend = ("Red: affected (lots received from the notice or named, every batch they went into, every customer "
              "who received them). Green: batches of the same products made in the period that are NOT affected. "
              "Codes marked (held) were on hold when the report was made.")
    if crowded:
        legend += f" The {len(d['customers'])} customers are listed after the lots, not drawn."
    if deeper := len(d["batches"]) - len(drawn):
        legend += (f" The picture shows the first {LINEAGE_DEPTH} steps of production; {deeper} batches further "
                   f"down, and the customers who received only those, are in the tables that follow.")
    return [NextPageTemplate("landscape"), PageBreak(), Paragraph("Lineage", H2), Paragraph(_text(legend), SMALL),
            Spacer(1, 3 * mm), lineage_flowable(answer, max_rows=LINEAGE_ROWS, max_height=150 * mm),
            NextPageTemplate("portrait"), PageBreak()]


def _affected(d: CaseDetails) -> list[Flowable]:
    rows = []
    for lot in d["lots"] + d["batches"]:
        origin = lot.get("supplier_name", "") + (f" · {lot['supplier_lot']}" if lot.get("supplier_lot") else "")
        rows.append([lot["code"], f"{lot['item_name']} ({lot['item']})", lot["date"], lot["site"],
                     origin or ("made here" if lot["kind"] == "batch" else ""), said(lot["quantity"], lot["unit"]),
                     said(lot.get("on_hand", 0), lot["unit"]), lot["status"].replace("_", " ")])
    return [Paragraph("Affected lots and batches", H2),
            _table(["Code", "Item", "Date", "Site", "From", "Made or received", "On hand", "Status"], rows,
                   [30 * mm, None, 18 * mm, 14 * mm, 30 * mm, 20 * mm, 18 * mm, 15 * mm], right=(5, 6))]


def _customers(d: CaseDetails, drill: bool) -> list[Flowable]:
    rows, told = [], []
    for c in d["notifications"]:
        got = "<br/>".join(_text(f"{r['lot']}: {said(r['quantity'], r['unit'])}"
                                 + (f", {shown(r['returned'])} returned" if r["returned"] else ""))
                           for r in c["received"])
        if c["notified"]:
            n = c["notices"][-1]
            notice = _text(f"yes: {n['how']}, {n['notified_at'][:16].replace('T', ' ')}, by {n['by']}"
                           + (f" ({n['note']})" if n["note"] else ""))
        else:
            notice = "drill: not notified" if drill else '<font color="#a3122a"><b>NOT notified</b></font>'
        contact = "<br/>".join(_text(x) for x in (c["contact"], c["address"]) if x)
        rows.append([Paragraph(f"<b>{_text(c['name'])}</b> ({_text(c['customer'])})<br/>{contact}", CELL),
                     Paragraph(got, CELL), Paragraph(notice, CELL)])
        told.append(c["notified"])
    table = _table(["Customer and contact", "Received (and returned)", "Told"], rows, [62 * mm, 56 * mm, None])
    if not drill:
        table.setStyle(TableStyle([("BACKGROUND", (0, i + 1), (-1, i + 1), PALE_RED)
                                   for i, ok in enumerate(told) if not ok]))
    return [CondPageBreak(40 * mm), Paragraph("Customers who received units", H2),
            table if rows else Paragraph("No customer received units of the affected lots.", BODY)]


def _balance(d: CaseDetails) -> list[Flowable]:
    rows = []
    for b in d["mass_balance"]:
        counted = "" if b["counted"] is None else shown(b["counted"])
        if b["missing"]:
            counted += f" ({shown(b['missing'])} missing)"
        elif b["surplus"]:
            counted += f" ({shown(b['surplus'])} over)"
        rows.append([b["code"], b["unit"], shown(b["in"]), shown(b["shipped"]), shown(b["consumed"]),
                     shown(b["discarded"]), shown(b["on_hand"]), counted, _pct(b["accounted_percent"])])
    rows.append(["The case", "", "", "", "", "", "", "", _pct(d["accounted_percent"])])
    table = _table(["Lot", "Unit", "In", "Shipped", "Consumed", "Discarded", "On hand (book)", "Counted",
                    "Accounted"], rows, [30 * mm, 13 * mm, 15 * mm, 16 * mm, 17 * mm, 17 * mm, 19 * mm, None, 18 * mm],
                   right=tuple(range(2, 9)))
    style = [("BACKGROUND", (0, i + 1), (-1, i + 1), PALE_RED)
             for i, b in enumerate(d["mass_balance"]) if not b["reconciled"]]
    table.setStyle(TableStyle([*style, ("FONTNAME", (0, len(rows)), (-1, len(rows)), "Helvetica-Bold"),
                               ("LINEABOVE", (0, len(rows)), (-1, len(rows)), 0.8, GREY)]))
    intro = ("Per lot, in its own unit: in = shipped + consumed (into other batches) + discarded + on hand. Where "
             "the shelf was counted, a count below the book lowers the share accounted for; lots that do not "
             "reconcile come first, shaded.")
    return [CondPageBreak(40 * mm), Paragraph("Mass balance", H2), Paragraph(intro, SMALL), Spacer(1, 2 * mm), table]


def _sites(d: CaseDetails) -> list[Flowable]:
    out: list[Flowable] = [CondPageBreak(30 * mm), Paragraph("Checklist per site", H2)]
    if not d["sites"]:
        out.append(Paragraph("No affected lot has units on hand at any site.", BODY))
    for site in d["sites"]:
        done = (f"confirmed {(site['confirmed_at'] or '')[:16].replace('T', ' ')} by {site['confirmed_by']}"
                + (f": {site['note']}" if site["note"] else "")) if site["confirmed"] else "NOT confirmed"
        head = Paragraph(f"<b>{_text(site['site_name'])}</b> ({_text(site['site'])}): {site['held']} held, "
                         f"{site['to_hold']} still to hold, {site['counted']} counted; {_text(done)}", BODY)
        rows = [[lot["code"], lot["item_name"], said(lot["on_hand"], lot["unit"]), lot["status"].replace("_", " "),
                 "" if lot["counted"] is None else said(lot["counted"], lot["unit"])] for lot in site["lots"]]
        out.append(KeepTogether([head, Spacer(1, 1.5 * mm),
                                 _table(["Lot", "Item", "On hand", "Status", "Counted"], rows,
                                        [32 * mm, None, 26 * mm, 20 * mm, 26 * mm], right=(2, 4)),
                                 Spacer(1, 3 * mm)]))
    return out


def _not_affected(d: CaseDetails) -> list[Flowable]:
    total, shown_rows = d["not_affected_total"], d["not_affected"]
    intro = (f"{total} batch{'es' if total != 1 else ''} of the products made with the matched lots, at the same "
             f"sites{_period(d)}, used none of them: they stay on sale.")
    if total > len(shown_rows):
        intro += f" The first {len(shown_rows)} are listed."
    rows = [[lot["code"], f"{lot['item_name']} ({lot['item']})", lot["date"], lot["site"],
             said(lot["quantity"], lot["unit"])] for lot in shown_rows]
    out: list[Flowable] = [CondPageBreak(40 * mm), Paragraph("Batches NOT affected", H2), Paragraph(_text(intro), BODY),
                           Spacer(1, 2 * mm)]
    if rows:
        out.append(_table(["Batch", "Item", "Made", "Site", "Quantity"], rows,
                          [34 * mm, None, 22 * mm, 20 * mm, 28 * mm], right=(4,)))
    return out


# --- small helpers -------------------------------------------------------------------------------


def _table(header: list[str], rows: list[list[Any]], widths: list[Any], *, right: tuple[int, ...] = ()) -> Table:
    """A table that wraps its cells, repeats its header on every page and splits across pages."""
    def cell(value: Any, col: int) -> Any:
        if isinstance(value, Flowable):
            return value
        return Paragraph(_text(str(value)), CELL_RIGHT if col in right else CELL)
    data = [[Paragraph(_text(h), HEAD_RIGHT if i in right else HEAD_CELL) for i, h in enumerate(header)]]
    data += [[cell(v, i) for i, v in enumerate(row)] for row in rows]
    table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LINEBELOW", (0, 0), (-1, 0), 0.8, GREY),
        ("LINEBELOW", (0, 1), (-1, -1), 0.3, LINE), ("BACKGROUND", (0, 0), (-1, 0), PALE_GREY),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3)]))
    return table


def _text(value: str) -> str:
    """Plain text for a Paragraph (which reads a little XML): escaped, line breaks kept."""
    return escape(value).replace("\n", "<br/>")


def _clip(value: str, limit: int) -> str:
    return value if len(value) <= limit else value[:limit - 1] + "…"


def _s(items: Sequence[Any]) -> str:
    return "" if len(items) == 1 else "s"


def _pct(value: Decimal) -> str:
    return f"{shown(value)}%"


def _period(d: CaseDetails) -> str:
    if d["compared_from"] and d["compared_until"]:
        return f" from {d['compared_from']} to {d['compared_until']}"
    return ""

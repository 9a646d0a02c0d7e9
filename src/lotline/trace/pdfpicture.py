"""The lineage picture of a trace or recall, drawn on a PDF page (reportlab).

The same layout as the web page's SVG (`picture.layout`: columns, folding, lanes), drawn with
reportlab's canvas instead of SVG text, and scaled down to the frame it is placed in: an auditor
reads the same picture on paper as on the screen. Colours are the page's; a printout in grey still
tells the affected (dark border, hatched) from the not affected (light) by the legend's words.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from reportlab.lib import colors
from reportlab.platypus import Flowable

from .picture import MAX_ROWS, NODE_H, PAD, ROW_GAP, TOP, Node, Picture, layout

# Narrower than on screen: paper has no sideways scroll, so six columns must fit a landscape page
NODE_W, COL_GAP, TEXT_CHARS = 150, 24, 24

FILL = {"affected": colors.HexColor("#fde8eb"), "not_affected": colors.HexColor("#e6f4ea"),
        "plain": colors.white, "muted": colors.HexColor("#f6f7f8")}
STROKE = {"affected": colors.HexColor("#a3122a"), "not_affected": colors.HexColor("#a8d5b5"),
          "plain": colors.HexColor("#b9c3c9"), "start": colors.HexColor("#1d2327")}
EDGE = {True: colors.HexColor("#a3122a"), False: colors.HexColor("#9aa5ab")}
INK, MUTED = colors.HexColor("#1d2327"), colors.HexColor("#5f6b73")


class LineageFlowable(Flowable):
    """A Picture as a flowable, no wider than the frame (scaled down, never up)."""

    def __init__(self, picture: Picture, *, max_height: float | None = None) -> None:
        super().__init__()
        self.picture = picture
        self.max_height = max_height
        cols = picture.columns
        rows = max((c.rows for c in cols), default=0)
        self.natural_w = 2 * PAD + len(cols) * NODE_W + max(len(cols) - 1, 0) * COL_GAP
        self.natural_h = TOP + rows * (NODE_H + ROW_GAP) + PAD
        self.scale = 1.0

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        limit_h = min(avail_h, self.max_height) if self.max_height else avail_h
        self.scale = min(1.0, avail_w / self.natural_w, limit_h / self.natural_h) if self.natural_h else 1.0
        self.width, self.height = self.natural_w * self.scale, self.natural_h * self.scale
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        c.saveState()
        # SVG coordinates run down from the top: flip once, then draw as the SVG does
        c.translate(0, self.height)
        c.scale(self.scale, -self.scale)
        where: dict[str, tuple[int, float]] = {}
        for i, column in enumerate(self.picture.columns):
            _text(c, _x(i), TOP - 12, column.title, 9, MUTED, bold=True)
            for node in column.nodes:
                where[node.id] = (i, node.row)
        for src, dst, hot in self.picture.edges:
            _edge(c, self.picture, where, src, dst, hot)
        for i, column in enumerate(self.picture.columns):
            for node in column.nodes:
                _node(c, node, _x(i), _y(node.row))
        c.restoreState()


def lineage_flowable(result: Mapping[str, Any], *, max_rows: int = MAX_ROWS,
                     max_height: float | None = None) -> LineageFlowable:
    """The lineage picture of a trace or recall answer, ready to add to a PDF story."""
    return LineageFlowable(layout(result, max_rows=max_rows), max_height=max_height)


def _x(column: int) -> float:
    return PAD + column * (NODE_W + COL_GAP)


def _y(row: float) -> float:
    return TOP + row * (NODE_H + ROW_GAP)


def _short(text: str) -> str:
    return text if len(text) <= TEXT_CHARS else text[:TEXT_CHARS - 1] + "…"


def _text(c: Any, x: float, y: float, text: str, size: float, colour: Any, *, bold: bool = False,
          mono: bool = False) -> None:
    """Text at SVG coordinates (its baseline at y), upright although the canvas is flipped."""
    c.saveState()
    c.translate(x, y)
    c.scale(1, -1)
    c.setFillColor(colour)
    c.setFont(("Courier-Bold" if bold else "Courier") if mono else ("Helvetica-Bold" if bold else "Helvetica"),
              size)
    c.drawString(0, 0, text)
    c.restoreState()


def _node(c: Any, node: Node, x: float, y: float) -> None:
    muted = node.kind in ("supplier", "customer", "more")
    tone = "affected" if "affected" in node.marks else "not_affected" if "not_affected" in node.marks else "plain"
    c.setFillColor(FILL[tone] if tone != "plain" else FILL["muted" if muted else "plain"])
    c.setStrokeColor(STROKE["start"] if "start" in node.marks else STROKE[tone])
    c.setLineWidth(2.5 if "start" in node.marks else 1)
    c.setDash(*((4, 3) if node.kind == "more" else ()))
    c.roundRect(x, y, NODE_W, NODE_H, 6, stroke=1, fill=1)
    c.setDash()
    label = _short(node.label)
    if {"on_hold", "failed"} & node.marks:
        label = f"{label} ({'held' if 'on_hold' in node.marks else 'failed'})"
    _text(c, x + 6, y + 17, label, 8.5, INK, bold=True, mono=node.kind in ("received", "batch"))
    _text(c, x + 6, y + 33, _short(node.sub), 8, MUTED)


def _edge(c: Any, picture: Picture, where: dict[str, tuple[int, float]], src: str, dst: str, hot: bool) -> None:
    """As picture._route: a curve across each gap, a straight line along a lane through a column."""
    (c1, r1), (c2, r2) = where[src], where[dst]
    points = [(_x(c1) + NODE_W, _y(r1) + NODE_H / 2)]
    for col in range(c1 + 1, c2):
        y = _y(picture.lanes[(src, col)]) + NODE_H / 2
        points += [(_x(col), y), (_x(col) + NODE_W, y)]
    points.append((_x(c2), _y(r2) + NODE_H / 2))
    path = c.beginPath()
    path.moveTo(*points[0])
    for i in range(1, len(points)):
        (x1, y1), (x2, y2) = points[i - 1], points[i]
        if i % 2:
            mid = (x1 + x2) / 2
            path.curveTo(mid, y1, mid, y2, x2, y2)
        else:
            path.lineTo(x2, y2)
    c.setStrokeColor(EDGE[hot])
    c.setLineWidth(1.6 if hot else 1.1)
    c.drawPath(path, stroke=1, fill=0)

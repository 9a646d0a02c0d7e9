"""Charts as SVG made on the server, by hand: a few dozen lines cost less than a plotting library
(matplotlib would add 40 MB and a second to start for two kinds of chart) and the page needs no
JavaScript. Drawn in a 360-unit-wide viewBox that scales to the page, so on a 390 px phone a unit
is about a pixel and the 12-unit text stays readable. Each chart is an image with a title and a
description (role="img", aria-labelledby), each mark carries its value in a <title> and a data-value
(what its CSV says), and failed batches are crosses in another colour, named in the legend.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from html import escape

WIDTH, HEIGHT = 360, 230
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 28, 58  # the plot area's margins (room for axis labels and legend)
INK, GRID, MARK, FAILED, LINE = "#222", "#d5d9dc", "#1f6f8b", "#b3261e", "#5a3e99"
FONT = 'font-family="system-ui, sans-serif" font-size="12"'


@dataclass(frozen=True)
class Point:
    """One batch on a time chart: its value (None: unknown, drawn on the axis when it failed)."""

    when: dt.date
    value: Decimal | None
    failed: bool
    label: str


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal | None
    note: str  # "12 batches"
    failed: int


def _svg(chart_id: str, title: str, description: str, height: int, body: list[str]) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {height}" '
            f'width="100%" role="img" aria-labelledby="{chart_id}-t {chart_id}-d" {FONT}>'
            f'<title id="{chart_id}-t">{escape(title)}</title><desc id="{chart_id}-d">{escape(description)}</desc>'
            + "".join(body) + "</svg>")


def _ticks(low: float, high: float, count: int = 4) -> list[float]:
    """Round numbers spanning low..high (1, 2 or 5 times a power of ten apart)."""
    if high <= low:
        low, high = low - 1, high + 1
    raw = (high - low) / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(s * power for s in (1, 2, 5, 10) if s * power >= raw)
    first = math.floor(low / step) * step
    return [first + i * step for i in range(math.ceil((high - first) / step) + 1)]


def _number(value: float) -> str:
    return f"{value:g}"


def _cross(x: float, y: float, label: str, value: str) -> str:
    return (f'<path class="failed" data-value="{value}" d="M{x - 4:.1f},{y - 4:.1f}l8,8m0,-8l-8,8" '
            f'stroke="{FAILED}" stroke-width="2.5"><title>{escape(label)}</title></path>')


def _legend(y: float, entries: Sequence[tuple[str, str]], x: float = LEFT) -> list[str]:
    """Marks and their words in one row under the chart (a circle, a cross or a line)."""
    out = []
    for kind, words in entries:
        if kind == "mark":
            out.append(f'<circle cx="{x + 4}" cy="{y - 4}" r="4" fill="{MARK}"/>')
        elif kind == "failed":
            out.append(f'<path d="M{x},{y - 8}l8,8m0,-8l-8,8" stroke="{FAILED}" stroke-width="2.5"/>')
        else:
            out.append(f'<path d="M{x - 2},{y - 4}h12" stroke="{LINE}" stroke-width="2"/>')
        out.append(f'<text x="{x + 13}" y="{y}" fill="{INK}">{escape(words)}</text>')
        x += 22 + 6.2 * len(words)
    return out


def time_chart(chart_id: str, *, title: str, description: str, y_label: str, points: Sequence[Point],
               line: Sequence[tuple[dt.date, Decimal]] = (), line_label: str = "", from_zero: bool = False) -> str:
    """Batches over time: a dot per batch, a cross per failed batch, and a line (a period's median).
    `from_zero`: the axis starts at 0 (a share discarded), else at the lowest value."""
    values = [float(p.value) for p in points if p.value is not None] + [float(v) for _, v in line]
    low = 0.0 if from_zero else min(values, default=0.0)
    ticks = _ticks(low, max([*values, low + 1] if from_zero else values or [1.0]))
    days = [p.when for p in points] + [d for d, _ in line]
    start, end = min(days), max(days)
    span = max((end - start).days, 1)
    right, bottom = WIDTH - RIGHT, HEIGHT - BOTTOM

    def x(day: dt.date) -> float:
        return LEFT + (right - LEFT) * ((day - start).days / span if end > start else 0.5)

    def y(value: float) -> float:
        return bottom - (bottom - TOP) * (value - ticks[0]) / (ticks[-1] - ticks[0])

    body = [f'<text x="4" y="{TOP - 14}" fill="{INK}">{escape(y_label)}</text>']
    for t in ticks:
        body.append(f'<path d="M{LEFT},{y(t):.1f}H{right}" stroke="{GRID}"/>'
                    f'<text x="{LEFT - 4}" y="{y(t) + 4:.1f}" text-anchor="end" fill="{INK}">{_number(t)}</text>')
    middle = start + dt.timedelta(days=span // 2)
    days_shown = [(start, "start"), (middle, "middle"), (end, "end")] if span > 60 else [(start, "start"), (end, "end")]
    for day, anchor in days_shown if end > start else [(start, "middle")]:
        body.append(f'<text x="{x(day):.1f}" y="{bottom + 16}" text-anchor="{anchor}" fill="{INK}">{day}</text>')
    body.append(f'<path d="M{LEFT},{bottom}H{right}M{LEFT},{TOP}V{bottom}" stroke="{INK}"/>')
    if len(line) > 1:
        path = "".join(f"{'M' if i == 0 else 'L'}{x(d):.1f},{y(float(v)):.1f}" for i, (d, v) in enumerate(line))
        body.append(f'<path class="median" d="{path}" fill="none" stroke="{LINE}" stroke-width="2"/>')
    for p in points:
        value = "" if p.value is None else str(p.value)
        shown = f"{p.label} {p.when}: {value or 'unknown'}{' (failed)' if p.failed else ''}"
        at_y = y(float(p.value)) if p.value is not None else bottom
        if p.failed:
            body.append(_cross(x(p.when), at_y, shown, value))
        elif p.value is not None:
            body.append(f'<circle class="batch" data-value="{value}" cx="{x(p.when):.1f}" cy="{at_y:.1f}" r="3.5" '
                        f'fill="{MARK}" fill-opacity="0.75"><title>{escape(shown)}</title></circle>')
    legend = [("mark", "batch"), ("failed", "failed batch")] + ([("line", line_label)] if line_label else [])
    body += _legend(HEIGHT - 12, legend)
    return _svg(chart_id, title, description, HEIGHT, body)


def bar_chart(chart_id: str, *, title: str, description: str, bars: Sequence[Bar], unit: str = "%") -> str:
    """One bar a group: its label, and on the right a cross with the failed batches' count when some
    failed; the bar below it, with its value and note."""
    row, first = 40, 8
    height = first + row * len(bars) + 30
    top = max((float(b.value) for b in bars if b.value is not None), default=1.0) or 1.0
    room = WIDTH - 150  # the longest bar leaves room for its value and note
    body = []
    for i, b in enumerate(bars):
        y0 = first + i * row
        body.append(f'<text x="4" y="{y0 + 11}" fill="{INK}">{escape(b.label[:36])}</text>')
        if b.failed:
            words = f"{b.failed} failed"
            body.append(_cross(WIDTH - 14 - 6.6 * len(words), y0 + 7, f"{b.label}: {words}", str(b.failed)))
            body.append(f'<text x="{WIDTH - 4}" y="{y0 + 11}" text-anchor="end" fill="{FAILED}">{words}</text>')
        length = room * float(b.value) / top if b.value is not None else 0
        value = "" if b.value is None else str(b.value)
        shown = f"{value}{unit}" if b.value is not None else "unknown"
        body.append(f'<rect class="bar" data-value="{value}" x="4" y="{y0 + 16}" width="{max(length, 1):.1f}" '
                    f'height="14" fill="{MARK}"><title>{escape(f"{b.label}: {shown}, {b.note}")}</title></rect>')
        body.append(f'<text x="{10 + length:.1f}" y="{y0 + 27}" fill="{INK}">{escape(shown)} · {escape(b.note)}</text>')
    body += _legend(height - 8, [("mark", "median yield"), ("failed", "failed batches")], x=4)
    return _svg(chart_id, title, description, height, body)

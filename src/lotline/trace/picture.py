"""The picture of a trace: a left-to-right lineage graph drawn as SVG on the server.

Columns: suppliers, received lots, batches (one column per step of production: jam, then the tarts
made with the jam), customers. A layered layout of our own rather than a layout library (Graphviz
is a program to install, the Python ones are heavy or unkept): a lineage graph is already layered
by what went into what, so placing it is two small steps, each column sorted by where its inputs
sit (one barycentre sweep: few crossings for the shapes traces have) and, over MAX_ROWS nodes,
the rest folded into one "312 more batches" node so a recall of thousands stays readable on a phone.
Every text is escaped; the SVG has its own style, so it reads the same inside a page or alone.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from html import escape
from typing import Any

MAX_ROWS = 25  # nodes per column before the rest are folded into a count
NODE_W, NODE_H, COL_GAP, ROW_GAP, TOP, PAD = 184, 42, 64, 10, 30, 8
TEXT_CHARS = 24  # characters that fit a node's width at the picture's font size


@dataclass
class Node:
    id: str
    kind: str  # supplier, received, batch, customer, more
    label: str
    sub: str = ""
    href: str = ""
    marks: set[str] = field(default_factory=set)  # start, affected, not_affected, on_hold, failed
    row: float = 0.0


@dataclass
class Column:
    title: str
    nodes: list[Node]
    rows: int = 0  # nodes and the lanes of edges passing through


@dataclass
class Picture:
    """Columns of nodes, left to right, and edges between node ids (after folding)."""

    columns: list[Column]
    edges: list[tuple[str, str, bool]]  # (from, to, affected)
    lanes: dict[tuple[str, int], int] = field(default_factory=dict)  # (from, column passed) -> row

    def nodes(self) -> list[Node]:
        return [n for c in self.columns for n in c.nodes]


def layout(result: Mapping[str, Any], *, link: Callable[[str], str] | None = None,
           max_rows: int = MAX_ROWS) -> Picture:
    """Place the nodes of a trace_back, trace_forward or recall answer in columns."""
    recall = result.get("direction") == "recall"
    starts = {s["code"] for s in result.get("subject", [])}
    nodes: dict[str, Node] = {}
    level: dict[str, int] = {}
    edges: set[tuple[str, str]] = set()

    def lot_node(lot: dict[str, Any], *, affected: bool) -> Node:
        sub = lot["item_name"] + (f" · {lot['supplier_lot']}" if lot.get("supplier_lot") else "")
        marks = {m for m, on in (("start", lot["code"] in starts), ("affected", affected),
                                 ("not_affected", not affected and recall)) if on}
        if lot.get("status") in ("on_hold", "failed"):
            marks.add(lot["status"])
        return Node(f"l:{lot['code']}", lot["kind"], lot["code"], sub, link(lot["code"]) if link else "", marks)

    for lot in result["lots"]:
        node = lot_node(lot, affected=recall)
        nodes[node.id], level[node.id] = node, 1
        if lot.get("supplier"):
            sid = f"s:{lot['supplier']}"
            nodes.setdefault(sid, Node(sid, "supplier", lot["supplier_name"], lot["supplier"],
                                       marks={"affected"} if recall else set()))
            level[sid] = 0
            edges.add((sid, node.id))
    for lot in result["batches"]:
        nodes[f"l:{lot['code']}"] = lot_node(lot, affected=recall)
    for link_row in result.get("links", []):
        edges.add((f"l:{link_row['lot']}", f"l:{link_row['batch']}"))
    _batch_levels([n for n in nodes if nodes[n].kind == "batch"], edges, level)
    for lot in result.get("not_affected", []):
        node = nodes.setdefault(f"l:{lot['code']}", lot_node(lot, affected=False))
        level[node.id] = 2
    last = max(level.values(), default=0) + 1
    for customer in result.get("customers", []):
        cid = f"c:{customer['id']}"
        nodes[cid] = Node(cid, "customer", customer["name"], customer.get("contact") or customer["id"],
                          marks={"affected"} if recall else set())
        level[cid] = last
        for shipment in customer["shipments"]:
            edges.add((f"l:{shipment['lot']}", cid))
    return _fold(nodes, level, edges, max_rows)


def _batch_levels(batches: list[str], edges: set[tuple[str, str]], level: dict[str, int]) -> None:
    """A batch stands one column right of its rightmost input in the answer (received lots are at
    1): the longest path, found without recursion (a rework chain may be long)."""
    inputs: dict[str, list[str]] = defaultdict(list)
    users: dict[str, list[str]] = defaultdict(list)
    in_answer = set(batches)
    for src, dst in edges:
        if dst in in_answer and src in in_answer:
            inputs[dst].append(src)
            users[src].append(dst)
    waiting = {b: len(inputs[b]) for b in batches}
    ready = [b for b in batches if not waiting[b]]
    level.update(dict.fromkeys(batches, 2))
    while ready:
        b = ready.pop()
        for user in users[b]:
            level[user] = max(level[user], level[b] + 1)
            waiting[user] -= 1
            if not waiting[user]:
                ready.append(user)


# A row's place in its column: the start and affected first, then by where its edges come from
Place = tuple[bool, bool, float, int, str]
_WORDS = {"supplier": "suppliers", "received": "received lots", "batch": "batches", "customer": "customers"}


def _title(kinds: set[str], level: int, batch_levels: int) -> str:
    if kinds <= {"supplier"}:
        return "Suppliers"
    if kinds <= {"customer"}:
        return "Customers"
    if kinds <= {"received"}:
        return "Received lots"
    return "Batches" if batch_levels == 1 else f"Batches, step {level - 1}"


def _fold(nodes: dict[str, Node], level: dict[str, int], edges: set[tuple[str, str]], max_rows: int) -> Picture:
    """Sort each column by where its inputs sit, fold what is over max_rows into a count, and give
    every edge that skips a column a lane of its own through it (never behind another node)."""
    by_level: dict[int, list[Node]] = defaultdict(list)
    for node_id, node in nodes.items():
        by_level[level[node_id]].append(node)
    sources: dict[str, list[str]] = defaultdict(list)
    reach: dict[str, int] = defaultdict(int)  # the rightmost level a node sends an edge to
    for src, dst in edges:
        sources[dst].append(src)
        reach[src] = max(reach[src], level[dst])
    shown_as: dict[str, str] = {}  # node id -> the id drawn for it (itself, or its column's "more" node)
    drawn: dict[str, Node] = {}
    row_of: dict[str, float] = {}
    lanes: dict[tuple[str, int], int] = {}  # (drawn source id, column) -> row of its lane there
    passing: dict[str, int] = defaultdict(int)  # drawn id -> rightmost level its edges reach
    batch_levels = len({lv for lv, ns in by_level.items() if any(n.kind == "batch" for n in ns)})
    columns = []
    for index, lv in enumerate(sorted(by_level)):

        def arriving(node_id: str, index: int = index) -> float:
            # where a drawn node's edges come from in the column to the left: itself, or its lane there
            return lanes.get((node_id, index - 1), row_of[node_id])

        def key(node: Node) -> Place:
            rows = [arriving(shown_as[s]) for s in sources[node.id] if s in shown_as]
            centre = sum(rows) / len(rows) if rows else float("inf")
            return (not ({"start", "affected"} & node.marks), "not_affected" in node.marks, centre, 0, node.label)

        through = [a for a, far in passing.items() if far > lv]  # edges from the left passing this column
        column = sorted(by_level[lv], key=key)
        if len(column) > max_rows:
            hidden = column[max_rows - 1:]
            kinds = {n.kind for n in hidden}
            word = f" {_WORDS[kinds.pop()]}" if len(kinds) == 1 else ""
            more = Node(f"more:{lv}", "more", f"{len(hidden)} more{word}", "listed in the tables below")
            for n in hidden:
                shown_as[n.id] = more.id
                passing[more.id] = max(passing[more.id], reach[n.id])
            column = [*column[:max_rows - 1], more]
        keyed: list[tuple[Place, Node | str]] = [(key(n), n) for n in column]  # a node, or a lane passing by
        keyed += [((not ({"start", "affected"} & drawn[a].marks), "not_affected" in drawn[a].marks, arriving(a), 1,
                    a), a) for a in through]
        for row, (_k, entry) in enumerate(sorted(keyed, key=lambda pair: pair[0])):
            if isinstance(entry, Node):
                entry.row = row
                shown_as.setdefault(entry.id, entry.id)
                row_of[entry.id], drawn[entry.id] = row, entry
                passing[entry.id] = max(passing[entry.id], reach[entry.id])
            else:
                lanes[(entry, index)] = row
        columns.append(Column(_title({n.kind for n in by_level[lv]}, lv, batch_levels), column,
                              len(column) + len(through)))
    affected = {n.id for n in nodes.values() if {"affected", "start"} & n.marks}
    links: dict[tuple[str, str], bool] = {}
    for src, dst in sorted(edges):
        a, b = shown_as.get(src), shown_as.get(dst)
        if a and b and a != b:
            links[(a, b)] = links.get((a, b), False) or (src in affected and dst in affected)
    return Picture(columns, [(a, b, hot) for (a, b), hot in sorted(links.items())], lanes)


STYLE = """
.lineage text { font: 12px system-ui, sans-serif; fill: #1d2327; }
.lineage text.code { font: 600 12px ui-monospace, monospace; }
.lineage text.sub { fill: #5f6b73; font-size: 11px; }
.lineage text.title { font-weight: 600; fill: #5f6b73; }
.lineage rect { fill: #fff; stroke: #b9c3c9; rx: 6px; }
.lineage .supplier rect, .lineage .customer rect { fill: #f6f7f8; }
.lineage .affected rect { fill: #fde8eb; stroke: #a3122a; }
.lineage .start rect { stroke: #1d2327; stroke-width: 2.5px; }
.lineage .not_affected rect { fill: #e6f4ea; stroke: #a8d5b5; }
.lineage .on_hold text.code, .lineage .failed text.code { text-decoration: underline; }
.lineage .more rect { stroke-dasharray: 4 3; fill: #f6f7f8; }
.lineage path { fill: none; stroke: #9aa5ab; stroke-width: 1.2px; }
.lineage path.affected { stroke: #a3122a; }
"""


def _short(text: str) -> str:
    return text if len(text) <= TEXT_CHARS else text[:TEXT_CHARS - 1] + "…"


def _x(column: int) -> int:
    return PAD + column * (NODE_W + COL_GAP)


def _y(row: float) -> float:
    return TOP + row * (NODE_H + ROW_GAP)


def svg(picture: Picture, *, label: str = "Lineage of the trace") -> str:
    """The picture as an <svg> element, sized in pixels (it scrolls sideways on a phone)."""
    cols = picture.columns
    rows = max((c.rows for c in cols), default=0)
    width = 2 * PAD + len(cols) * NODE_W + max(len(cols) - 1, 0) * COL_GAP
    height = TOP + rows * (NODE_H + ROW_GAP) + PAD
    where: dict[str, tuple[int, float]] = {}
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="lineage" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" role="group" aria-label="{escape(label)}">',  # not "img": it holds links
           f"<style>{STYLE}</style>"]
    for i, column in enumerate(cols):
        out.append(f'<text class="title" x="{_x(i)}" y="{TOP - 12}">{escape(column.title)}</text>')
        for node in column.nodes:
            where[node.id] = (i, node.row)
    for src, dst, hot in picture.edges:
        cls = ' class="affected"' if hot else ""
        out.append(f'<path{cls} d="{_route(picture, where, src, dst)}"/>')
    for i, column in enumerate(cols):
        for node in column.nodes:
            out.append(_node(node, _x(i), _y(node.row)))
    out.append("</svg>")
    return "\n".join(out)


def _route(picture: Picture, where: dict[str, tuple[int, float]], src: str, dst: str) -> str:
    """Right side of `src` to left side of `dst`: a curve across each gap between columns, a
    straight line along the lane of each column passed through."""
    (c1, r1), (c2, r2) = where[src], where[dst]
    points = [(_x(c1) + NODE_W, _y(r1) + NODE_H / 2)]
    for c in range(c1 + 1, c2):
        y = _y(picture.lanes[(src, c)]) + NODE_H / 2
        points += [(_x(c), y), (_x(c) + NODE_W, y)]
    points.append((_x(c2), _y(r2) + NODE_H / 2))
    d = [f"M{points[0][0]:g} {points[0][1]:g}"]
    for i in range(1, len(points)):
        (x1, y1), (x2, y2) = points[i - 1], points[i]
        mid = (x1 + x2) / 2
        d.append(f"C{mid:g} {y1:g} {mid:g} {y2:g} {x2:g} {y2:g}" if i % 2 else f"L{x2:g} {y2:g}")
    return " ".join(d)


def _node(node: Node, x: int, y: float) -> str:
    classes = " ".join(["node", node.kind, *sorted(node.marks)])
    full = f"{node.label} — {node.sub}" if node.sub else node.label
    label_class = "code" if node.kind in ("received", "batch") else "name"
    body = (f'<title>{escape(full)}</title><rect x="{x}" y="{y:g}" width="{NODE_W}" height="{NODE_H}"/>'
            f'<text class="{label_class}" x="{x + 8}" y="{y + 17:g}">{escape(_short(node.label))}</text>'
            f'<text class="sub" x="{x + 8}" y="{y + 33:g}">{escape(_short(node.sub))}</text>')
    if node.href:
        body = f'<a href="{escape(node.href)}">{body}</a>'
    return f'<g class="{escape(classes)}" data-node="{escape(node.id)}">{body}</g>'


def lineage_svg(result: Mapping[str, Any], *, link: Callable[[str], str] | None = None,
                max_rows: int = MAX_ROWS) -> str:
    """The SVG picture of a trace or recall answer (see `layout`)."""
    direction = result.get("direction", "")
    return svg(layout(result, link=link, max_rows=max_rows), label=f"Lineage: {direction} trace")

"""The readable (table) form of traces and recalls for the command line."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from lotline.commands import LotlineCommand
from lotline.ledger.checkpoints import seal, show_head
from lotline.quantities import said, shown


def qty(value: Decimal | None, unit: str = "") -> str:
    if value is None:
        return ""
    return said(value, unit) if unit else shown(value)


def signed(result: Mapping[str, Any]) -> dict[str, Any]:
    """A trace or recall as a report: with the event log's head, signed (--json: `ledger_head`)."""
    kind = "recall report" if result["direction"] == "recall" else "trace report"
    return {**result, "ledger_head": seal(kind).as_dict()}


def show_trace(cmd: LotlineCommand, data: dict[str, Any]) -> None:
    direction = data["direction"]
    if direction == "recall":
        q = data["query"]
        what = q["item"] or "every item"
        cmd.console.print(f"[bold]Recall[/bold]: {what} from {q['supplier_name']} ({q['supplier']}) received "
                          f"{q['from']} to {q['to']}")
    else:
        starts = ", ".join(f"{s['code']} ({s['via']})" for s in data["subject"])
        cmd.console.print(f"[bold]Trace {direction}[/bold] from {starts}")
    if direction == "back":
        _back(cmd, data)
    else:
        _forward(cmd, data)
    if "ledger_head" in data:
        show_head(cmd.console, data["ledger_head"])


def _back(cmd: LotlineCommand, data: dict[str, Any]) -> None:
    cmd.table("Ingredient lots", ["lot", "item", "supplier", "supplier lot", "received", "used", "depth"], [
        (lot["code"], f"{lot['item']} {lot['item_name']}", lot["supplier_name"], lot["supplier_lot"], lot["date"],
         qty(lot["quantity_used"], lot["unit"]), lot["depth"]) for lot in data["lots"]])
    cmd.table("Batches", ["batch", "product", "made", "quantity", "depth"], [
        (b["code"], f"{b['item']} {b['item_name']}", b["date"], qty(b["quantity"], b["unit"]), b["depth"])
        for b in data["batches"]])
    cmd.table("What went into what", ["batch", "used", "of lot"], [
        (link["batch"], qty(link["quantity"], link["unit"]), link["lot"]) for link in data["links"]])


def _forward(cmd: LotlineCommand, data: dict[str, Any]) -> None:
    title = "Received lots recalled" if data["direction"] == "recall" else "Received lots"
    cmd.table(title, ["lot", "item", "supplier", "supplier lot", "received", "on hand"], [
        (lot["code"], f"{lot['item']} {lot['item_name']}", lot["supplier_name"], lot["supplier_lot"], lot["date"],
         qty(lot["on_hand"], lot["unit"])) for lot in data["lots"]], empty="none in this trace")
    cmd.table("Batches affected", ["batch", "product", "made", "depth", "status", "on hand"], [
        (b["code"], f"{b['item']} {b['item_name']}", b["date"], b["depth"], b["status"], qty(b["on_hand"], b["unit"]))
        for b in data["batches"]])
    cmd.table("Customers to contact", ["customer", "name", "contact", "received"], [
        (c["id"], c["name"], c["contact"],
         "; ".join(f"{qty(s['quantity'], s['unit'])} {s['lot']} on {s['shipped_on']}" for s in c["shipments"]))
        for c in data["customers"]])
    cmd.table("Units on hand to hold", ["lot", "on hand", "status"], [
        (h["code"], qty(h["on_hand"], h["unit"]), h["status"]) for h in data["on_hand"]])
    if data["direction"] == "recall":
        q, shown, total = data["query"], data["not_affected"], data["not_affected_total"]
        more = f", the first {len(shown)} of {total}" if total > len(shown) else ""
        cmd.table(f"NOT affected (same products and sites, made {q['from']} to {q['compared_until']}{more})",
                  ["batch", "product", "made", "status"],
                  [(b["code"], f"{b['item']} {b['item_name']}", b["date"], b["status"]) for b in shown])

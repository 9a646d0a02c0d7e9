"""The readable (table) form of a case for the command line."""

from __future__ import annotations

from typing import Any

from lotline.catalog.management.recording import RecordingCommand
from lotline.trace.render import qty


def show_case(cmd: RecordingCommand, data: dict[str, Any]) -> None:
    """A case: what it is, its scope, the mass balance, the checklists and the timeline."""
    drill = " (DRILL)" if data["kind"] == "drill" else ""
    cmd.facts(f"{data['id']}{drill}: {data['title']}", [
        ("status", data["status"]), ("opened on", data["trigger_said"]),
        ("opened", f"{data['opened_at']} by {data['opened_by']}"),
        ("accounted for", f"{data['accounted_percent']}%")])
    cmd.grid("Received lots in scope", ["lot", "item", "supplier", "supplier lot", "received", "status", "on hand"], [
        (lot["code"], f"{lot['item']} {lot['item_name']}", lot.get("supplier_name", ""), lot.get("supplier_lot", ""),
         lot["date"], lot["status"], qty(lot["on_hand"], lot["unit"])) for lot in data["lots"]])
    cmd.grid("Batches affected", ["batch", "product", "made", "depth", "status", "on hand"], [
        (b["code"], f"{b['item']} {b['item_name']}", b["date"], b["depth"], b["status"], qty(b["on_hand"], b["unit"]))
        for b in data["batches"]])
    cmd.grid("Mass balance (lots that do not reconcile first)",
             ["lot", "in", "shipped", "consumed", "discarded", "on hand", "counted", "accounted"], [
                 (b["code"], qty(b["in"], b["unit"]), qty(b["shipped"]), qty(b["consumed"]), qty(b["discarded"]),
                  qty(b["on_hand"]), qty(b["counted"]),
                  f"{b['accounted_percent']}%" + (f" (surplus {qty(b['surplus'])})" if b["surplus"] else ""))
                 for b in data["mass_balance"]])
    cmd.grid("Sites", ["site", "lots on hand", "to hold", "held", "counted", "confirmed"], [
        (f"{s['site']} {s['site_name']}", len(s["lots"]), s["to_hold"], s["held"], s["counted"],
         f"{s['confirmed_at']} by {s['confirmed_by']}" if s["confirmed"] else "no") for s in data["sites"]])
    cmd.grid("Customers to notify", ["customer", "name", "contact", "received", "notified"], [
        (c["customer"], c["name"], c["contact"], "; ".join(f"{qty(r['quantity'], r['unit'])} {r['lot']}"
                                                           for r in c["received"]),
         ", ".join(f"{n['how']} {n['notified_at'][:16]}" for n in c["notices"]) or "no")
        for c in data["notifications"]])
    more = f", the first {len(data['not_affected'])} of {data['not_affected_total']}" \
        if data["not_affected_total"] > len(data["not_affected"]) else ""
    cmd.grid(f"NOT affected (same products and sites, made {data['compared_from']} to {data['compared_until']}{more})",
             ["batch", "product", "made", "status"],
             [(b["code"], f"{b['item']} {b['item_name']}", b["date"], b["status"]) for b in data["not_affected"]])
    cmd.grid("Timeline", ["event", "at", "who", "what"],
             [(a["event"], a["at"][:16], a["actor"], a["said"]) for a in data["actions"]])


def show_list(cmd: RecordingCommand, rows: list[dict[str, Any]]) -> None:
    cmd.grid("Recall cases and drills", ["id", "status", "title", "opened", "lots", "customers", "last action"], [
        (c["id"], c["status"], c["title"], f"{c['opened_at'][:16]} by {c['opened_by']}", c["lots"], c["customers"],
         c["last_action_at"][:16]) for c in rows])


def show_change(cmd: RecordingCommand, data: dict[str, Any]) -> None:
    added = " (added to the case)" if data["event_seq"] else ""
    if data["unchanged"]:
        cmd.console.print(f"{data['id']}: the scope is as frozen; nothing changed since.", highlight=False)
        return
    cmd.grid(f"{data['id']}: lots now in scope{added}", ["lot", "item", "site", "date", "role", "was"], [
        (e["code"], f"{e['item']} {e['item_name']}", e["site"], e["date"], e["role"], e["was"] or "not in scope")
        for e in data["lots_added"]], empty="none new")
    cmd.grid("Shipments since" + added, ["ref", "lot", "customer", "shipped", "quantity"], [
        (s["ref"], s["lot"], s["customer"], s["shipped_on"], qty(s["quantity"], s["unit"]))
        for s in data["shipments_added"]], empty="none new")
    if data["lots_gone"] or data["shipments_gone"]:
        gone = [e["code"] for e in data["lots_gone"]] + data["shipments_gone"]
        cmd.console.print(f"No longer in the trace (kept in the case): {', '.join(gone)}", highlight=False)
    if not data["event_seq"]:
        cmd.console.print(f"Add them with: lotline case recompute {data['id']} --add", highlight=False)


def show_done(cmd: RecordingCommand, data: dict[str, Any]) -> None:
    action = data["action"]
    cmd.facts(f"{data['id']}: {action['said']}", [("event", f"#{action['event']}"), ("status", data["status"])])
    if "skipped" in data:
        cmd.grid("Not held", ["lot", "why"], [(s["code"], s["why"].replace("_", " ")) for s in data["skipped"]])

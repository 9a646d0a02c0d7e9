"""lotline ship: record units of a lot going to a customer."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from lotline.catalog.management.recording import RecordingCommand, as_date, as_quantity, recorded
from lotline.catalog.queries import find_customer
from lotline.lots.management.cli import resolve_lot
from lotline.lots.services import ShipmentLine, ship_units
from lotline.quantities import said


class Command(RecordingCommand):
    help = ("Record units of a lot shipped or sold to a customer; prints the shipment's reference.\n"
            'Example: lotline ship SJ-20260304-A --to "Good Earth Co-op" --quantity 12 --date 2026-03-06 '
            '--doc-type order --doc "PO-55"')
    confirm_option = True
    field_options = {"lot": "LOT", "lot_code": "LOT", "customer_ref": "--to", "ref": "--ref"}

    def add_command_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("lot", help="the batch or lot code shipped")
        parser.add_argument("--to", required=True, help='customer ref or name: GOODEARTH, "Good Earth Co-op"')
        parser.add_argument("--quantity", required=True, type=as_quantity, help="how many went out")
        parser.add_argument("--unit", default="", help="unit of the quantity (default: the lot's unit)")
        parser.add_argument("--date", type=as_date, help="shipped on, YYYY-MM-DD (default: today)")
        parser.add_argument("--doc-type", default="", help="document type: order, invoice, bill of lading")
        parser.add_argument("--doc", default="", help='reference document number: "#1847", PO-55')
        parser.add_argument("--ref", default="", help="shipment id (default: a new SH-YYYYMMDD-NNN)")

    def record(self, **o: Any) -> dict[str, Any]:
        customer = find_customer(o["to"])
        line = ShipmentLine(resolve_lot(o["lot"]), customer.ref, o["quantity"], o["date"], unit=o["unit"],
                            reference_doc_type=o["doc_type"], reference_doc=o["doc"], ref=o["ref"])
        [done] = ship_units([line], confirmed=self.confirmed(o), actor=o["actor"])
        return {"ref": done.code} | recorded(done)

    def show(self, data: dict[str, Any], **options: Any) -> None:
        self.facts(f"Shipped {data['ref']}", [
            ("shipment", data["ref"]),
            ("lot", f"{data['lot']} ({data['item_name']})"),
            ("to", f"{data['customer_name']} ({data['customer']})"),
            ("quantity", said(data["quantity"], data["unit"])),
            ("shipped on", data["shipped_on"]),
            ("document", f"{data['reference_doc_type']} {data['reference_doc']}".strip()),
            ("left on hand", said(data["on_hand"], data["unit"])),
            *(("confirmed", c["message"]) for c in data["confirmed"]),
        ])

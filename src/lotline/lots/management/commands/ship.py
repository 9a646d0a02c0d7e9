"""lotline ship: record units of a lot going to a customer."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from lotline.catalog.management.recording import RecordingCommand, as_date, as_quantity, quantity_text
from lotline.catalog.queries import find_customer
from lotline.catalog.units import said
from lotline.lots.management.cli import resolve_lot
from lotline.lots.models import Shipment
from lotline.lots.queries import on_hand
from lotline.lots.services import ShipmentLine, ship_units


class Command(RecordingCommand):
    help = ("Record units of a lot shipped or sold to a customer; prints the shipment's reference.\n"
            'Example: lotline ship SJ-20260304-A --to "Good Earth Co-op" --quantity 12 --date 2026-03-06 '
            '--doc-type order --doc "PO-55"')
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
        line = ShipmentLine(resolve_lot(o["lot"]), customer.ref, o["quantity"], self.day(o["date"]),
                            unit=o["unit"], reference_doc_type=o["doc_type"], reference_doc=o["doc"],
                            ref=o["ref"])
        [done] = ship_units([line], actor=o["actor"])
        s = Shipment.objects.select_related("lot__item", "customer").get(ref=done.code)
        return {"ref": s.ref, "event": done.event_seq, "lot": s.lot.code, "item": s.lot.item.code,
                "item_name": s.lot.item.name, "customer": s.customer.ref, "customer_name": s.customer.name,
                "shipped_on": s.shipped_on, "quantity": s.quantity, "unit": s.lot.unit,
                "reference_doc_type": s.reference_doc_type, "reference_doc": s.reference_doc,
                "on_hand": on_hand([s.lot.code])[s.lot.code]}

    def show(self, data: dict[str, Any], **options: Any) -> None:
        self.facts(f"Shipped {data['ref']}", [
            ("shipment", data["ref"]),
            ("lot", f"{data['lot']} ({data['item_name']})"),
            ("to", f"{data['customer_name']} ({data['customer']})"),
            ("quantity", said(quantity_text(data['quantity']), data['unit'])),
            ("shipped on", data["shipped_on"]),
            ("document", f"{data['reference_doc_type']} {data['reference_doc']}".strip()),
            ("left on hand", said(quantity_text(data['on_hand']), data['unit'])),
        ])

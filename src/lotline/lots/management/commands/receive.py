"""lotline receive: record an ingredient lot bought in."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from lotline.catalog.management.recording import RecordingCommand, as_date, as_quantity, recorded
from lotline.catalog.models import ItemKind
from lotline.catalog.queries import find_item, find_site, find_supplier
from lotline.lots.services import receive_lot
from lotline.quantities import said


class Command(RecordingCommand):
    help = ("Record an ingredient lot received from a supplier; prints its new lot code.\n"
            'Example: lotline receive --item STRAW --supplier "Valley Farm" --quantity 20 --unit kg\n'
            "           --date 2026-03-02 --supplier-lot VF-0302 --doc-type invoice --doc INV-0302")
    confirm_option = True

    def add_command_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--item", required=True, help="ingredient code or name (STRAW, strawberries)")
        parser.add_argument("--supplier", required=True, help='supplier ref or name (VALLEY, "Valley Farm")')
        parser.add_argument("--quantity", required=True, type=as_quantity, help="how much came in")
        parser.add_argument("--unit", help="kg, lb, l, unit, dozen... (default: the item's unit)")
        parser.add_argument("--date", type=as_date, help="received on, YYYY-MM-DD (default: today)")
        parser.add_argument("--site", help="site code or name (needed when there are several)")
        parser.add_argument("--supplier-lot", default="", help="the supplier's own lot code, as printed")
        parser.add_argument("--best-by", type=as_date, help="best-by or use-by date on the pack")
        parser.add_argument("--doc-type", default="", help="reference document type: invoice, bill of lading")
        parser.add_argument("--doc", default="", help="reference document number: INV-0302")
        parser.add_argument("--tlc-source", default="", metavar="REF",
                            help="FSMA 204 TLC source reference when the supplier did not assign its lot code itself "
                                 "(a packer's GLN, a web address)")
        parser.add_argument("--allergens", default="", metavar="LIST",
                            help="Big 9 the supplier declares this lot contains, beyond its item's: 'wheat;soy'")
        parser.add_argument("--may-contain", default="", metavar="LIST",
                            help="Big 9 the supplier declares this lot may contain: 'wheat'")
        parser.add_argument("--code", help="use this lot code instead of a new one (rarely needed)")

    def record(self, **o: Any) -> dict[str, Any]:
        item = find_item(o["item"], kind=ItemKind.INGREDIENT)
        supplier = find_supplier(o["supplier"])
        site = find_site(o["site"]).code if o["site"] else None
        return recorded(receive_lot(
            item=item.code, supplier=supplier.ref, quantity=o["quantity"], unit=o["unit"] or "",
            received_on=o["date"], site=site, supplier_lot=o["supplier_lot"], best_by=o["best_by"],
            reference_doc_type=o["doc_type"], reference_doc=o["doc"], code=o["code"], tlc_source=o["tlc_source"],
            allergens=o["allergens"], may_contain=o["may_contain"], confirmed=self.confirmed(o), actor=o["actor"]))

    def show(self, data: dict[str, Any], **options: Any) -> None:
        self.facts(f"Received lot {data['code']}", [
            ("lot code", data["code"]),
            ("item", f"{data['item']} {data['item_name']}"),
            ("supplier", f"{data['supplier_name']} ({data['supplier']})"),
            ("supplier lot", data["supplier_lot"]),
            ("quantity", said(data['quantity'], data['unit'])),
            ("received on", data["received_on"]),
            ("site", data["site"]),
            ("best by", data["best_by"]),
            *(("confirmed", c["message"]) for c in data["confirmed"]),
            ("document", f"{data['reference_doc_type']} {data['reference_doc']}".strip()),
            ("TLC source", data.get("tlc_source")),
            ("contains (this lot)", (data.get("allergens") or "").replace(";", ", ")),
            ("may contain (this lot)", (data.get("may_contain") or "").replace(";", ", ")),
        ])
        self.console.print(f"Write [bold]{data['code']}[/bold] on the pack.")

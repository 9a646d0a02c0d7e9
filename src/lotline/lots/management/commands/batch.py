"""lotline batch: record a production batch and what went into it; prints its batch number."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.management.base import CommandParser
from rich.panel import Panel
from rich.text import Text

from lotline.catalog.management.recording import RecordingCommand, as_date, as_quantity, recorded
from lotline.catalog.models import ItemKind
from lotline.catalog.queries import find_item, find_site
from lotline.lots.management.cli import parse_use
from lotline.lots.services import record_batch
from lotline.quantities import said, shown


def input_rows(inputs: list[dict[str, Any]]) -> list[tuple[str, ...]]:
    """What went into a batch, as the commands show it: lot, item, supplier, supplier lot, used."""
    return [(i["lot"], i["item_name"], i["supplier_name"], i["supplier_lot"], said(i["quantity"], i["unit"]))
            for i in inputs]


class Command(RecordingCommand):
    help = ("Record a production batch: the product, how many were made, and each lot it used.\n"
            "Prints the new batch number to write on the labels.\n"
            "Example: lotline batch SJ --made 48 --discarded 2 --date 2026-03-04 --made-by Maria\n"
            "           --use STRAW-20260302-A:12 --use SUGAR-20260215-A:6kg --use PKT-99281:90g")
    confirm_option = True
    field_options = {"item": "PRODUCT", "code": "--code", "inputs": "--use"}

    def add_command_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("product", help="product code or name (SJ, strawberry jam)")
        parser.add_argument("--made", required=True, type=as_quantity, help="how many were made")
        parser.add_argument("--discarded", type=as_quantity, default=Decimal(0),
                            help="how many were thrown away at once (cracked jars...)")
        parser.add_argument("--use", action="append", default=[], metavar="LOT:QUANTITY",
                            help="a lot it used and how much: STRAW-20260302-A:8 or SUGAR-20260215-A:4kg "
                                 "(a supplier's lot code works too); once per lot")
        parser.add_argument("--date", type=as_date, help="made on, YYYY-MM-DD (default: today)")
        parser.add_argument("--unit", help="unit the batch is counted in (default: the product's unit)")
        parser.add_argument("--site", help="site code or name (needed when there are several)")
        parser.add_argument("--made-by", default="", help="who made it")
        parser.add_argument("--equipment", default="", help="equipment used (stockpot 2, oven 1)")
        parser.add_argument("--failed", action="store_true", help="the batch failed: record what it used up")
        parser.add_argument("--doc-type", default="", help="reference document type (work order...)")
        parser.add_argument("--doc", default="", help="reference document number")
        parser.add_argument("--code", help="use this batch number instead of a new one (rarely needed)")

    def record(self, **o: Any) -> dict[str, Any]:
        product = find_item(o["product"], kind=ItemKind.PRODUCT, field="product")
        inputs = [parse_use(text) for text in o["use"]]
        site = find_site(o["site"]).code if o["site"] else None
        return recorded(record_batch(
            product=product.code, quantity_produced=o["made"], produced_on=o["date"], inputs=inputs,
            site=site, unit=o["unit"], quantity_discarded=o["discarded"], made_by=o["made_by"],
            equipment=o["equipment"], reference_doc_type=o["doc_type"], reference_doc=o["doc"],
            failed=o["failed"], code=o["code"], confirmed=self.confirmed(o), actor=o["actor"]))

    def show(self, data: dict[str, Any], **options: Any) -> None:
        failed = data["status"] == "failed"
        title = f"{data['product_name']}, made {data['produced_on']}" + (" (FAILED)" if failed else "")
        self.console.print(Panel(Text(data["code"], style="bold", justify="center"), title=title,
                                 expand=False, padding=(1, 6)))
        self.console.print(f"Batch number [bold]{data['code']}[/bold]: write it on the labels.")
        made = said(data["quantity_produced"], data["unit"])
        if data["quantity_discarded"]:
            made += f", {shown(data['quantity_discarded'])} discarded"
        self.facts("", [("made", made), ("site", data["site"]), ("made by", data["made_by"]),
                        ("equipment", data["equipment"]), ("status", data["status"].replace("_", " ")),
                        *(("confirmed", c["message"]) for c in data["confirmed"])])
        self.grid("Went into it", ["lot", "item", "supplier", "supplier lot", "used"], input_rows(data["inputs"]),
                   empty="nothing recorded; add with `lotline add-inputs`")

"""`lotline labels CODE`: print a batch's labels to a PDF (serials continue from the last print); with
--cottage-state / --cottage-statement (owners), set what every label says under a cottage food law."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from lotline.catalog.management.recording import RecordingCommand

EXAMPLE = "lotline labels SJ-20260304-A --count 40 --stock avery-5160 --pdf labels.pdf"


class Command(RecordingCommand):
    help = ("Print a batch's labels as a PDF for label stock (avery-5160, avery-l7160, roll-2x1): the product, "
            "the batch number in large type, date made, best-by (when the batch has one), net quantity, "
            "ingredients from the lots it used, the allergen statement, the business and its address, the "
            "cottage food statement, and barcodes: a QR code with a GS1 Digital Link URI (a Lotline address "
            "when the product has no GTIN), a GS1 DataMatrix, a GS1-128. A serialised product's labels carry "
            "one serial each, continuing from the batch's last print. Printing is recorded (labels.printed).\n"
            f"Example: {EXAMPLE}\n"
            "Example: lotline labels --cottage-state CA")
    confirm_option = True

    def add_command_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("code", nargs="?", metavar="CODE", help="the batch number")
        parser.add_argument("--count", type=int, metavar="N", help="how many labels (default: one per unit made)")
        parser.add_argument("--stock", metavar="NAME", help="label stock: avery-5160 (default), avery-l7160, "
                                                            "roll-2x1")
        parser.add_argument("--symbols", metavar="LIST", help="barcodes, comma-separated: qr, datamatrix, gs1-128 "
                                                              "(default: the item's)")
        parser.add_argument("--pdf", metavar="FILE", type=Path, help="write the labels to this file (default: "
                                                                     "labels-CODE.pdf)")
        parser.add_argument("--cottage-state", metavar="ST", help="owners: the state whose cottage food law you "
                                                                  "sell under (\"\": none)")
        parser.add_argument("--cottage-statement", metavar="TEXT", help="owners: the cottage food statement in "
                                                                        "your words (\"\": the state's)")

    def record(self, **o: Any) -> dict[str, Any]:
        from lotline.labels.queries import cottage_setting
        from lotline.labels.services import print_labels, set_label_settings

        data: dict[str, Any] = {}
        if o.get("cottage_state") is not None or o.get("cottage_statement") is not None:
            data["cottage"] = set_label_settings(actor=o["actor"], cottage_state=o.get("cottage_state"),
                                                 cottage_statement=o.get("cottage_statement"))
        if o.get("code"):
            printed = print_labels(o["code"], actor=o["actor"], count=o.get("count"), stock=o.get("stock"),
                                   symbols=o.get("symbols"), confirmed=self.confirmed(o))
            path = o.get("pdf") or Path(f"labels-{printed.batch.replace('/', '_')}.pdf")
            path.write_bytes(printed.pdf)
            data |= printed.as_dict() | {"pdf": str(path)}
        if not data:
            data["cottage"] = cottage_setting()
        return data

    def show(self, data: dict[str, Any], **options: Any) -> None:
        if "batch" in data:
            serials = f"{data['first_serial']} to {data['last_serial']}" if data["first_serial"] else "none"
            self.facts(f"{data['count']} labels for {data['batch']}: written", [
                ("file", data["pdf"]), ("stock", data["stock"]), ("barcodes", ", ".join(data["symbols"])),
                ("serials", serials), ("event", f"#{data['event_seq']}")])
        if "cottage" in data:
            c = data["cottage"]
            self.facts("Cottage food statement", [("state", c["state"] or "none"), ("says", c["statement"]),
                                                  ("source", c["source"])])

"""lotline discard: throw away units of a lot."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from lotline.catalog.management.recording import RecordingCommand, as_date, as_quantity, recorded
from lotline.lots.management.cli import resolve_lot
from lotline.lots.services import discard_units
from lotline.quantities import said


class Command(RecordingCommand):
    help = ("Record units of a lot thrown away after it was recorded (spoiled, dropped, failed a check).\n"
            'Example: lotline discard STRAW-20260304-A --quantity 3 --unit kg --reason "soft, past use"')
    confirm_option = True
    field_options = {"lot": "CODE", "on": "--date"}

    def add_command_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("code", help="the lot or batch code")
        parser.add_argument("--quantity", required=True, type=as_quantity, help="how much was thrown away")
        parser.add_argument("--unit", default="", help="unit of the quantity (default: the lot's unit)")
        parser.add_argument("--reason", required=True, help="why (kept in the log)")
        parser.add_argument("--date", type=as_date, help="discarded on, YYYY-MM-DD (default: today)")

    def record(self, **o: Any) -> dict[str, Any]:
        code = resolve_lot(o["code"], field="lot")
        return recorded(discard_units(code, o["quantity"], unit=o["unit"], reason=o["reason"], on=o["date"],
                                      confirmed=self.confirmed(o), actor=o["actor"]))

    def show(self, data: dict[str, Any], **options: Any) -> None:
        self.facts(f"Discarded from {data['code']}", [
            ("lot", f"{data['code']} ({data['item_name']}, {data['lot_date']})"),
            ("discarded", said(data["quantity"], data["unit"])),
            ("reason", data["reason"]),
            ("left on hand", said(data["on_hand"], data["unit"])),
            *(("confirmed", c["message"]) for c in data["confirmed"]),
        ])

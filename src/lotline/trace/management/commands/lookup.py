"""`lotline lookup CODE`: which lot a code a person holds belongs to."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from lotline.commands import LotlineCommand
from lotline.errors import ErrorCode, LotlineError
from lotline.lots.queries import lookup


class Command(LotlineCommand):
    help = (
        "Find the lot behind any code: a batch code, a received lot code, a supplier's lot code (all lots "
        "that carry it) or a unit serial. Example: lotline lookup SJ-20260304-A-017"
    )

    def add_command_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("code")

    def handle_command(self, *, code: str, **options: Any) -> dict[str, Any]:
        matches = lookup(code)
        if not matches:
            raise LotlineError(ErrorCode.UNKNOWN_LOT, f"no lot, batch, supplier lot or unit serial {code!r}",
                               field="code")
        return {"code": code, "lots": [m.as_dict() for m in matches], "batches": [], "customers": []}

    def show(self, data: dict[str, Any], **options: Any) -> None:
        rows = [(m["via"], m["code"] + (f"  (unit {m['unit_number']})" if m["unit_number"] else ""), m["kind"],
                 f"{m['item']} {m['item_name']}", m["lot_date"], m["supplier"], m["supplier_lot"])
                for m in data["lots"]]
        self.table(f"{data['code']}", ["matched as", "lot", "kind", "item", "date", "supplier", "supplier lot"],
                   rows)

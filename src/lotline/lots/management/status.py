"""The one shape of `lotline hold`, `release` and `fail`: a lot code, a reason, a date."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.management.base import CommandParser

from lotline.catalog.management.recording import RecordingCommand, as_date, recorded
from lotline.lots.management.cli import resolve_lot
from lotline.lots.services import StatusChanged
from lotline.quantities import said


class StatusCommand(RecordingCommand):
    """Subclasses name the verb and how to say what happened."""

    verb: Callable[..., StatusChanged]
    done: str  # "is on hold"
    field_options = {"lot": "CODE"}

    def add_command_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("code", help="the lot or batch code (a supplier's lot code works too)")
        parser.add_argument("--reason", required=True, help="why (kept in the log)")
        parser.add_argument("--date", type=as_date, help="YYYY-MM-DD (default: today)")

    def record(self, **o: Any) -> dict[str, Any]:
        code = resolve_lot(o["code"], field="lot")
        return recorded(type(self).verb(code, reason=o["reason"], on=o["date"], actor=o["actor"]))

    def show(self, data: dict[str, Any], **options: Any) -> None:
        self.facts(f"{data['code']} {self.done}", [
            ("lot", f"{data['code']} ({data['item_name']}, {data['lot_date']})"),
            ("status", data["status"].replace("_", " ")),
            ("on hand", said(data['on_hand'], data['unit'])),
            ("reason", data["reason"]),
        ])

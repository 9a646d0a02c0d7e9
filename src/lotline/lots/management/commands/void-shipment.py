"""lotline void-shipment: take back a shipment recorded by mistake."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from lotline.catalog.management.recording import RecordingCommand
from lotline.lots.services import void_shipment


class Command(RecordingCommand):
    help = ("Void a shipment recorded by mistake; the log keeps both the shipment and the void.\n"
            'Example: lotline void-shipment SH-20260306-002 --reason "entered twice"')

    def add_command_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("ref", help="the shipment's reference (SH-20260306-002)")
        parser.add_argument("--reason", required=True, help="why (kept in the log)")

    def record(self, **o: Any) -> dict[str, Any]:
        done = void_shipment(o["ref"].strip(), reason=o["reason"], actor=o["actor"])
        return {"ref": done.code, "event": done.event_seq, "lot": done.lot, "reason": done.reason}

    def show(self, data: dict[str, Any], **options: Any) -> None:
        self.facts(f"Voided shipment {data['ref']}", [("shipment", data["ref"]), ("lot", data["lot"]),
                                                      ("reason", data["reason"])])

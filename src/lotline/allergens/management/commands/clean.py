"""lotline clean: record a clean-down of a piece of equipment."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import CommandParser
from django.utils import timezone

from lotline.catalog.management.recording import RecordingCommand


def as_moment(text: str) -> dt.datetime:
    """'YYYY-MM-DD HH:MM' in the business's time zone."""
    try:
        day, time = text.strip().split(" ", 1) if " " in text.strip() else (text, "")
        naive = dt.datetime.combine(dt.date.fromisoformat(day), dt.time.fromisoformat(time.strip()))
        return timezone.make_aware(naive)  # the business's time (settings.TIME_ZONE)
    except ValueError:
        raise ValueError(f"{text!r} is not YYYY-MM-DD HH:MM") from None  # argparse says it, naming --at


as_moment.__name__ = "time (YYYY-MM-DD HH:MM)"


class Command(RecordingCommand):
    help = ("Record a clean-down of a piece of equipment: batches made on it afterwards no longer may contain "
            "what the batches made on it before contained (cross-contact).\n"
            'Example: lotline clean POT1 --at "2026-03-05 17:30" --note "washed, sanitised"')
    field_options = {"equipment": "EQUIPMENT", "at": "--at"}

    def add_command_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("equipment", metavar="EQUIPMENT", help="the equipment's code (POT1)")
        parser.add_argument("--at", type=as_moment, help='when, "YYYY-MM-DD HH:MM" (default: now)')
        parser.add_argument("--note", default="", help="what was done: washed, sanitised")

    def record(self, **o: Any) -> dict[str, Any]:
        from lotline.allergens.services import clean_equipment

        done = clean_equipment(o["equipment"], at=o["at"], note=o["note"], actor=o["actor"])
        return {"equipment": done.equipment, "equipment_name": done.equipment_name, "at": done.at.isoformat(),
                "on": done.on, "by": done.by, "note": done.note, "event_seq": done.event_seq}

    def show(self, data: dict[str, Any], **options: Any) -> None:
        self.facts(f"Cleaned {data['equipment']}", [
            ("equipment", f"{data['equipment']} {data['equipment_name']}"), ("at", data["at"]),
            ("by", data["by"]), ("note", data["note"]), ("event", f"#{data['event_seq']}")])

"""lotline demo: load the jam seller's demo business into an empty ledger."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.core.management.base import CommandParser

from lotline.commands import LotlineCommand
from lotline.demo.load import DEMO_PASSWORD, DEMO_USER, ledger_is_empty, load_demo
from lotline.ledger.models import Event

TRY = """Try:
  lotline lookup SJ-20260304-A-017
  lotline trace back SJ-20260304-A
  lotline trace forward PKT-99281
  lotline recall --supplier "Valley Farm" --item STRAW --from 2026-02-28 --to 2026-03-05"""


class Command(LotlineCommand):
    help = ("Load the demo business (a jam seller, Dec 2025 - Apr 2026) into an empty ledger, through\n"
            "the same verbs as every other write, and create the web login owner / lotline-demo.\n"
            "Example: lotline demo --if-empty")

    def add_command_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--if-empty", action="store_true",
                            help="do nothing (and succeed) when the ledger already has events")

    def handle_command(self, **options: Any) -> dict[str, Any] | None:
        if options["if_empty"] and not ledger_is_empty():
            events = Event.objects.count()
            if not options["json"]:
                self.stdout.write(f"The ledger already holds {events} events; demo not loaded.")
                return None
            return {"loaded": False, "events": events}
        result = load_demo()
        data = {"loaded": True} | asdict(result)
        if result.user_created:
            data["login"] = {"user": DEMO_USER, "password": DEMO_PASSWORD}
        return data

    def show(self, data: dict[str, Any], **options: Any) -> None:
        counts = data["counts"]
        self.table("Demo business loaded", ["what", "how many"],
                   [("events", data["events"])] + [(name, n) for name, n in counts.items()])
        story = data["story"]
        rows = [(name.replace("_", " "), code) for name, code in story.items()]
        self.table("The story's codes", ["", "code"], [*rows, ("gift hamper", data["gift_hamper"])])
        if "login" in data:
            self.console.print(f"Web login: user [bold]{DEMO_USER}[/bold], "
                               f"password [bold]{DEMO_PASSWORD}[/bold]")
        else:
            self.console.print(f"A user {DEMO_USER!r} already exists; its password was not changed.")
        self.console.print(TRY, highlight=False)

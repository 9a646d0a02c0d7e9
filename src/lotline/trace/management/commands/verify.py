"""`lotline verify [--rebuild]`: check the event log's hash chain (and rebuild the read tables)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser

from lotline.commands import LotlineCommand
from lotline.ledger.log import verify
from lotline.ledger.rebuild import rebuild


class Command(LotlineCommand):
    help = (
        "Walk the event log's hash chain and name the first event that does not match. With --rebuild, "
        "also rebuild every read table from the events and report any difference. "
        "Example: lotline verify --rebuild"
    )

    def add_command_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--rebuild", action="store_true", help="rebuild the read tables from the events")

    def handle_command(self, *, rebuild: bool = False, **options: Any) -> dict[str, Any]:
        result = verify()
        data: dict[str, Any] = {"ok": result.ok, "events_checked": result.events_checked,
                                "first_bad_event": result.first_bad_seq, "reason": result.reason}
        if rebuild and result.ok:
            report = _rebuild()
            data["rebuild"] = report
            data["ok"] = report["differences"] == 0
        self.failed = not data["ok"]
        return data

    def show(self, data: dict[str, Any], **options: Any) -> None:
        if data["first_bad_event"]:
            self.console.print(f"[red]Chain broken at event #{data['first_bad_event']}[/red]: {data['reason']} "
                               f"({data['events_checked']} events before it verify).")
        else:
            self.console.print(f"[green]Chain verifies[/green]: {data['events_checked']} events, each hash matches.")
        if "rebuild" in data:
            r = data["rebuild"]
            rows = [(name, t["rows_before"], t["rows_after"], t["missing"], t["extra"])
                    for name, t in r["tables"].items()]
            self.table(f"Rebuilt from {r['events_replayed']} events", ["table", "rows before", "rows after",
                       "not explained by events", "missing from table"], rows)
            for name, t in r["tables"].items():
                for example in t["examples"]:
                    self.console.print(f"  {name}: {example}")

    def execute(self, *args: Any, **options: Any) -> Any:
        out = super().execute(*args, **options)
        if getattr(self, "failed", False):
            raise CommandError("the ledger does not verify", returncode=1)
        return out


def _rebuild() -> dict[str, Any]:
    report = rebuild()
    return {"events_replayed": report.events_replayed, "differences": report.differences,
            "tables": {name: t.__dict__ for name, t in report.tables.items()}}

"""`lotline restore FILE`: put a backup into an empty database."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser

from lotline.catalog.management.recording import HelpFormatter
from lotline.commands import LotlineCommand
from lotline.ledger.backup import restore


class Command(LotlineCommand):
    help = """Put a backup made by `lotline backup` into an empty database (no events, no people).

The backup's hash chain is walked first, and checked against this Lotline's signed checkpoints:
a backup that does not verify, or whose events differ from those the checkpoints saw, is refused.
Then it is copied in (SQLite: the database file; PostgreSQL: pg_restore), its schema brought up
to date, and a checkpoint of its head signed. Events recorded after the backup are gone: the
checkpoints that saw them are listed, and no longer count against the restored chain.

Example: lotline restore /mnt/usb/lotline-2026-03-04.sqlite3"""

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        return super().create_parser(prog_name, subcommand, formatter_class=HelpFormatter, **kwargs)

    def add_command_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="a file written by lotline backup")

    def handle_command(self, *, file: str, **options: Any) -> dict[str, Any]:
        restored = restore(file)
        self.failed = not restored.ok
        return restored.as_dict()

    def show(self, data: dict[str, Any], **options: Any) -> None:
        self.console.print(f"[green]Restored[/green] {data['file']}: {data['events']} events, head "
                           f"[bold]{data['head']}[/bold].", highlight=False)
        if data["lost"]:
            self.console.print(f"Events recorded after this backup are lost; checkpoints saw them up to "
                               f"{data['lost'][-1]} ({len(data['lost'])} checkpoints set aside).", highlight=False)
        if not data["ok"]:
            self.console.print("[red]The restored database does not verify[/red]: run lotline verify.")

    def execute(self, *args: Any, **options: Any) -> Any:
        out = super().execute(*args, **options)
        if getattr(self, "failed", False):
            raise CommandError("the restored database does not verify", returncode=1)
        return out

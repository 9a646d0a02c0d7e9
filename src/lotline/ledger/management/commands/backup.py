"""`lotline backup FILE`: the whole database in one file, read back and checked."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from lotline.catalog.management.recording import HelpFormatter
from lotline.commands import LotlineCommand
from lotline.ledger.backup import backup
from lotline.ledger.checkpoints import show_head


class Command(LotlineCommand):
    help = """Write the whole database (events, read tables, people) to a new file, then check it.

SQLite is copied with its online backup, PostgreSQL with pg_dump (the server's version, found in
/usr/lib/postgresql/N/bin or on PATH). People may keep recording meanwhile. The file is then read
back: its hash chain must verify and end at the head the database had; that head is signed (a
checkpoint made for "backup") and printed. The file is created 0600 and never overwritten.
Keep backups away from the machine, with a copy of the checkpoint key (README, Backups).

Example: lotline backup /mnt/usb/lotline-2026-03-04.sqlite3"""

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        return super().create_parser(prog_name, subcommand, formatter_class=HelpFormatter, **kwargs)

    def add_command_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the new backup file")

    def handle_command(self, *, file: str, **options: Any) -> dict[str, Any]:
        return backup(file).as_dict()

    def show(self, data: dict[str, Any], **options: Any) -> None:
        self.console.print(f"[green]Backed up and checked[/green]: {data['file']} ({data['bytes']:,} bytes), "
                           f"{data['events']} events, each hash matches.", highlight=False)
        show_head(self.console, data["head"])

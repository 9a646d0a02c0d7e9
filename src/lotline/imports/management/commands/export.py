"""`lotline export DIR [--xlsx FILE]`: write the ledger as the import format's files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from lotline.catalog.management.recording import HelpFormatter
from lotline.commands import LotlineCommand
from lotline.imports.export import export_dir, export_xlsx
from lotline.ledger.checkpoints import show_head


class Command(LotlineCommand):
    help = """Write every file of the import format (sites.csv ... holds.csv) into a folder.

`lotline import` reads them back: into an empty database they give the same traces and recalls,
holds and later discards included. With --xlsx, also (or, with DIR "-", only) one workbook with a
sheet per file. People and their API tokens are not exported (add them again on the People page).
Each export ends with ledger_head.csv (sheet ledger_head): the event log's head as exported,
SEQ:HASH, signed with the checkpoint key; `lotline verify --witness` checks it later.

Example: lotline export ./backup --xlsx ./backup.xlsx"""

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        """Keep the help's paragraphs and its Example: line as written."""
        return super().create_parser(prog_name, subcommand, formatter_class=HelpFormatter, **kwargs)

    def add_command_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", help='the folder to write the CSV files into ("-": none, with --xlsx)')
        parser.add_argument("--xlsx", metavar="FILE", help="also write one XLSX workbook, a sheet per file")

    def handle_command(self, *, folder: str, xlsx: str | None = None, **options: Any) -> dict[str, Any]:
        if folder == "-" and not xlsx:
            raise CommandError('give a folder, or "-" with --xlsx FILE')
        data: dict[str, Any] = {}
        exports = []
        if folder != "-":
            target = Path(folder)
            if target.exists() and not target.is_dir():
                raise CommandError(f"{folder} is a file, not a folder")
            data["folder"] = str(target)
            exports.append(export_dir(target))
        if xlsx:
            data["xlsx"] = xlsx
            exports.append(export_xlsx(xlsx))
        written = exports[-1]  # the last written: the same files, and the newest head
        data["files"] = dict(written)
        data["head"] = written.sealed.as_dict()
        return data

    def show(self, data: dict[str, Any], **options: Any) -> None:
        self.table("Exported", ["file", "rows"], list(data["files"].items()))
        for key in ("folder", "xlsx"):
            if key in data:
                self.console.print(f"Written to {data[key]}", highlight=False)
        show_head(self.console, data["head"])

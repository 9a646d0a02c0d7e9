"""`lotline verify [--witness SEQ:HASH|FILE] [--rebuild]`: check the event log, its checkpoints and
the read tables."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser

from lotline.catalog.management.recording import HelpFormatter
from lotline.commands import LotlineCommand
from lotline.ledger.rebuild import rebuild
from lotline.ledger.verification import Witness, read_witness, verify_ledger


class Command(LotlineCommand):
    help = """Check that the event log is whole and unchanged, and that the read tables agree with it.

It walks the hash chain and names the first event that does not match; checks every signed
checkpoint (the log beside the checkpoint key, and its copy in the database) and every witness
given, so a chain rewritten or cut off after a checkpoint fails even when its hashes were all
recomputed; and compares counts and sums per lot and per customer in the read tables with the
events. When all is well it signs a checkpoint of the head and prints it (SEQ:HASH). With
--rebuild, it also rebuilds every read table from the events and reports any difference.

A witness is SEQ:HASH as printed on an export, a report or by this command, or a file holding
them (an export's ledger_head.csv, a report's CSV).

Example: lotline verify --witness 1234:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"""

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        """Keep the help's paragraphs and its Example: line as written."""
        return super().create_parser(prog_name, subcommand, formatter_class=HelpFormatter, **kwargs)

    def add_command_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--witness", action="append", default=[], metavar="SEQ:HASH|FILE",
                            help="a head someone was given, or a file of them; repeatable")
        parser.add_argument("--rebuild", action="store_true", help="rebuild the read tables from the events")

    def handle_command(self, *, witness: list[str], rebuild: bool = False, **options: Any) -> dict[str, Any]:
        given: list[Witness] = []
        for value in witness:
            if not (found := read_witness(value)):
                raise CommandError(f"--witness {value!r} is neither SEQ:HASH (a number, a colon and 64 hex "
                                   "digits) nor a file holding one")
            given += found
        check = verify_ledger(given)
        data = check.as_dict()
        if rebuild and check.ok:
            report = _rebuild()
            data["rebuild"] = report
            data["ok"] = report["differences"] == 0
        self.failed = not data["ok"]
        return data

    def show(self, data: dict[str, Any], **options: Any) -> None:
        if data["first_bad_event"]:
            self.console.print(f"[red]Chain broken at event #{data['first_bad_event']}[/red]: {data['reason']} "
                               f"({data['events_checked']} events before it verify).", highlight=False)
        else:
            self.console.print(f"[green]Chain verifies[/green]: {data['events_checked']} events, each hash matches.")
        self._checkpoints(data)
        self._tallies(data["tallies"])
        if "rebuild" in data:
            self._rebuild(data["rebuild"])
        head = data["head"]
        self.console.print(f"Ledger head: event #{head['seq']}, witness [bold]{head['witness']}[/bold]",
                           highlight=False)
        if cp := data["checkpoint"]:
            self.console.print(f"Checkpoint signed {cp['signed_at']} by key {cp['key_id']}.", highlight=False)

    def _checkpoints(self, data: dict[str, Any]) -> None:
        counted = f"{data['checkpoints_checked']} checkpoints, {data['witnesses_checked']} witnesses given"
        if data["problems"]:
            self.console.print(f"[red]Checkpoints and witnesses fail[/red] ({counted}):")
            for problem in data["problems"]:
                self.console.print(f"  {problem}", highlight=False)
        else:
            self.console.print(f"[green]Checkpoints hold[/green]: {counted}; the chain still holds each head.")
        for note in data["notes"]:
            self.console.print(f"  note: {note}", highlight=False)

    def _tallies(self, tallies: list[dict[str, Any]]) -> None:
        bad = [t for t in tallies if t["differences"]]
        if not bad:
            self.console.print("[green]Read tables agree[/green]: counts and sums per lot and per customer match "
                               "the events.")
        for t in bad:
            self.console.print(f"[red]Read tables differ from the events[/red] ({t['name']}, "
                               f"{t['differences']} rows):", highlight=False)
            for example in t["examples"]:
                self.console.print(f"  {example}", highlight=False)

    def _rebuild(self, r: dict[str, Any]) -> None:
        rows = [(name, t["rows_before"], t["rows_after"], t["missing"], t["extra"]) for name, t in r["tables"].items()]
        self.table(f"Rebuilt from {r['events_replayed']} events", ["table", "rows before", "rows after",
                   "not explained by events", "missing from table"], rows)
        for name, t in r["tables"].items():
            for example in t["examples"]:
                self.console.print(f"  {name}: {example}", highlight=False)

    def execute(self, *args: Any, **options: Any) -> Any:
        out = super().execute(*args, **options)
        if getattr(self, "failed", False):
            raise CommandError("the ledger does not verify", returncode=1)
        return out


def _rebuild() -> dict[str, Any]:
    report = rebuild()
    return {"events_replayed": report.events_replayed, "differences": report.differences,
            "tables": {name: t.__dict__ for name, t in report.tables.items()}}

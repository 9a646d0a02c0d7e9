"""`lotline import DIR`: load a folder of spreadsheets (CSV files) into the ledger, all or nothing."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from django.core.management.base import CommandError, CommandParser
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskID, TaskProgressColumn, TextColumn, TimeElapsedColumn

from lotline.catalog.management.recording import HelpFormatter
from lotline.commands import LotlineCommand
from lotline.imports import jobs
from lotline.imports.models import JobState
from lotline.imports.report import FileProblem, ImportRefused
from lotline.imports.services import import_dir

SHOWN_PROBLEMS = 100
BAR_FROM_BYTES = 1 << 20  # smaller imports finish before a bar would be worth drawing


class _Bar:
    """A rich progress bar on the terminal's stderr, one line per phase (reading, checking, writing)."""

    def __init__(self) -> None:
        console = Console(stderr=True)
        self.enabled = console.is_terminal
        self.bar = Progress(TextColumn("{task.description:<15}"), BarColumn(), TaskProgressColumn(),
                            TimeElapsedColumn(), console=console)
        self.task: TaskID | None = None

    def phase(self, label: str, total: int | None, unit: str = "") -> None:
        if self.task is None:
            self.enabled = self.enabled and (total or 0) >= BAR_FROM_BYTES
            if self.enabled:
                self.bar.start()
        if not self.enabled:
            return
        if self.task is not None:  # the last phase is done: show it full
            done = self.bar.tasks[self.task].total or 1
            self.bar.update(self.task, total=done, completed=done)
        self.task = self.bar.add_task(label, total=total)

    def advance(self, amount: int) -> None:
        if self.enabled and self.task is not None:
            self.bar.advance(self.task, amount)

    def stop(self) -> None:
        if self.enabled and self.task is not None:
            self.bar.stop()


class Command(LotlineCommand):
    help = """Import a folder of CSV files after checking every row.

The folder may hold any of sites.csv, suppliers.csv, customers.csv, items.csv, equipment.csv,
receipts.csv, batches.csv, batch_inputs.csv, shipments.csv, recipes.csv, discards.csv and holds.csv
(the format: docs/import-format.md). Nothing is written when any row is wrong; rows already
recorded exactly as written are skipped. With --job, it runs an import uploaded on the web page
(the page starts it so; a stopped one may be run again).

Example: lotline import ./spreadsheets --dry-run"""
    actor_option = True

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        """Keep the help's paragraphs and its Example: line as written."""
        return super().create_parser(prog_name, subcommand, formatter_class=HelpFormatter, **kwargs)

    def add_command_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", nargs="?", help="the folder holding the CSV files")
        parser.add_argument("--job", type=int, help="run the web page's import job with this number instead "
                                                    "(its files, options and person)")
        parser.add_argument("--allow-overdraw", action="store_true",
                            help="record lots that give out more than they hold, with a warning")
        parser.add_argument("--dry-run", action="store_true", help="check every row, then write nothing")

    def handle_command(self, *, folder: str | None, actor: str, allow_overdraw: bool, dry_run: bool,
                       job: int | None = None, **options: Any) -> dict[str, Any]:
        if job is not None and folder is None:
            return self._run_job(job, as_json=options.get("json", False))
        if folder is None or job is not None:
            raise CommandError("name a folder of CSV files, or an import job with --job")
        bar = _Bar()
        try:
            report = import_dir(folder, actor=actor, allow_overdraw=allow_overdraw, dry_run=dry_run,
                                progress=bar)
        except ImportRefused as refused:
            bar.stop()
            self._show_problems(refused.rows, refused.total, as_json=options.get("json", False))
            raise CommandError(refused.message) from None
        bar.stop()
        return asdict(report) | {"added": report.added, "unchanged": report.unchanged}

    def _run_job(self, job_id: int, *, as_json: bool) -> dict[str, Any]:
        """The job's own options and files; its outcome is kept on the job (the page shows it)."""
        job = jobs.run(job_id)
        if job.state == JobState.DONE:
            return job.outcome["report"]
        problems = [FileProblem(**p) for p in job.outcome.get("problems", [])]
        if problems:
            self._show_problems(problems, job.outcome.get("total", len(problems)), as_json=as_json)
        raise CommandError(job.outcome["message"])

    def _show_problems(self, rows: list[FileProblem], total: int, *, as_json: bool) -> None:
        if as_json:
            self.stdout.write(json.dumps({"total": total, "problems": [asdict(r) for r in rows]},
                                         indent=2, ensure_ascii=False))
            return
        shown = rows[:SHOWN_PROBLEMS]
        self.table(f"Problems ({total})", ["file", "line", "column", "reason", "code"], _cells(shown))
        if total > len(shown):
            self.console.print(f"... and {total - len(shown)} more; fix these and run it again "
                               f"(--json lists the first {len(rows)}).")

    def show(self, data: dict[str, Any], **options: Any) -> None:
        title = "Checked (dry run: nothing written)" if data["dry_run"] else "Imported"
        self.table(title, ["file", "rows", "added" if not data["dry_run"] else "would add", "already there"],
                   [[f["file"], f["rows"], f["added"], f["unchanged"]] for f in data["files"]])
        warnings = [FileProblem(**w) for w in data["warnings"]]
        if warnings:
            self.table("Warnings", ["file", "line", "column", "reason", "code"], _cells(warnings))
        for code, count in data["warning_counts"].items():
            self.console.print(f"{count} row{'s' if count != 1 else ''} with warning {code} "
                               f"{'would be ' if data['dry_run'] else ''}recorded anyway (the first are listed "
                               f"above; the events name every line).")
        if data["overdrawn_lots"]:
            self.console.print(f"{data['overdrawn_lots']} lots give out more than they hold "
                               f"(allowed by --allow-overdraw); the first are listed above.")
        if not data["dry_run"]:
            self.console.print(f"{data['added']} rows recorded in {data['events']} events; "
                               f"{data['unchanged']} were already there.")


def _cells(problems: list[FileProblem]) -> list[list[Any]]:
    return [[p.file, p.line or "", p.column, p.reason, p.code] for p in problems]

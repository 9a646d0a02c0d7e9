"""What every `lotline` command shares: --json output, rich tables, the acting user, one-line errors.

A command imports what it needs when it needs it (rich only to draw tables), so `lotline lookup`
starts in a fraction of a second: tests/test_cli.py checks what it imports.
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
from collections.abc import Sequence
from decimal import Decimal
from functools import cached_property
from typing import TYPE_CHECKING, Any, TextIO

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lotline.days import today
from lotline.errors import LotlineError
from lotline.ledger.log import json_default
from lotline.quantities import QuantityError, read

if TYPE_CHECKING:
    from rich.console import Console


def parse_date(text: str) -> dt.date:
    """An ISO date (2026-03-04) from the command line, or 'today': the business's (lotline.days)."""
    if text == "today":
        return today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"{text!r} is not a date; write it as YYYY-MM-DD") from None


def parse_quantity(text: str, *, zero_ok: bool = False) -> Decimal:
    """A quantity as every way in reads it (lotline.quantities), or CommandError saying why not."""
    try:
        return read(text, zero_ok=zero_ok)
    except QuantityError as exc:
        raise CommandError(f"{exc.message} [{exc.code}]") from None


class LotlineCommand(BaseCommand):
    """A Lotline command: `handle_command` returns data; tables by default, JSON with --json."""

    json_option = True
    actor_option = False
    # Django's own options still work, but are left out of --help to keep it about the food business.
    requires_system_checks: list[str] = []  # system checks belong to `lotline check`, not every trace
    suppressed_base_arguments = {"--version", "--verbosity", "--settings", "--pythonpath", "--traceback",
                                 "--no-color", "--force-color", "--skip-checks"}

    def add_arguments(self, parser: CommandParser) -> None:
        if self.json_option:
            parser.add_argument("--json", action="store_true", help="print JSON instead of tables")
        if self.actor_option:
            parser.add_argument("--as", dest="actor", default=getpass.getuser(),
                                help="who is recording (default: your login name): a person's user name "
                                     "records with that person's rights; any other name is the machine's "
                                     "operator, who may do everything")
        self.add_command_arguments(parser)

    def add_command_arguments(self, parser: CommandParser) -> None:
        """Subclasses add their own arguments here."""

    @cached_property
    def console(self) -> Console:
        """Where tables go: this command's output stream (made on first use: --json needs none)."""
        from rich.console import Console

        # the stream under Django's OutputWrapper (which ends each write with a newline), missing from django-stubs
        out: TextIO = self.stdout._out  # type: ignore[assignment]
        # Piped output gets wide tables rather than rich's 80-column default.
        return Console(file=out, width=None if out.isatty() else 160)

    def handle(self, *args: Any, **options: Any) -> None:
        self.__dict__.pop("console", None)  # this run's stdout (call_command may pass another)
        try:
            data = self.handle_command(**options)
        except LotlineError as exc:
            raise CommandError(str(exc)) from None
        except OSError as exc:  # a file named on the command line (--pdf, --xlsx, --md) that cannot be written
            if exc.filename is None:
                raise
            raise CommandError(f"cannot write {exc.filename}: {exc.strerror}") from None
        if data is None:
            return
        if options.get("json"):
            self.stdout.write(json.dumps(data, indent=2, default=json_default, ensure_ascii=False))
        else:
            self.show(data, **options)

    # (*args, **options): each command names the options it takes, as keyword arguments
    def handle_command(self, *args: Any, **options: Any) -> Any:
        raise TypeError(f"{type(self).__name__} must define handle_command()")

    def show(self, data: Any, **options: Any) -> None:
        """The readable form of `data`; by default, JSON."""
        self.stdout.write(json.dumps(data, indent=2, default=json_default, ensure_ascii=False))

    def table(self, title: str, columns: Sequence[str], rows: Sequence[Sequence[Any]], *,
              empty: str = "none") -> None:
        from rich.table import Table

        if not rows:
            self.console.print(f"[bold]{title}[/bold]: {empty}")
            return
        t = Table(title=title, title_justify="left", title_style="bold")
        for col in columns:
            t.add_column(col, overflow="fold")
        for row in rows:
            t.add_row(*("" if v is None else str(v) for v in row))
        self.console.print(t)


"""What the recording commands share: the acting user, one-line errors naming the option at fault,
and a short confirmation table.

It lives in catalog because both the catalog and the lot commands use it (lots depends on catalog).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from argparse import ArgumentTypeError, RawDescriptionHelpFormatter
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.core.management.base import CommandError, CommandParser, DjangoHelpFormatter

from lotline.commands import LotlineCommand, parse_date, parse_quantity
from lotline.errors import LotlineError, NeedsConfirmation, Problem
from lotline.quantities import shown

# The domain's field names, as the options a person typed.
FIELD_OPTIONS = {
    "item": "--item", "supplier": "--supplier", "customer": "--to", "site": "--site",
    "quantity": "--quantity", "unit": "--unit", "received_on": "--date", "produced_on": "--date",
    "shipped_on": "--date", "lot_date": "--date", "supplier_lot": "--supplier-lot", "best_by": "--best-by",
    "quantity_produced": "--made", "quantity_discarded": "--discarded", "discarded": "--discarded",
    "reason": "--reason", "use": "--use", "lot": "--use", "input_code": "--use", "batch": "BATCH",
    "product": "PRODUCT", "code": "CODE", "ref": "REF", "lines": "--quantity", "set": "--set", "on": "--date",
    "inputs": "--use",
}

# Rows of a form that each came from one repeated option.
ROW_OPTIONS = {"input": "--use"}


quantity_text = shown  # one way to show a quantity (lotline.quantities), kept under its old name


def as_quantity(text: str) -> Decimal:
    """An option's quantity; argparse names the option when it is not one ("argument --made: ...").
    Zero passes here: the verb says when a quantity must be more (a failed batch made none)."""
    try:
        return parse_quantity(text, zero_ok=True)
    except CommandError as exc:
        raise ArgumentTypeError(str(exc)) from None


def recorded(done: Any) -> dict[str, Any]:
    """What a verb returned (a frozen dataclass) as a command's data: its fields, and `event`."""
    return dataclasses.asdict(done) | {"event": done.event_seq}


def as_date(text: str) -> dt.date:
    try:
        return parse_date(text)
    except CommandError as exc:
        raise ArgumentTypeError(str(exc)) from None


class HelpFormatter(DjangoHelpFormatter, RawDescriptionHelpFormatter):
    """Keeps the help text's lines, so the `Example:` stays on a line of its own."""


class RecordingCommand(LotlineCommand):
    """A command that records something: `record()` returns data; errors name the option at fault."""

    actor_option = True
    confirm_option = False  # --confirm CODE: the warnings the person accepts (lots.services.common.settle)
    field_options: dict[str, str] = {}  # per command, on top of FIELD_OPTIONS
    show_where = True  # False when `where` only says "row 1" of a one-row form

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        if self.confirm_option:
            parser.add_argument("--confirm", action="append", default=[], metavar="CODE",
                                help="record anyway despite this warning (expired_input, no_inputs, near_twin); "
                                     "kept in the log; once per warning")

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.formatter_class = HelpFormatter
        self.option_strings = {s for action in parser._actions for s in action.option_strings}
        return parser

    def handle_command(self, **options: Any) -> Any:
        try:
            return self.record(**options)
        except LotlineError as exc:
            raise CommandError(self.describe(exc)) from None

    def record(self, **options: Any) -> Any:
        raise TypeError(f"{type(self).__name__} must define record()")

    def option_for(self, field: str) -> str:
        """The option a person typed for a domain field: --kind for kind, --made for quantity_produced."""
        if field in self.field_options:
            return self.field_options[field]
        own = f"--{field.replace('_', '-')}"
        if own in getattr(self, "option_strings", ()):
            return own
        return FIELD_OPTIONS.get(field, field)

    def describe_problem(self, problem: Problem) -> str:
        option = self.option_for(problem.field) if problem.field else ""
        if problem.row is not None and problem.row_label in ROW_OPTIONS:  # input 2: every field of it came from --use
            option = ROW_OPTIONS[problem.row_label]
        where = problem.where if self.show_where else ""
        place = f"{option} ({where})" if option and where else option or where
        text = f"{problem.message} [{problem.code}]"
        return f"{place}: {text}" if place else text

    def describe(self, exc: LotlineError) -> str:
        lines = [self.describe_problem(p) for p in exc.problems]
        if isinstance(exc, NeedsConfirmation):
            anyway = " ".join(f"--confirm {code}" for code in exc.codes)
            return "\n".join(["Not recorded: check these warnings.", *(f"  {line}" for line in lines),
                              f"If it is right, run the command again with {anyway} (kept in the log)."])
        if len(lines) == 1:
            return lines[0]
        return f"{exc.message}\n" + "\n".join(f"  {line}" for line in lines)

    @staticmethod
    def confirmed(options: dict[str, Any]) -> frozenset[str]:
        """The warning codes given with --confirm (commas allowed: --confirm no_inputs,near_twin)."""
        return frozenset(code.strip() for text in options.get("confirm", ()) for code in text.split(",")
                         if code.strip())

    def facts(self, title: str, pairs: Sequence[tuple[str, Any]]) -> None:
        """A two-column confirmation: what was recorded, field by field (empty fields left out)."""
        from rich.table import Table

        if title:
            self.console.print(title, style="bold", highlight=False)
        t = Table(show_header=False)
        t.add_column(style="dim")
        t.add_column(overflow="fold")
        for name, value in pairs:
            if value not in (None, ""):
                t.add_row(name, str(value))
        self.console.print(t)

    def grid(self, title: str, columns: Sequence[str], rows: Sequence[Sequence[Any]], *,
             empty: str = "none") -> None:
        """A table under a heading line (a long heading wraps the screen, not the table)."""
        from rich.table import Table

        if not rows:
            self.console.print(f"[bold]{title}[/bold]: {empty}", highlight=False)
            return
        self.console.print(title, style="bold", highlight=False)
        t = Table()
        for col in columns:
            t.add_column(col, overflow="fold")
        for row in rows:
            t.add_row(*("" if v is None else str(v) for v in row))
        self.console.print(t)

"""lotline correct: correct fields of a lot recorded wrongly (a new event; the old one stays)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.management.base import CommandError, CommandParser

from lotline.catalog.management.recording import RecordingCommand
from lotline.commands import parse_date
from lotline.errors import ErrorCode, LotlineError
from lotline.lots.management.cli import resolve_lot
from lotline.lots.projections import CORRECTABLE
from lotline.lots.services import correct_lot
from lotline.quantities import QuantityError, read, shown

DATES = {"lot_date", "best_by"}
QUANTITIES = {"quantity", "quantity_discarded"}


def parse_changes(pairs: list[str]) -> dict[str, Any]:
    """['quantity=21', 'best-by=2026-09-01'] -> {'quantity': Decimal('21'), 'best_by': date(2026, 9, 1)}."""
    changes: dict[str, Any] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        name = name.strip().replace("-", "_")
        if not sep or not name:
            raise LotlineError(ErrorCode.BAD_INPUT, f"{pair!r}: write FIELD=VALUE, e.g. quantity=21", field="set")
        if name not in CORRECTABLE:
            raise LotlineError(ErrorCode.NOT_CORRECTABLE,
                               f"cannot correct {name}; correctable: {', '.join(CORRECTABLE)}",
                               field="set")
        try:
            changes[name] = _value(name, value.strip())
        except CommandError as exc:  # a date parse_date could not read
            raise LotlineError(ErrorCode.NOT_A_DATE, f"{name}: {exc}", field="set") from None
    return changes


def _value(name: str, text: str) -> Any:
    if name in QUANTITIES:
        try:
            return read(text, zero_ok=True)  # none discarded is a correction too
        except QuantityError as exc:
            raise LotlineError(exc.code, f"{name}: {exc.message}", field="set") from None
    return parse_date(text) if name in DATES else text


class Command(RecordingCommand):
    help = ("Correct fields of a lot or batch recorded wrongly; the log keeps the old and the new.\n"
            f"Correctable: {', '.join(CORRECTABLE)}.\n"
            'Example: lotline correct STRAW-20260302-A --set quantity=21 --reason "invoice says 21 kg"')
    field_options = {"lot": "CODE", **{f: "--set" for f in CORRECTABLE}}

    def add_command_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("code", help="the lot or batch code")
        parser.add_argument("--set", action="append", default=[], required=True, metavar="FIELD=VALUE",
                            help="a field and its right value; repeat for several")
        parser.add_argument("--reason", required=True, help="why (kept in the log)")

    def record(self, **o: Any) -> dict[str, Any]:
        changes = parse_changes(o["set"])
        done = correct_lot(resolve_lot(o["code"], field="lot"), changes, reason=o["reason"], actor=o["actor"])
        changed = {c.field: {"was": c.was, "now": c.now} for c in done.changes}
        return {"event": done.event_seq, "code": done.code, "reason": done.reason, "changes": changed}

    def show(self, data: dict[str, Any], **options: Any) -> None:
        self.grid(f"Corrected {data['code']} ({data['reason']})", ["field", "was", "now"],
                   [(name, _text(c["was"]), _text(c["now"])) for name, c in data["changes"].items()])


def _text(value: Any) -> str:
    return shown(value) if isinstance(value, Decimal) else "" if value is None else str(value)


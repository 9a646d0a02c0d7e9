"""lotline add-inputs: add lots forgotten when a batch was recorded."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from lotline.catalog.management.recording import RecordingCommand, recorded
from lotline.errors import ErrorCode, LotlineError
from lotline.lots.management.cli import parse_use, resolve_lot
from lotline.lots.management.commands.batch import input_rows
from lotline.lots.services import add_inputs


class Command(RecordingCommand):
    help = ("Add inputs forgotten when a batch was recorded (adds, never rewrites).\n"
            "Example: lotline add-inputs RJ-20260120-A --use LEMON-20260115-A:30ml\n"
            '           --reason "lemon juice forgotten"')
    confirm_option = True
    field_options = {"batch": "BATCH", "batch_code": "BATCH"}

    def add_command_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("batch", help="the batch number")
        parser.add_argument("--use", action="append", default=[], required=True, metavar="LOT:QUANTITY",
                            help="a lot it used and how much (as for `lotline batch`); once per lot")
        parser.add_argument("--reason", default="", help="why they were missing (kept in the log)")

    def record(self, **o: Any) -> dict[str, Any]:
        inputs = [parse_use(text) for text in o["use"]]
        if not inputs:
            raise LotlineError(ErrorCode.MISSING, "name at least one lot", field="use")
        batch = resolve_lot(o["batch"], field="batch")
        return recorded(add_inputs(batch, inputs, reason=o["reason"], confirmed=self.confirmed(o), actor=o["actor"]))

    def show(self, data: dict[str, Any], **options: Any) -> None:
        self.grid(f"{data['code']}: {len(data['inputs'])} input(s) added", ["lot", "item", "supplier", "supplier lot",
                                                                           "used"], input_rows(data["inputs"]))

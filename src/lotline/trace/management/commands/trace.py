"""`lotline trace back|forward CODE`: what went into a lot, or where it went, to any depth."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from lotline.commands import LotlineCommand
from lotline.trace.queries import trace_back, trace_forward
from lotline.trace.render import show_trace, signed


class Command(LotlineCommand):
    help = (
        "Trace a lot back to its ingredient lots and suppliers, or forward to every batch and customer. "
        "CODE may be a batch code, a received lot code, a supplier's lot code or a unit serial. "
        "Example: lotline trace back SJ-20260304-A"
    )

    def add_command_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("direction", choices=["back", "forward"], help="back: what went in; forward: where it went")
        parser.add_argument("code", help="batch, lot, supplier lot code or unit serial")

    def handle_command(self, *, direction: str, code: str, **options: Any) -> dict[str, Any]:
        return signed(trace_back(code) if direction == "back" else trace_forward(code))

    def show(self, data: dict[str, Any], **options: Any) -> None:
        show_trace(self, data)

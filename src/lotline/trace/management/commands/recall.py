"""`lotline recall`: a supplier recall by supplier, item and receiving dates."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from lotline.commands import LotlineCommand, parse_date
from lotline.trace.queries import recall
from lotline.trace.render import show_trace, signed


class Command(LotlineCommand):
    help = (
        "Find every batch and customer affected by a supplier's recall of what they sold you between two "
        "dates (both included), the units on hand to hold, and the batches NOT affected. "
        'Example: lotline recall --supplier "Valley Farm" --item STRAW --from 2026-02-28 --to 2026-03-05'
    )

    def add_command_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--supplier", required=True, help="supplier id or name")
        parser.add_argument("--item", help="item code or name (default: every item of that supplier)")
        parser.add_argument("--from", dest="first", required=True, type=parse_date, help="first receiving day")
        parser.add_argument("--to", dest="last", required=True, type=parse_date, help="last receiving day")
        parser.add_argument("--margin-days", type=int, default=7,
                            help="list unaffected batches made up to this many days after the last batch "
                                 "that used the recalled lots")

    def handle_command(self, *, supplier: str, item: str | None, first: Any, last: Any, margin_days: int,
                       **options: Any) -> dict[str, Any]:
        return signed(recall(supplier=supplier, item=item, first=first, last=last, margin_days=margin_days))

    def show(self, data: dict[str, Any], **options: Any) -> None:
        show_trace(self, data)

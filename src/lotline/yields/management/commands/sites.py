"""lotline sites compared: the network's sites side by side, per product."""

from __future__ import annotations

import dataclasses
from typing import Any

from django.core.management.base import CommandParser

from lotline.catalog.management.recording import RecordingCommand, as_date


class Command(RecordingCommand):
    help = ("Sites compared: each site's median yield, failed batches and complaints per 1,000 units shipped, per "
            "product, with the network's figure and the sites that differ most marked (*).\n"
            "Example: lotline sites compared --from 2026-01-01 --to 2026-06-30 --json")

    def add_command_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["compared"], help="compared: the sites side by side")
        parser.add_argument("--from", dest="first", type=as_date, help="first day (default: a year before --to)")
        parser.add_argument("--to", dest="last", type=as_date, help="last day, included (default: today)")

    def record(self, **o: Any) -> dict[str, Any]:
        from lotline.accounts.rights import Right, require
        from lotline.yields.sites import sites_compared

        require(o["actor"], Right.READ)
        return dataclasses.asdict(sites_compared(first=o["first"], last=o["last"]))

    def show(self, data: dict[str, Any], **options: Any) -> None:
        def cell(c: dict[str, Any]) -> str:
            if c["value"] is None:
                return "-"
            counted = f" ({c['count']} of {c['of']:g})" if c["count"] is not None else ""
            return f"{'*' if c['highlighted'] else ''}{c['value']}{counted}"

        self.table(f"Sites compared, {data['first']} to {data['last']}",
                   ["product", "site", *(c["label"] for c in data["columns"])],
                   [(r["product"], r["site"], *(cell(c) for c in r["cells"])) for r in data["rows"]],
                   empty="nothing made, shipped or complained about")
        self.console.print(data["rule"], highlight=False)

"""lotline yields PRODUCT: each batch's yield and the groupings, as on the product page."""

from __future__ import annotations

import dataclasses
from typing import Any

from django.core.management.base import CommandParser

from lotline.catalog.management.recording import RecordingCommand, as_date

GROUPINGS = ("month", "week", "site", "equipment", "supplier")


class Command(RecordingCommand):
    help = ("A product's yields: each batch's output over its inputs by weight (unknown, and why, when a unit has "
            "no weight), its discards and whether it failed, then the median yield and failures by month (or "
            "week, site, equipment, supplier of the main ingredient).\n"
            "Example: lotline yields SJ --from 2026-01-01 --by supplier")

    def add_command_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("product", help="the product's code")
        parser.add_argument("--site", help="only this site's batches")
        parser.add_argument("--from", dest="first", type=as_date, help="first day made (YYYY-MM-DD)")
        parser.add_argument("--to", dest="last", type=as_date, help="last day made, included")
        parser.add_argument("--by", choices=GROUPINGS, default="month", help="the grouping the table shows "
                            "(--json gives them all)")

    def record(self, **o: Any) -> dict[str, Any]:
        from lotline.accounts.rights import Right, require
        from lotline.yields.answers import product_report

        require(o["actor"], Right.READ)
        return dataclasses.asdict(product_report(o["product"], site=o["site"], first=o["first"], last=o["last"]))

    def show(self, data: dict[str, Any], **options: Any) -> None:
        self.table(f"{data['product']}: each batch", ["batch", "site", "made on", "made", "output kg", "inputs kg",
                                                      "yield", "discarded", "failed", "why unknown"],
                   [(b["batch"], b["site"], b["produced_on"], f"{b['output']:g} {b['unit']}", b["output_kg"],
                     b["inputs_kg"], b["ratio"], f"{b['discarded']:g}", "failed" if b["failed"] else "", b["why"])
                    for b in data["batches"]], empty="no batch made")
        by = options["by"]
        self.table(f"By {by} (median yield % of the batches not failed)",
                   [by, "batches", "failed", "failed %", "with a yield", "median yield %"],
                   [(g["key"], g["batches"], g["failed"], g["failed_rate"], g["with_yield"], g["median_yield"])
                    for g in data[f"by_{by}"]])

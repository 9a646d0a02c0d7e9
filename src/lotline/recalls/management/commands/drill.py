"""lotline drill: a mock recall, from opening to its report, in one command."""

from __future__ import annotations

from argparse import ArgumentTypeError
from decimal import Decimal
from typing import Any

from django.core.management.base import CommandError, CommandParser

from lotline.catalog.management.recording import RecordingCommand, as_quantity


def count_option(text: str) -> tuple[str, Decimal]:
    """--count CODE=Q: a lot's physical count, in the lot's unit."""
    code, sep, quantity = text.partition("=")
    if not sep or not code.strip():
        raise ArgumentTypeError(f"{text!r}: write a count as CODE=QUANTITY, e.g. SJ-20260304-A=4")
    return code.strip(), as_quantity(quantity.strip())


class Command(RecordingCommand):
    help = ("Run a mock recall (a drill): open it on a lot, record the physical counts given, and make its\n"
            "report, which stops the clock. Prints the time taken and the share of product accounted for\n"
            "(the aim: 100% within 2 hours). A drill changes no stock, holds nothing and notifies nobody.\n"
            "Example: lotline drill --lot SJ-20260304-A --count SJ-20260304-A=4 --pdf drill.pdf")
    field_options = {"lot": "--lot", "quantity": "--count", "case": "--lot"}

    def add_command_arguments(self, parser: CommandParser) -> None:
        start = parser.add_mutually_exclusive_group()
        start.add_argument("--lot", metavar="CODE", help="the lot to drill on: a finished batch (traced back and "
                                                        "forward) or an ingredient lot (forward)")
        start.add_argument("--random", action="store_true", help="a lot picked at random among those shipped")
        start.add_argument("--list", action="store_true", help="list the drills with their figures over time")
        parser.add_argument("--count", action="append", default=[], type=count_option, metavar="CODE=Q",
                            help="a physical count of a lot on hand, in its unit (repeat; the book quantity "
                                 "stands for a lot not counted)")
        parser.add_argument("--title", default="", help="a title (default: said from the lot)")
        parser.add_argument("--pdf", metavar="FILE", help="write the drill's report as PDF")

    def record(self, **o: Any) -> Any:
        from pathlib import Path

        from lotline.recalls.report import case_report_pdf
        from lotline.recalls.services import count_drill, drill_figures, report_drill, start_drill

        if o["list"]:
            return drill_figures()
        if not o["lot"] and not o["random"]:
            raise CommandError("name the lot to drill on: --lot CODE (or --random)")
        opened = start_drill(lot=o["lot"], at_random=o["random"], title=o["title"], actor=o["actor"])
        if o["count"]:
            count_drill(opened["id"], dict(o["count"]), actor=o["actor"])
        report = report_drill(opened["id"], actor=o["actor"])
        answer: dict[str, Any] = dict(report)
        if o["pdf"]:
            Path(o["pdf"]).write_bytes(case_report_pdf(report["id"], actor=o["actor"]))
            answer["pdf"] = o["pdf"]
        return answer

    def show(self, data: Any, **options: Any) -> None:
        from lotline.recalls import render

        if options["list"]:
            self.grid("Drills", ["drill", "lot", "opened", "status", "seconds", "accounted", "aim met"], [
                (d["id"], d["lot"], d["opened_at"][:16], d["status"], "" if d["seconds"] is None else d["seconds"],
                 "" if d["accounted_percent"] is None else f"{d['accounted_percent']}%",
                 "" if d["met"] is None else ("yes" if d["met"] else "NO")) for d in data])
            return
        render.show_case(self, data)
        self.facts("", [("time taken", f"{data['seconds']} s"), ("accounted for", f"{data['accounted_percent']}%"),
                        ("aim (100% within 2 hours)", "met" if data["met"] else "NOT met"),
                        ("pdf", data.get("pdf"))])

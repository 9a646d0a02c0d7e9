"""`lotline results show CODE`: a lot's (or a sample's) lab results, corrections and what they held.

Each action is a subparser with its own `_NAME_arguments` and `_NAME` methods (ACTIONS lists them), so
another action (`import`, `export`) is a few lines."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from django.core.management.base import CommandParser

from lotline.catalog.management.recording import HelpFormatter, RecordingCommand
from lotline.labs.cli import ACTIONS as LABS_ACTIONS
from lotline.labs.cli import LabsActions

SHOW_EXAMPLE = "lotline results show SJ-20260304-A"
ACTIONS: dict[str, tuple[str, str]] = {  # action -> (summary, example)
    "show": ("Show a lot's samples and lab results (corrected ones marked), in or out of spec, the holds and "
             "recall case proposals they made; or one sample's.", SHOW_EXAMPLE),
    **LABS_ACTIONS,  # import, export, mapping: lotline.labs.cli
}


class Command(LabsActions, RecordingCommand):
    help = ("Lab results: samples, results per test judged against the specs, corrections, and what an "
            f"out-of-spec result held.\nExample: {SHOW_EXAMPLE}")
    json_option = False  # each action takes --json after its name
    actor_option = False
    field_options = {"code": "CODE"}

    def add_command_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION",
                                        title="actions (lotline results ACTION --help: its options)")
        for name, (summary, example) in ACTIONS.items():
            sub = actions.add_parser(name, help=summary, description=f"{summary}\nExample: {example}",
                                     formatter_class=HelpFormatter)
            getattr(self, f"_{name}_arguments")(sub)
            sub.add_argument("--json", action="store_true", help="print JSON instead of tables")

    def record(self, **o: Any) -> dict[str, Any]:
        run: Callable[..., dict[str, Any]] = getattr(self, f"_{o['action']}")
        return run(**o)

    def show(self, data: dict[str, Any], **options: Any) -> None:
        getattr(self, f"_{options['action']}_tables")(data)

    # --- show -------------------------------------------------------------------------------------

    @staticmethod
    def _show_arguments(p: CommandParser) -> None:
        p.add_argument("code", metavar="CODE", help="our lot code, or a sample's id (S-0001)")

    @staticmethod
    def _show(**o: Any) -> dict[str, Any]:
        from lotline.quality.queries import quality_of

        return dataclasses.asdict(quality_of(o["code"]))

    def _show_tables(self, data: dict[str, Any]) -> None:
        from lotline.quantities import exact

        self.table(f"Samples of {data['lot']} ({data['item_name']})", ["sample", "drawn", "by", "where", "lab"],
                   [(s["sample"], s["drawn_on"], s["drawn_by"], s["drawn_at"], s["lab"]) for s in data["samples"]])

        def verdict(r: dict[str, Any]) -> str:
            judged = {True: "in spec", False: "OUT OF SPEC", None: "no spec"}[r["in_spec"]]
            return f"corrected by {r['corrected_by']}" if r["corrected_by"] else judged

        self.table(f"Results of {data['lot']}", ["result", "analyte", "result", "spec", "", "lab", "tested", "sample",
                                                 "certificate"],
                   [(r["result"] + (f" (corrects {r['corrects']})" if r["corrects"] else ""), r["analyte"],
                     f"{exact(r['value'])} {r['unit']}".strip() if r["value"] is not None else r["text"],
                     r["spec"], verdict(r), r["lab"], r["tested_on"] or "", r["sample"],
                     f"{r['coa_name']} sha256:{r['coa_sha256'][:12]}…" if r["coa_sha256"] else "")
                    for r in data["results"]], empty="none recorded")
        if data["proposals"]:
            self.table("Recall case proposals", ["proposal", "status", "shipped lots", "why"],
                       [(p["proposal"], p["case"] or p["status"], ", ".join(p["shipped"]), p["reason"])
                        for p in data["proposals"]])
        if held := data["awaiting_release"]:
            who = f"signed off by {held['signed_by']}: another person releases it" if held["signed_by"] else \
                "needs one person's sign-off, then another's release"
            self.table("On hold for an out-of-spec result", ["lot", "why", "release"],
                       [(held["lot"], held["reason"], who)])

"""lotline case ACTION: run a recall case from the first call to its close (each action one event)."""

from __future__ import annotations

import datetime as dt
import getpass
from argparse import ArgumentTypeError
from collections.abc import Callable
from typing import Any

from django.core.management.base import CommandParser

from lotline.catalog.management.recording import HelpFormatter, RecordingCommand, as_date, as_quantity

EXAMPLES = {
    "open": 'lotline case open --supplier "Valley Farm" --item STRAW --from 2026-02-28 --to 2026-03-05',
    "list": "lotline case list --status open",
    "show": "lotline case show R-1",
    "recompute": "lotline case recompute R-1 --add",
    "hold": "lotline case hold R-1",
    "confirm": 'lotline case confirm R-1 --site K1 --note "shelf 3 checked"',
    "notify": 'lotline case notify R-1 --customer "Good Earth Co-op" --how phone --note "pulling 10 jars"',
    "count": "lotline case count R-1 --lot SJ-20260304-A --quantity 6",
    "returned": "lotline case returned R-1 --lot SJ-20260304-A --quantity 4 --customer GOODEARTH",
    "destroyed": "lotline case destroyed R-1 --lot SJ-20260304-A --quantity 10",
    "note": 'lotline case note R-1 --text "FDA reference 2026-123"',
    "close": 'lotline case close R-1 --reason "all units accounted for"',
    "release": 'lotline case release R-1 --reason "supplier withdrew the notice"',
    "reopen": 'lotline case reopen R-1 --reason "a late shipment was found"',
    "report": "lotline case report R-1 --pdf R-1.pdf --xlsx R-1.xlsx",
    "notice": "lotline case notice R-1 --customer GOODEARTH",
}

SUMMARIES = {
    "open": "Open a case on a supplier's notice (--supplier, --from, --to), on lot codes (--lot, repeatable) or on "
            "a complaint (--complaint); its scope (lots, batches, customers, units on hand, the batches NOT "
            "affected) is frozen.",
    "list": "List recall cases and drills, newest first.",
    "show": "Show a case: scope, actions, mass balance, per-site checklist and customers to notify.",
    "recompute": "Show what changed since the scope froze (a shipment recorded late, a batch found to use a lot); "
                 "--add adds it to the case.",
    "hold": "Hold every affected lot still on hand (held lots cannot ship or be used), all or none.",
    "confirm": "A site confirms its holds and its physical count.",
    "notify": "Record that a customer was told: how, when (default now), by whom (default you) and a note.",
    "count": "Record a physical count of a lot (0 for an empty shelf), beside the book in the mass balance.",
    "returned": "Record units a customer brought back, up to what they received.",
    "destroyed": "Destroy units of a lot on hand (a discard, in the same transaction).",
    "note": "Add a note to the case's timeline.",
    "close": "Close the case, saying why: read-only until reopened. Holds stay (release them first).",
    "release": "Release the holds this case placed.",
    "reopen": "Reopen a closed case, saying why.",
    "report": "Write the case's report: --pdf (the recall report an auditor reads), --xlsx (scope, mass balance, "
              "notification list with contacts).",
    "notice": "Print the customer notices of a case from the business's template (--customer: one; --csv FILE: "
              "the notification list with contacts; --template FILE: set the template first, owners only).",
}

WRITES = {"open", "hold", "confirm", "notify", "count", "returned", "destroyed", "note", "close", "release",
          "reopen", "recompute", "report"}


def as_when(text: str) -> dt.datetime:
    """A date and time (2026-03-12 14:30, in the business's time zone unless it says otherwise)."""
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        raise ArgumentTypeError(f"{text!r} is not a date and time; write it as YYYY-MM-DD HH:MM") from None


def _add_lot(p: CommandParser, what: str, *, unit: bool = True) -> None:
    p.add_argument("--lot", required=True, help="the lot or batch code (a supplier's lot code or a unit serial too)")
    p.add_argument("--quantity", required=True, type=as_quantity, help=what)
    if unit:
        p.add_argument("--unit", default="", help="unit of the quantity (default: the lot's unit)")


def _arguments(name: str, p: CommandParser) -> None:
    """Each action's own options (the case's ID first)."""
    if name == "open":
        p.add_argument("--supplier", help="a supplier's notice: the supplier's id or name")
        p.add_argument("--item", help="the item the notice is about, code or name (default: every item)")
        p.add_argument("--from", dest="first", type=as_date, metavar="DATE",
                       help="first receiving day the notice covers")
        p.add_argument("--to", dest="last", type=as_date, metavar="DATE", help="last receiving day the notice covers")
        p.add_argument("--lot", dest="lots", action="append", default=[], metavar="CODE",
                       help="open on our lot code (repeatable; a supplier's lot code or a unit serial too)")
        p.add_argument("--complaint", help="open on a complaint's lot (C-1)")
        p.add_argument("--title", default="", help="a title (default: said from the start)")
        return
    if name == "list":
        p.add_argument("--kind", choices=["recall", "drill"], help="only recalls, or only drills")
        p.add_argument("--status", choices=["open", "closed"], help="only open, or only closed cases")
        return
    p.add_argument("id", metavar="ID", help="the case's id: R-1 (a drill's: D-1)")
    options: dict[str, Callable[[], object]] = {
        "recompute": lambda: p.add_argument("--add", action="store_true", help="add what changed to the case"),
        "hold": lambda: p.add_argument("--reason", default="", help="kept with every hold (default: the case's "
                                                                     "id and title)"),
        "count": lambda: _add_lot(p, "how much is on the shelf (0 if none)"),
        "destroyed": lambda: _destroyed(p),
        "note": lambda: p.add_argument("--text", required=True, help="the note"),
        "report": lambda: _report(p),
        "notice": lambda: _notice(p),
    }
    if name in ("close", "release", "reopen"):
        p.add_argument("--reason", required=True, help="why (kept in the log)")
    elif name == "confirm":
        p.add_argument("--site", required=True, help="the site's code or name")
        p.add_argument("--note", default="", help="what was checked")
    elif name == "notify":
        p.add_argument("--customer", required=True, help="the customer's id or name")
        p.add_argument("--how", required=True, choices=["phone", "email", "visit", "letter"], help="how they were told")
        p.add_argument("--when", type=as_when, help="when, YYYY-MM-DD HH:MM (default: now)")
        p.add_argument("--by", default="", help="who told them (default: who records)")
        p.add_argument("--note", default="", help="what was said or agreed")
    elif name == "returned":
        _add_lot(p, "how many units came back")
        p.add_argument("--customer", required=True, help="the customer's id or name")
    elif name in options:
        options[name]()


def _notice(p: CommandParser) -> None:
    p.add_argument("--customer", help="only this customer's notice (id or name)")
    p.add_argument("--csv", metavar="FILE", help="write the notification list with contacts as CSV")
    p.add_argument("--template", metavar="FILE", help="set the notice template from this text file first; "
                   "placeholders: {customer} {product} {lots} {quantities} {business} {contact} {case}")
    p.add_argument("--business", default="", help="with --template: your business's name, for {business}")
    p.add_argument("--contact", default="", help="with --template: whom to call, for {contact}")
    p.add_argument("--as", dest="actor", default=getpass.getuser(), help="who sets the template (owners)")


def _destroyed(p: CommandParser) -> None:
    _add_lot(p, "how much was destroyed")
    p.add_argument("--reason", default="", help="why (default: destroyed in the recall)")
    p.add_argument("--confirm", action="append", default=[], metavar="CODE",
                   help="record anyway despite this warning (near_twin); kept in the log")


def _report(p: CommandParser) -> None:
    p.add_argument("--pdf", metavar="FILE", help="the recall report as PDF")
    p.add_argument("--xlsx", metavar="FILE", help="the case as a workbook: scope, mass balance, notification list")


class Command(RecordingCommand):
    help = ("Run a recall case from the first call to a closed case: open it, hold what is on hand, count,\n"
            "notify customers, record returns and destruction, close it; each action is an event.\n"
            "ACTION is one of: " + ", ".join(EXAMPLES) + "\n(lotline case ACTION --help: its options).\n"
            "Example: lotline case open --lot SJ-20260304-A")
    actor_option = False
    json_option = False
    field_options = {"case": "ID", "from": "--from", "to": "--to", "lot": "--lot", "supplier": "--supplier",
                     "complaint": "--complaint", "customer": "--customer", "quantity": "--quantity"}

    def add_command_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        for name, example in EXAMPLES.items():
            sub = actions.add_parser(name, help=SUMMARIES[name], description=f"{SUMMARIES[name]}\nExample: {example}",
                                     formatter_class=HelpFormatter)
            _arguments(name, sub)
            sub.add_argument("--json", action="store_true", help="print JSON instead of tables")
            if name in WRITES:
                sub.add_argument("--as", dest="actor", default=getpass.getuser(),
                                 help="who is recording (default: your login name): a person's user name records "
                                      "with that person's rights")

    def record(self, **o: Any) -> Any:
        from lotline.recalls import commands

        if o["action"] == "note":
            self.field_options = {**self.field_options, "note": "--text"}
        if o["action"] == "notice":
            self.field_options = {**self.field_options, "text": "--template"}
        return commands.run(o["action"], o, resolve_lot=self.lot_code)

    @staticmethod
    def lot_code(text: str) -> str:
        from lotline.lots.management.cli import resolve_lot

        return resolve_lot(text, field="lot")

    def show(self, data: Any, **options: Any) -> None:
        from lotline.recalls import render

        action = options["action"]
        if action in ("open", "show"):
            render.show_case(self, data)
        elif action == "list":
            render.show_list(self, data)
        elif action == "recompute":
            render.show_change(self, data)
        elif action == "notice":
            for notice in data["notices"]:
                self.console.print(f"{notice['name']} ({notice['customer']}) {notice['contact']}", style="bold",
                                   highlight=False)
                self.console.print(notice["text"] + "\n", highlight=False, markup=False)
            if data.get("csv"):
                self.facts("", [("csv", data["csv"])])
        elif action == "report":
            files = [(kind, data[kind]) for kind in ("pdf", "xlsx") if kind in data]
            self.facts(f"{data['id']}: report written", files)
        else:
            render.show_done(self, data)

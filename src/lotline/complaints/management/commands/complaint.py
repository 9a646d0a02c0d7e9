"""`lotline complaint add|list|show|reply|pick|patterns`: customers' complaints, from the first call
to the reply, and the patterns among them."""

from __future__ import annotations

import argparse
import dataclasses
import getpass
from collections.abc import Callable
from typing import Any

from django.core.management.base import CommandParser

from lotline.catalog.management.recording import HelpFormatter, RecordingCommand, as_date
from lotline.quantities import said

ADD_EXAMPLE = 'lotline complaint add --customer GOODEARTH --code SJ-20260304-A-017 --said "the jar fizzed"'
ACTIONS = {  # action -> (summary, example)
    "add": ("Record a complaint: the code on the customer's unit, or (no code) the product and when or where "
            "they bought it, which lists the lots it may be.", ADD_EXAMPLE),
    "list": ("List complaints, newest first.", "lotline complaint list --status open"),
    "show": ("Show one complaint, with the lots it may be when none is picked yet.", "lotline complaint show C-1"),
    "reply": ("Record our reply and/or set the status (open, answered, closed).",
              'lotline complaint reply C-1 --text "refund sent" --status closed'),
    "pick": ("Say which lot a complaint is about (one of its candidates, or any code).",
             "lotline complaint pick C-2 --lot SJ-20260304-A"),
    "patterns": ("Complaints not closed that share a batch or a lot upstream, with the likely cause.",
                 "lotline complaint patterns"),
}
RECORDS = {"add", "reply", "pick"}  # actions that record, and so take --as


class Command(RecordingCommand):
    help = ("Customers' complaints: record one from the code on their unit (or the product and when or where "
            "they bought it), reply, pick its lot, and see patterns among them.\n"
            f"Example: {ADD_EXAMPLE}")
    json_option = False  # each action takes --json (and --as) after its name
    actor_option = False
    field_options = {
        "customer": "--customer", "ref": "--customer", "name": "--customer-name", "kind": "--customer-kind",
        "contact": "--customer-contact", "date": "--date", "bought_on": "--bought", "bought_at": "--at",
        "reply": "--text", "complaint": "ID", "on": "--date",
    }

    def add_command_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION",
                                        title="actions (lotline complaint ACTION --help: its options)")
        for name, (summary, example) in ACTIONS.items():
            sub = actions.add_parser(name, help=summary, description=f"{summary}\nExample: {example}",
                                     formatter_class=HelpFormatter)
            getattr(self, f"_{name}_arguments")(sub)
            sub.add_argument("--json", action="store_true", help="print JSON instead of tables")
            if name in RECORDS:
                sub.add_argument("--as", dest="actor", default=getpass.getuser(),
                                 help="who is recording (default: your login name): a person's user name records "
                                      "with that person's rights; any other name is the machine's operator")

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        # the options of every action, so an error names the option typed (--bought for bought_on)
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for sub in action.choices.values():
                    self.option_strings |= {s for a in sub._actions for s in a.option_strings}
        return parser

    # --- each action's options --------------------------------------------------------------------

    @staticmethod
    def _add_arguments(p: CommandParser) -> None:
        p.add_argument("--customer", required=True, metavar="REF",
                       help='who complains: a customer\'s ref or name (GOODEARTH, "Good Earth Co-op"); with '
                            "--customer-name, the ref of a new one")
        p.add_argument("--code", default="", metavar="CODE", help="the code on their unit: a batch, a unit serial, "
                                                                  "a supplier's lot code or a scanned GS1 label")
        p.add_argument("--said", required=True, metavar="TEXT", help="what they said, in their words")
        p.add_argument("--date", type=as_date, metavar="D", help="when they complained, YYYY-MM-DD (default: today)")
        p.add_argument("--item", default="", metavar="I", help="no code: the product they bought (its code or name)")
        p.add_argument("--bought", type=as_date, metavar="D", help="no code: the day they bought it")
        p.add_argument("--at", default="", metavar="PLACE",
                       help="no code: where they bought it (a customer of ours: a shop, a market)")
        p.add_argument("--customer-name", default="", metavar="NAME",
                       help="a new customer: their name (added to the catalog with the complaint; an owner's right)")
        p.add_argument("--customer-kind", default="other", metavar="KIND",
                       help="a new customer: market, store, online, wholesale or other (the default)")
        p.add_argument("--customer-contact", default="", metavar="CONTACT", help="a new customer: phone or e-mail")

    @staticmethod
    def _list_arguments(p: CommandParser) -> None:
        p.add_argument("--status", default="", choices=["open", "answered", "closed", "not closed"],
                       help="only complaints with this status")
        p.add_argument("--lot", default="", metavar="CODE", help="only complaints about this lot")

    @staticmethod
    def _show_arguments(p: CommandParser) -> None:
        p.add_argument("id", help="the complaint's id: C-1")

    @staticmethod
    def _reply_arguments(p: CommandParser) -> None:
        p.add_argument("id", help="the complaint's id: C-1")
        p.add_argument("--text", default="", metavar="T", help="what we answered (kept as its reply)")
        p.add_argument("--status", default="", choices=["open", "answered", "closed"],
                       help="the new status (default: answered, when a reply is given)")

    @staticmethod
    def _pick_arguments(p: CommandParser) -> None:
        p.add_argument("id", help="the complaint's id: C-1")
        p.add_argument("--lot", required=True, metavar="CODE",
                       help="the lot it is about: any code (a candidate's batch code)")

    @staticmethod
    def _patterns_arguments(p: CommandParser) -> None:
        pass

    # --- running them -----------------------------------------------------------------------------

    def record(self, **o: Any) -> dict[str, Any]:
        run: Callable[..., dict[str, Any]] = getattr(self, f"_{o['action']}")
        return run(**o)

    @staticmethod
    def _add(**o: Any) -> dict[str, Any]:
        from lotline.complaints.services import NewCustomer, record_complaint

        customer: str | NewCustomer = o["customer"]
        if o["customer_name"].strip():
            customer = NewCustomer(o["customer"], o["customer_name"], o["customer_kind"], o["customer_contact"])
        done = record_complaint(customer=customer, said=o["said"], code=o["code"], item=o["item"],
                                bought_on=o["bought"], bought_at=o["at"], on=o["date"], actor=o["actor"])
        return dataclasses.asdict(done)

    @staticmethod
    def _list(**o: Any) -> dict[str, Any]:
        from lotline.complaints.queries import complaints

        return dict(complaints(status=o["status"], lot=o["lot"]))

    @staticmethod
    def _show(**o: Any) -> dict[str, Any]:
        from lotline.complaints.queries import complaint_details

        return dict(complaint_details(o["id"]))

    @staticmethod
    def _reply(**o: Any) -> dict[str, Any]:
        from lotline.complaints.services import answer_complaint

        return dataclasses.asdict(answer_complaint(o["id"], text=o["text"], status=o["status"], actor=o["actor"]))

    @staticmethod
    def _pick(**o: Any) -> dict[str, Any]:
        from lotline.complaints.services import pick_lot

        return dataclasses.asdict(pick_lot(o["id"], lot=o["lot"], actor=o["actor"]))

    @staticmethod
    def _patterns(**o: Any) -> dict[str, Any]:
        from lotline.complaints.patterns import patterns

        return {"patterns": patterns()}

    # --- tables -----------------------------------------------------------------------------------

    def show(self, data: dict[str, Any], **options: Any) -> None:
        action = options["action"]
        if action == "list":
            self._table(data["complaints"], f"Complaints ({data['total']})")
            return
        if action == "patterns":
            self._patterns_table(data["patterns"])
            return
        c = data["complaint"]
        title = {"add": f"Recorded {c['id']}", "reply": f"{c['id']} is {c['status']}",
                 "pick": f"{c['id']} is about {c['lot']}"}.get(action, c["id"])
        self._facts(title, c)
        if not c["lot"]:
            self._candidates(data.get("candidates", []), c)
        if data.get("patterns"):
            self._patterns_table(data["patterns"])

    def _facts(self, title: str, c: dict[str, Any]) -> None:
        unit = f", unit {c['unit_number']}" if c["unit_number"] else ""
        self.facts(title, [
            ("complaint", c["id"]), ("status", c["status"]), ("date", c["date"]),
            ("customer", f"{c['customer_name']} ({c['customer']}) {c['customer_contact']}".strip()),
            ("said", c["said"]), ("code given", c["code"]),
            ("lot", f"{c['lot']} ({c['lot_item_name']}, {c['lot_date']}; {c['via']}{unit})" if c["lot"] else
             "not known yet: pick one (lotline complaint pick)"),
            ("product", f"{c['item_name']} ({c['item']})" if c["item"] else ""),
            ("bought", " ".join(filter(None, [c["bought_on"], c["bought_at_name"] and f"at {c['bought_at_name']}"]))),
            ("reply", f"{c['reply']} ({c['answered_on']})" if c["reply"] else ""),
        ])

    def _candidates(self, rows: list[dict[str, Any]], c: dict[str, Any]) -> None:
        self.grid("The lots it may be (lotline complaint pick ID --lot CODE)",
                  ["lot", "product", "made", "shipped to", "shipped", "quantity", "days before"],
                  [(r["lot"], r["item_name"], r["made_on"], r["shipped_to_name"], r["shipped_on"],
                    said(r["quantity"], r["unit"]), r["days_before"]) for r in rows],
                  empty="none shipped there around that day: give the code, or another day or place")

    def _table(self, rows: list[dict[str, Any]], title: str) -> None:
        self.grid(title, ["id", "date", "customer", "lot", "status", "said"],
                  [(c["id"], c["date"], c["customer_name"], c["lot"] or "(to pick)", c["status"],
                    c["said"] if len(c["said"]) <= 60 else c["said"][:59] + "…") for c in rows])

    def _patterns_table(self, rows: list[dict[str, Any]]) -> None:
        self.grid("Patterns", ["complaints", "their lots", "likely cause", "reaches", "trace forward"],
                  [(", ".join(p["complaints"]), ", ".join(p["lots"]),
                    f"{p['cause']['code']} ({p['cause']['item_name']}{', same batch' if p['same_batch'] else ''})",
                    f"{p['cause']['reaches']} batches", f"lotline trace forward {p['cause']['code']}")
                   for p in rows], empty="no two open complaints share a lot")

"""lotline epcis export|import: GS1 EPCIS 2.0 documents out of and into the ledger."""

from __future__ import annotations

import getpass
import json
import os
from pathlib import Path
from typing import Any, TextIO

from django.core.management.base import CommandError, CommandParser

from lotline.catalog.management.recording import RecordingCommand, as_date
from lotline.ledger.log import json_default

EXPORT_EXAMPLE = "lotline epcis export --trace SJ-20260304-A --out jam.jsonld"
IMPORT_EXAMPLE = "lotline epcis import supplier-shipment.jsonld --dry-run"
SHOWN = 20  # events listed after an import (kept ones and errors first)


class Command(RecordingCommand):
    help = ("GS1 EPCIS 2.0 in and out. `export` writes an EPCISDocument (JSON-LD) of our records: receipts and\n"
            "shipments as ObjectEvents, batches as TransformationEvents, discards, holds and releases; each\n"
            "event's id is its CBV 2.0 hash. `import` takes a document in all or nothing: a supplier's\n"
            "shipment to us becomes our receipt, a transformation at our site a batch; events we cannot map\n"
            "are kept verbatim and listed; an event taken in before is skipped.\n"
            f"Example: {EXPORT_EXAMPLE}\nExample: {IMPORT_EXAMPLE}")
    actor_option = False
    json_option = False
    field_options = {"from": "--from", "to": "--to", "trace": "--trace", "site": "--site", "document": "FILE"}

    def add_command_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        out = actions.add_parser("export", help="write an EPCISDocument of our records",
                                 description=f"Write an EPCISDocument of our records.\nExample: {EXPORT_EXAMPLE}")
        out.add_argument("--from", dest="first", type=as_date, metavar="D", help="first day, YYYY-MM-DD")
        out.add_argument("--to", dest="last", type=as_date, metavar="D", help="last day, YYYY-MM-DD (included)")
        out.add_argument("--trace", default="", metavar="CODE", help="only what a trace of this lot reaches, "
                                                                     "back and forward (and how the other inputs "
                                                                     "of its batches were made)")
        out.add_argument("--site", default="", metavar="S", help="only the records of this site")
        out.add_argument("--out", required=True, metavar="FILE", help="the file to write (- for the screen)")
        into = actions.add_parser("import", help="take an EPCISDocument in, all or nothing",
                                  description=f"Take an EPCISDocument in, all or nothing.\nExample: {IMPORT_EXAMPLE}")
        into.add_argument("file", metavar="FILE", help="the EPCIS 2.0 document (JSON or JSON-LD)")
        into.add_argument("--dry-run", action="store_true", help="check and map everything, record nothing")
        for sub in (out, into):
            sub.add_argument("--json", action="store_true", help="print JSON instead of tables")
            sub.add_argument("--as", dest="actor", default=getpass.getuser(),
                             help="who is acting (default: your login name)")

    def record(self, **o: Any) -> Any:
        return self._export(o) if o["action"] == "export" else self._import(o)

    def _export(self, o: dict[str, Any]) -> dict[str, Any]:
        from lotline.epcis.services import Scope, check_scope, export_document

        scope = Scope(first=o.get("first"), last=o.get("last"), trace=o["trace"], site=o["site"])
        check_scope(scope, actor=o["actor"])
        target = o["out"]
        if target == "-":
            screen: TextIO = self.stdout._out  # type: ignore[assignment]
            done = export_document(scope, screen, actor=o["actor"])
        else:
            part = Path(f"{target}.part")
            with open(part, "w", encoding="utf-8") as out:
                done = export_document(scope, out, actor=o["actor"])
            os.replace(part, target)
        return {"file": target, "events": done.total, "by_step": dict(done.events), "described": done.described}

    def _import(self, o: dict[str, Any]) -> dict[str, Any]:
        from lotline.epcis.services import DocumentRefused, capture

        path = Path(o["file"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read {path}: {exc.strerror}") from None
        try:
            done = capture(data, actor=o["actor"], dry_run=o["dry_run"], source=path.name)
        except DocumentRefused as refused:
            if o.get("json"):
                self.stdout.write(json.dumps({"recorded": 0, "kept": 0, "errors": refused.errors}, indent=2,
                                             default=json_default, ensure_ascii=False))
                raise SystemExit(1) from None
            raise
        return done.as_dict()

    def show(self, data: Any, **options: Any) -> None:
        if options["action"] == "export":
            if data["file"] != "-":
                steps = ", ".join(f"{n} {step}" for step, n in sorted(data["by_step"].items()))
                self.facts(f"{data['events']} EPCIS events written", [
                    ("file", data["file"]), ("events", steps or "none"), ("master data", data["described"])])
            return
        verb = "would be" if data["dry_run"] else "were"
        self.facts(f"EPCIS document {'checked (dry run: nothing recorded)' if data['dry_run'] else 'taken in'}", [
            ("recorded", f"{data['recorded']} events {verb} recorded"),
            ("kept", f"{data['kept']} events {verb} kept verbatim (not mapped)"),
            ("already", f"{data['already']} events were taken in before")])
        listed = sorted((e for e in data["events"] if e["outcome"] != "already"),
                        key=lambda e: (e["outcome"] != "kept", e["index"]))[:SHOWN]
        self.table("Events", ["#", "outcome", "became / why kept", "eventID"],
                   [[e["index"], e["outcome"], e["became"] or e["why"], e["event_id"]] for e in listed])

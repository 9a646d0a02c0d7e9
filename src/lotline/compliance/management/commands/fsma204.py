"""lotline fsma204: the FDA's electronic sortable spreadsheet for a request, and the check of what is missing."""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

from django.core.management.base import CommandError, CommandParser

from lotline.catalog.management.recording import RecordingCommand, as_date


def as_moment(text: str) -> dt.datetime:
    """--requested-at: YYYY-MM-DD HH:MM (the business's time) or an ISO date-time with its offset."""
    from argparse import ArgumentTypeError

    from django.utils import timezone

    try:
        moment = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise ArgumentTypeError(f"{text!r}: write when it came in as YYYY-MM-DD HH:MM") from None
    return moment if moment.tzinfo else timezone.make_aware(moment)


SHOWN = 20  # missing key data elements printed after a file is made (the file lists them all)


class Command(RecordingCommand):
    help = ("FSMA 204 records as the FDA's electronic sortable spreadsheet (one sheet per critical tracking\n"
            "event: Receiving, Transformation, Shipping, and an Explanation sheet), for foods and a date range,\n"
            "lot codes, or everything a trace of one lot reaches; every request is logged with who asked and when\n"
            "(the 24-hour clock). --check lists the key data elements missing (it exits 0 even when some are).\n"
            "Example: lotline fsma204 --from 2026-03-01 --to 2026-03-31 --xlsx fsma204.xlsx --requested-by 'FDA'")
    field_options = {"from": "--from", "to": "--to", "item": "--item", "lot": "--lot", "trace": "--trace",
                     "requested_by": "--requested-by", "requested_at": "--requested-at"}

    def add_command_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="first", type=as_date, metavar="D", help="first day, YYYY-MM-DD")
        parser.add_argument("--to", dest="last", type=as_date, metavar="D", help="last day, YYYY-MM-DD (included)")
        parser.add_argument("--item", action="append", default=[], metavar="CODE",
                            help="an item to include whatever its FTL status (repeat); without it, the foods on "
                                 "the Food Traceability List and the products that contain one")
        parser.add_argument("--lot", action="append", default=[], metavar="CODE",
                            help="a traceability lot code: our lot code or a supplier's (repeat)")
        parser.add_argument("--trace", default="", metavar="CODE", help="every lot a trace of this one reaches, "
                                                                       "back and forward")
        parser.add_argument("--xlsx", metavar="FILE", help="write the spreadsheet as XLSX")
        parser.add_argument("--csv", metavar="DIR", help="write one CSV file per sheet into DIR (made if need be)")
        parser.add_argument("--requested-by", default="", metavar="TEXT",
                            help="who asked: an FDA investigator, a customer, an auditor (kept in the log)")
        parser.add_argument("--requested-at", type=as_moment, metavar="WHEN",
                            help="when the request came in, YYYY-MM-DD HH:MM (default: now)")
        parser.add_argument("--check", action="store_true",
                            help="list the key data elements missing (of a date range, or of the last two years)")
        parser.add_argument("--list", action="store_true", help="list the requests logged, newest first")

    def record(self, **o: Any) -> Any:
        from lotline.compliance.services import Request, check, export_records, requests_logged

        request = Request(first=o["first"], last=o["last"], items=tuple(o["item"]), lots=tuple(o["lot"]),
                          trace=o["trace"].strip())
        if o["list"]:
            return [_logged(r) for r in requests_logged()]
        if o["check"]:
            gaps = check(request if (o["first"] or o["last"] or o["item"] or o["lot"] or o["trace"]) else None)
            return {"count": len(gaps), "missing": [dict(g.__dict__, said=g.said()) for g in gaps]}
        if not o["xlsx"] and not o["csv"]:
            raise CommandError("say where to write it: --xlsx FILE and/or --csv DIR (--check: what is missing)")
        _check_targets(o["xlsx"], o["csv"])  # before the request is logged: a typo must not log one
        produced = export_records(request, xlsx=o["xlsx"], csv_dir=o["csv"], requested_by=o["requested_by"],
                                  requested_at=o["requested_at"], actor=o["actor"])
        return produced.as_dict()

    def show(self, data: Any, **options: Any) -> None:
        if options["list"]:
            self.grid("FSMA 204 requests", ["request", "asked", "by", "requested", "produced", "rows"], [
                (r["request"], r["asked"], r["requested_by"], r["requested_at"][:16], (r["produced_at"] or "")[:16],
                 ", ".join(f"{k} {v}" for k, v in r["rows"].items())) for r in data])
            return
        if options["check"]:
            if not data["count"]:
                self.console.print("No key data element is missing.", highlight=False)
                return
            self.grid(f"{data['count']} missing key data elements", ["what", "what is missing", "fix at"],
                      [(g["what"], g["said"], g["page"]) for g in data["missing"]])
            return
        self.facts(f"{data['request']}: {data['asked']}", [
            ("requested by", data["requested_by"]), ("requested at", data["requested_at"][:16]),
            ("produced at", data["produced_at"][:16]),
            *((sheet, n) for sheet, n in data["rows"].items()),
            ("key data elements missing", len(data["missing"]) or "none"), *(("file", f) for f in data["files"])])
        for line in data["missing"][:SHOWN]:
            self.console.print(f"  missing: {line}", highlight=False)
        if len(data["missing"]) > SHOWN:
            self.console.print(f"  ... and {len(data['missing']) - SHOWN:,} more: the Explanation sheet lists them "
                               "all (and lotline fsma204 --check)", highlight=False)


def _check_targets(xlsx: str | None, csv_dir: str | None) -> None:
    """The files can be written: the XLSX's folder exists and the name is no folder; the CSV folder is
    one, or can be made."""
    from pathlib import Path

    if xlsx:
        target = Path(xlsx)
        if target.is_dir() or not target.parent.is_dir() or not os.access(target.parent, os.W_OK):
            raise CommandError(f"--xlsx: cannot write {xlsx}: give a file name in a folder that exists")
    if csv_dir:
        folder = Path(csv_dir)
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise CommandError(f"--csv: cannot make the folder {csv_dir}: {e.strerror}") from None
        if not os.access(folder, os.W_OK):
            raise CommandError(f"--csv: cannot write into {csv_dir}")


def _logged(r: Any) -> dict[str, Any]:
    return {"request": str(r), "asked": r.asked, "requested_by": r.requested_by,
            "requested_at": r.requested_at.isoformat(), "produced_at": r.produced_at.isoformat() if r.produced_at
            else None, "rows": r.rows, "missing": r.missing, "query": r.query}

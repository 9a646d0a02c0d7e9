"""`lotline plan`: the FSMA 204 traceability plan (21 CFR 1.1315), printed as Markdown or written as
files; its setting options (owners) change it, and each change of its text is a new version."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from lotline.catalog.management.recording import RecordingCommand

EXAMPLE = "lotline plan --pdf plan.pdf --md plan.md"
SETTINGS = {  # option -> (the setting it changes, what it says)
    "--business": ("business", "the business's name (blank: the first site's name)"),
    "--contact-name": ("contact_name", "the point of contact: whom the FDA asks for the records"),
    "--contact-phone": ("contact_phone", "the point of contact's phone number"),
    "--contact-email": ("contact_email", "the point of contact's e-mail address"),
    "--records": ("records", 'how records are kept, in your words ("" : Lotline\'s own words, naming the '
                             "database and lotline backup)"),
    "--backups": ("backups", "where backups are kept (an office safe, a cloud folder) and how often"),
    "--farm-map": ("farm_map", "farms: where the map of the growing areas is (text or a link)"),
    "--note": ("note", "anything else the plan should say"),
}


class Command(RecordingCommand):
    help = ("The FSMA 204 traceability plan (21 CFR 1.1315): how records are kept, how foods on the Food "
            "Traceability List are identified, how traceability lot codes are assigned, and whom to call. "
            "It is written from the business's settings and the catalog: each change of its text is a new "
            "version, kept in the ledger with every version before it (a superseded plan is kept 2 years). "
            "Prints the plan in effect as Markdown; --pdf and --md write it as files. The setting options "
            "(owners only) change the plan first; an empty value clears a setting.\n"
            f"Example: {EXAMPLE}\n"
            'Example: lotline plan --contact-name "Olivia Park" --contact-phone 555-0100 --backups "USB disk, '
            'weekly"')

    def add_command_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--pdf", metavar="FILE", type=Path, help="write the plan as PDF to this file")
        parser.add_argument("--md", metavar="FILE", type=Path, help="write the plan as Markdown to this file")
        parser.add_argument("--plan-version", metavar="N", help="an earlier version (1, 2, ...) instead of the "
                                                                "plan in effect")
        for option, (field, said) in SETTINGS.items():
            parser.add_argument(option, dest=field, metavar="TEXT", help=said)

    def record(self, **o: Any) -> dict[str, Any]:
        from lotline.plans.pdf import plan_pdf
        from lotline.plans.queries import find_version
        from lotline.plans.services import current_plan, set_plan

        changes = {field: o[field] for field, _ in SETTINGS.values() if o.get(field) is not None}
        plan = set_plan(**changes, actor=o["actor"]) if changes else current_plan(actor=o["actor"])
        data = dataclasses.asdict(plan)
        shown = find_version(o["plan_version"]) if o.get("plan_version") else find_version(plan.version)
        data |= {"version": shown.version, "issued_at": shown.issued_at.isoformat(), "issued_by": shown.issued_by,
                 "sha256": shown.sha256, "markdown": shown.markdown, "files": {}}
        if o.get("md"):
            o["md"].write_text(shown.markdown, encoding="utf-8")
            data["files"]["md"] = str(o["md"])
        if o.get("pdf"):
            o["pdf"].write_bytes(plan_pdf(shown))
            data["files"]["pdf"] = str(o["pdf"])
        return data

    def show(self, data: dict[str, Any], **options: Any) -> None:
        if not data["files"]:
            self.stdout.write(data["markdown"], ending="")
            return
        self.facts(f"Traceability plan, version {data['version']}: written", [
            ("in effect since", data["issued_at"][:16].replace("T", " ")), *data["files"].items(),
            ("still to say", "; ".join(data["missing"]))])

"""lotline catalog: list sites, suppliers, customers and items."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser
from django.db.models import Q

from lotline.catalog.management.recording import RecordingCommand
from lotline.catalog.specs import SPECS

PLURALS = {spec.plural: spec for spec in SPECS.values()}
HEADERS = {"on_traceability_list": "FTL", "number_format": "batch numbers"}


class Command(RecordingCommand):
    help = ("List the catalog: sites, suppliers, customers and items (all four by default).\n"
            "Example: lotline catalog suppliers --find valley")
    actor_option = False

    def add_command_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("what", nargs="?", choices=list(PLURALS), help="one list only")
        parser.add_argument("--find", default="", help="only records whose code or name contains this")
        parser.add_argument("--limit", type=int, default=200, help="at most this many rows per list (200)")

    def record(self, **o: Any) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for plural, spec in PLURALS.items():
            if o["what"] and plural != o["what"]:
                continue
            qs = spec.records.all()
            if o["find"]:
                qs = qs.filter(Q(**{f"{spec.key}__icontains": o["find"]}) | Q(name__icontains=o["find"]))
            rows = list(qs.values(*spec.columns)[: o["limit"] + 1])
            data[plural] = rows[: o["limit"]]
            if len(rows) > o["limit"]:
                data.setdefault("truncated", []).append(plural)
        return data

    def show(self, data: dict[str, Any], **options: Any) -> None:
        for plural, rows in data.items():
            if plural == "truncated":
                continue
            spec = PLURALS[plural]
            columns = [c for c in spec.columns if c != "number_format" or any(r[c] != "date" for r in rows)]
            cut = plural in data.get("truncated", ())
            more = f" (first {options['limit']}; narrow with --find)" if cut else ""
            self.grid(f"{plural.capitalize()}{more}", [HEADERS.get(c, c) for c in columns],
                      [[_cell(r[c]) for c in columns] for r in rows])


def _cell(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else ""
    return str(value).replace(";", ", ")

"""lotline compare A B: what differs between two batches, ranked by what also separates the product's good
and poor batches."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser

from lotline.catalog.management.recording import RecordingCommand


class Command(RecordingCommand):
    help = ("Compare two batches: what differs, ranked by what also separates the product's good and poor "
            "batches. The differences (input lots, suppliers and their lot codes, quantities per unit made, "
            "equipment, people, days from receipt to use, best-by) that also separate the product's other good and "
            "poor batches come first, each with its counts. With --best, A is the product's best batch by a "
            "measure.\n"
            "Example: lotline compare SJ-20260304-A SJ-20260310-A --json\n"
            "Example: lotline compare --best yield SJ-20260310-A")
    actor_option = False
    field_options = {"a": "A", "b": "B", "best": "--best"}

    def add_command_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("codes", nargs="+", metavar="BATCH",
                            help="A and B, the two batches (with --best, only B: this one)")
        parser.add_argument("--best", metavar="MEASURE",
                            help="pick A as the best other batch of B's product by this measure: yield (the share "
                                 "made and kept; 0 for a failed batch)")

    def record(self, **o: Any) -> dict[str, Any]:
        from lotline.compare.queries import compare_batches, compare_with_best

        codes, best = o["codes"], o["best"]
        if best:
            if len(codes) != 1:
                raise CommandError("with --best, name only B (this one): lotline compare --best yield B")
            return dict(compare_with_best(codes[0], by=best))
        if len(codes) != 2:
            raise CommandError("name two batches: lotline compare A B (or lotline compare --best yield B)")
        return dict(compare_batches(*codes))

    def show(self, data: dict[str, Any], **options: Any) -> None:
        from rich.table import Table

        for side in ("a", "b"):
            s = data[side]
            picked = f" [dim]({data['picked']})[/dim]" if side == "a" and data["picked"] else ""
            colour = "red" if s["outcome"] == "poor" else "green"
            self.console.print(f"{side.upper()}: [bold]{s['code']}[/bold]{picked} {s['product_name']} "
                               f"({s['product']}), made {s['made_on']} at {s['site']}: "
                               f"[{colour}]{s['outcome_reason']}[/{colour}]", highlight=False)
        if data["note"]:
            self.console.print(f"[yellow]{data['note']}[/yellow]", highlight=False)
        t = Table(title="What differs, what also separates good from poor batches first", title_justify="left",
                  title_style="bold")
        for column in ("#", "what", "A", "B", "score", "why"):
            t.add_column(column, overflow="fold")
        for n, d in enumerate(data["differences"], 1):
            t.add_row(str(n), d["key"], d["a"], d["b"], str(d["score"]), d["explanation"],
                      style=None if d["pattern"] else "dim")
        self.console.print(t if data["differences"] else "Nothing differs between them that Lotline records.")
        if data["same"]:
            same = "; ".join(f"{s['key']}: {s['value']}" for s in data["same"])
            self.console.print(f"[bold]The same in both:[/bold] {same}", highlight=False)
        h = data["history"]
        self.console.print(f"History: {h['batches']} other batches of {', '.join(h['products'])}, {h['poor']} poor "
                           f"({h['outcome_rule']}). {h['score_rule']}", highlight=False)

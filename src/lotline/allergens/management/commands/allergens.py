"""lotline allergens: a lot's Big 9, derived from the lots it used, each with its reason."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from lotline.catalog.management.recording import RecordingCommand


class Command(RecordingCommand):
    help = ("A lot's allergens (Big 9), derived from the lots it actually used to any depth, and what it may "
            "contain (precautionary, or shared equipment not cleaned down since a batch that contained it). "
            "Each says why: `because` lists our lot codes from the lot that brought it to this one. A batch whose "
            "label statement does not name them all is flagged.\n"
            "Example: lotline allergens GH-0003 --json")
    actor_option = False

    def add_command_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("code", help="our lot code or batch number")

    def record(self, **o: Any) -> dict[str, Any]:
        from lotline.allergens.queries import lot_allergens

        return dict(lot_allergens(o["code"]))

    def show(self, data: dict[str, Any], **options: Any) -> None:
        from rich.table import Table

        self.console.print(f"[bold]{data['code']}[/bold] ({data['item']})", highlight=False)
        for title, rows in (("Contains", data["contains"]), ("May contain", data["may_contain"])):
            t = Table(title=title, title_justify="left")
            t.add_column("allergen")
            t.add_column("because (that lot first)", overflow="fold")
            t.add_column("why", overflow="fold")
            for a in rows:
                t.add_row(a["allergen"], " > ".join(a["because"]), a["reason"])
            self.console.print(t if rows else f"{title}: none")
        if data["undeclared"]:
            words = ", ".join(a["allergen"] for a in data["undeclared"])
            self.console.print(f"[bold red]Not declared on its label:[/bold red] {words} "
                               f"(the statement is {data['declared']!r})", highlight=False)

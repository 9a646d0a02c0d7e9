"""`lotline help`: Lotline's commands in the groups a food business thinks in, each with its summary.

Django's own commands still work through `lotline`; `lotline help --all` lists every one of them.
A Lotline command missing from GROUPS is listed under "Other commands" (and a test fails until it
has a group).
"""

from __future__ import annotations

import gc
import re
import shutil
import textwrap

from django.core.management import ManagementUtility, get_commands, load_command_class
from django.core.management.base import BaseCommand

GROUPS: dict[str, list[str]] = {
    "Look up and trace": ["lookup", "trace", "recall"],
    "Record": ["receive", "batch", "add-inputs", "ship", "discard", "hold", "release", "fail", "correct",
               "void-shipment", "process"],
    "Complaints and recalls": ["complaint", "case", "drill"],
    "Quality": ["results", "compare", "yields", "sites"],
    "Allergens": ["allergens", "clean"],
    "FSMA 204": ["fsma204", "plan"],
    "Labels": ["labels"],
    "Partners (GS1 EPCIS 2.0)": ["epcis"],
    "Catalog and people": ["catalog", "add", "createsuperuser", "changepassword"],
    "Files": ["import", "export"],
    "The ledger": ["verify", "checkpoint", "backup", "restore"],
    "Set up": ["migrate", "demo"],
}

# Django's commands in the groups, said in the business's words (their own help is Django's).
DJANGO_SUMMARIES = {
    "createsuperuser": "Add an owner who can sign in and do everything (the first person, say).",
    "changepassword": "Set a person's password.",
    "migrate": "Create or update the database's tables; run it after installing or upgrading Lotline.",
}

OTHERS = "Other commands"
# A sentence ends at a full stop before a capital letter or the end ("sites.csv ... holds.csv" runs on).
FIRST_SENTENCE = re.compile(r"^(.+?[.!?])(?=\s+[A-Z]|$)")


def lotline_commands() -> dict[str, str]:
    """Lotline's own commands, name -> app."""
    return {name: app for name, app in sorted(get_commands().items()) if app.startswith("lotline.")}


def grouped() -> dict[str, list[str]]:
    """GROUPS with the commands that exist here, and any Lotline command without a group under OTHERS."""
    commands = get_commands()
    groups = {title: [name for name in names if name in commands] for title, names in GROUPS.items()}
    placed = {name for names in GROUPS.values() for name in names}
    if others := [name for name in lotline_commands() if name not in placed]:
        groups[OTHERS] = others
    return groups


def summary(name: str) -> str:
    """A command's first sentence of help, on one line."""
    if name in DJANGO_SUMMARIES:
        return DJANGO_SUMMARIES[name]
    help_text = load_command_class(get_commands()[name], name).help
    paragraph = " ".join(help_text.strip().split("\n\n")[0].split())
    found = FIRST_SENTENCE.match(paragraph)
    return found.group(1) if found else paragraph


def main_help(width: int | None = None) -> str:
    """What `lotline`, `lotline help` and `lotline --help` print."""
    width = width or min(100, shutil.get_terminal_size((100, 24)).columns)
    lines = ["Lotline: lot traceability, from ingredient lots in to units out and where they went.",
             "Usage: lotline COMMAND [options]   (lotline help COMMAND: its options and an example)"]
    for title, names in grouped().items():
        lines += ["", title]
        for name in names:
            lines += textwrap.wrap(summary(name), width=width, initial_indent=f"  {name:<16}  ",
                                   subsequent_indent=" " * 20)
    lines += ["", "Django's own commands (check, shell, dbshell, collectstatic, ...) work too;",
              "`lotline help --all` lists every command."]
    return "\n".join(lines)


class Lotline(ManagementUtility):
    """Django's `django-admin` (lotline.cli), whose help lists Lotline's commands first, in groups."""

    def main_help_text(self, commands_only: bool = False) -> str:
        if commands_only or "--all" in self.argv[2:]:  # `lotline help --commands`, `lotline help --all`
            return super().main_help_text(commands_only)
        return main_help()

    def fetch_command(self, subcommand: str) -> BaseCommand:
        command = super().fetch_command(subcommand)
        # Start-up is over (lotline.cli): what it made lives on, so the collector leaves it be (else
        # its first run would scan all of it) and collects the command's own garbage as usual.
        gc.freeze()
        gc.enable()
        return command

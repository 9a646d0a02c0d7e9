"""Docs that cannot drift: the command reference is what the commands say about themselves."""

import re
from pathlib import Path

from lotline.clidoc import lotline_commands, render

CLI_DOC = Path(__file__).resolve().parents[1] / "docs" / "cli.md"


def test_the_cli_reference_is_up_to_date():
    assert CLI_DOC.read_text() == render(), "docs/cli.md is stale: run `make docs`"


def test_every_command_has_an_example():
    from django.core.management import load_command_class

    missing = [name for name, app in lotline_commands().items()
               if "Example" not in load_command_class(app, name).help]
    assert missing == []


ARCHITECTURE = Path(__file__).resolve().parents[1] / "docs" / "architecture.md"
SRC = Path(__file__).resolve().parents[1] / "src" / "lotline"


def apps_in_the_architecture_table() -> list[str]:
    """The first cell of each row of the apps table ("| `ledger` | ..."), in the section that holds it."""
    section = ARCHITECTURE.read_text().split("## The apps", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\| `(\w+)` \|", section, flags=re.MULTILINE)


def test_the_architecture_names_every_app_and_only_apps_that_exist():
    named = apps_in_the_architecture_table()
    apps = sorted(path.parent.name for path in SRC.glob("*/apps.py"))
    assert len(named) == len(set(named)), "an app is named twice in docs/architecture.md"
    assert sorted(named) == apps, "docs/architecture.md's apps table and the apps under src/lotline differ"

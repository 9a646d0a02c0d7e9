"""Docs that cannot drift: the command reference is what the commands say about themselves."""

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

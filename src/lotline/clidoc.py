"""The command-line reference (docs/cli.md), generated from `lotline help` and each command's --help.

Run `python -m lotline.clidoc > docs/cli.md` (or `make docs`); a test fails when the file is stale.
"""

from __future__ import annotations

import argparse
import os

from lotline.clihelp import lotline_commands, main_help

__all__ = ["lotline_commands", "render"]

HEADER = """# The `lotline` command line

Generated from `lotline help` and each command's `--help` by `make docs`; do not edit by hand. Every
Django management command also works through `lotline` (`lotline help --all` lists them).
"""


def render() -> str:
    from django.core.management import load_command_class

    os.environ["COLUMNS"] = "100"  # argparse wraps help to the terminal: fix it so the file is stable
    parts = [HEADER, f"```\n$ lotline help\n{main_help(width=100)}\n```\n"]
    for name, app in lotline_commands().items():  # A to Z: the help above groups them
        parser = load_command_class(app, name).create_parser("lotline", name)
        parts.append(f"## lotline {name}\n\n```\n{parser.format_help().rstrip()}\n```\n")
        for action, sub in _actions(parser):  # a command of several actions: each one's options
            parts.append(f"### lotline {name} {action}\n\n```\n{sub.format_help().rstrip()}\n```\n")
    return "\n".join(parts)


def _actions(parser: argparse.ArgumentParser) -> list[tuple[str, argparse.ArgumentParser]]:
    """The sub-commands of a command (`lotline complaint add`), in the order it lists them."""
    return [(name, sub) for action in parser._actions if isinstance(action, argparse._SubParsersAction)
            for name, sub in action.choices.items()]


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lotline.settings")
    import django

    django.setup()
    print(render(), end="")

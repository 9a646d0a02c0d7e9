"""The command-line reference (docs/cli.md), generated from each command's --help.

Run `python -m lotline.clidoc > docs/cli.md` (or `make docs`); a test fails when the file is stale.
"""

from __future__ import annotations

import os

HEADER = """# The `lotline` command line

Generated from each command's `--help` by `make docs`; do not edit by hand. Every Django management
command also works through `lotline` (`lotline migrate`, `lotline createsuperuser`, ...).
"""


def lotline_commands() -> dict[str, str]:
    """Lotline's own commands, name -> app."""
    from django.core.management import get_commands

    return {name: app for name, app in sorted(get_commands().items()) if app.startswith("lotline.")}


def render() -> str:
    from django.core.management import load_command_class

    os.environ["COLUMNS"] = "100"  # argparse wraps help to the terminal: fix it so the file is stable
    parts = [HEADER]
    for name, app in lotline_commands().items():
        parser = load_command_class(app, name).create_parser("lotline", name)
        parts.append(f"## lotline {name}\n\n```\n{parser.format_help().rstrip()}\n```\n")
    return "\n".join(parts)


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lotline.settings")
    import django

    django.setup()
    print(render(), end="")

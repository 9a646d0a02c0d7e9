"""The `lotline` command: Lotline's own commands plus every Django management command."""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    """Run `lotline <command> ...` the way `django-admin` would, with Lotline's settings."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lotline.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["lotline", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()

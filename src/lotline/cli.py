"""The `lotline` command: Lotline's own commands plus every Django management command."""

import os
import sys

from django.core.management import ManagementUtility


class Lotline(ManagementUtility):
    """Django's `django-admin`, whose help lists Lotline's commands first, in groups (lotline.clihelp)."""

    def main_help_text(self, commands_only: bool = False) -> str:
        if commands_only or "--all" in self.argv[2:]:  # `lotline help --commands`, `lotline help --all`
            return super().main_help_text(commands_only)
        from lotline.clihelp import main_help

        return main_help()


def main(argv: list[str] | None = None) -> None:
    """Run `lotline <command> ...` the way `django-admin` would, with Lotline's settings."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lotline.settings")
    Lotline(["lotline", *(sys.argv[1:] if argv is None else argv)]).execute()


if __name__ == "__main__":
    main()

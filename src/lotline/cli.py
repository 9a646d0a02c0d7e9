"""The `lotline` command: Lotline's own commands plus every Django management command."""

import gc
import os
import sys


def main(argv: list[str] | None = None) -> None:
    """Run `lotline <command> ...` the way `django-admin` would, with Lotline's settings."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lotline.settings")
    # Starting up imports some 600 modules whose objects all live until the command ends; the cyclic
    # garbage collector would scan them again and again for nothing. So it is off until the command
    # is found, and then leaves those objects be (Lotline.fetch_command): a third of a lookup's CPU.
    gc.disable()
    try:
        from lotline.clihelp import Lotline

        Lotline(["lotline", *(sys.argv[1:] if argv is None else argv)]).execute()
    finally:
        gc.unfreeze()  # for a caller that goes on (a test): every object collectable again
        gc.enable()


if __name__ == "__main__":
    main()

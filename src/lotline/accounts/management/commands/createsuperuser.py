"""lotline createsuperuser: Django's command, with Lotline's password rules and no way round them."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.management.commands import createsuperuser

from lotline.accounts.models import CheckedUser


class Command(createsuperuser.Command):
    help = ("Create an owner who may also open the admin (a superuser). The password must pass the\n"
            "password rules, asked for or given in DJANGO_SUPERUSER_PASSWORD with --noinput.\n"
            "Example: lotline createsuperuser --username olivia --email olivia@example.com")
    suppressed_base_arguments = {"--version", "--verbosity", "--settings", "--pythonpath", "--traceback",
                                 "--no-color", "--force-color", "--skip-checks"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Django's command creates the account through UserModel's manager: CheckedUser's checks
        # the password rules, which Django's own prompt offers to bypass and --noinput skips.
        self.UserModel = CheckedUser

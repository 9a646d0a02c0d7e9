"""Who may do what: each person's role and sites, and their personal API tokens.

These are settings of the installation, not traceability records: they live in ordinary tables
(Django's auth beside them), not in the event log. Who recorded each event is in the event itself.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import User, UserManager
from django.contrib.auth.password_validation import validate_password
from django.db import models

SITES_LENGTH = 250  # a membership's site codes, ';'-separated
TOKEN_NAME_LENGTH = 80  # what an API token is for


class Role(models.TextChoices):
    OWNER = "owner", "Owner: everything, people and settings"
    STAFF = "staff", "Staff: record and trace at their sites"
    AUDITOR = "auditor", "Auditor: read and export only"


class Membership(models.Model):
    """A person's role; staff may be limited to some sites (none listed: every site)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership")
    role = models.CharField(max_length=12, choices=Role.choices)
    # Site codes, ';'-separated: codes, not keys to the site table, which is a read table rebuilt
    # from the event log (its rows get new ids).
    sites = models.CharField(max_length=SITES_LENGTH, blank=True)

    class Meta:
        db_table = "membership"

    def __str__(self) -> str:
        return f"{self.user} ({self.role})"


class TokenScope(models.TextChoices):
    """What a token may be used for: everything its person's role allows, only sending EPCIS
    documents (a partner's system that pushes events needs no more), or only a lab's results
    (a lab sends them and reads back those it sent: lotline.labs)."""

    ALL = "all", "Everything my role allows"
    EPCIS_CAPTURE = "epcis-capture", "Only sending EPCIS documents (POST /epcis/capture)"
    RESULTS = "results", "Only lab results: sending them and reading those sent (/api/labs/.../results)"


class ApiToken(models.Model):
    """A personal token for scripts: stored as its SHA-256 only, shown once when it is created."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=TOKEN_NAME_LENGTH, help_text="What it is for, e.g. 'label printer'.")
    prefix = models.CharField(max_length=12, help_text="The token's first characters, to recognise it in a list.")
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    scope = models.CharField(max_length=16, choices=TokenScope.choices, default=TokenScope.ALL)

    class Meta:
        db_table = "api_token"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class FailedSignIn(models.Model):
    """One failed sign-in, kept while it counts towards the limits (accounts/signin.py).

    A guard, not a record of the business: rows older than the limits' window are deleted. An
    ordinary table, so every gunicorn worker sees the same counts, on SQLite and PostgreSQL alike.
    """

    username = models.CharField(max_length=150, help_text="As typed, lower-cased: names no one has count too.")
    address = models.CharField(max_length=45, blank=True, help_text="Where it came from (IPv4 or IPv6).")
    at = models.DateTimeField()

    class Meta:
        db_table = "failed_sign_in"
        indexes = [
            # sign_in_locked: the newest failures of one user name, then of one address
            models.Index(fields=["username", "at"], name="failed_sign_in_username_idx"),
            models.Index(fields=["address", "at"], name="failed_sign_in_address_idx"),
            # record_failed_sign_in: deleting the failures that no longer count
            models.Index(fields=["at"], name="failed_sign_in_at_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.username} from {self.address or '?'} at {self.at:%Y-%m-%d %H:%M}"


class CheckedUserManager(UserManager["CheckedUser"]):
    """Django's user manager, with the password rules on `create_superuser` (see CheckedUser)."""

    def create_superuser(self, username: str, email: str | None = None, password: str | None = None,
                         **extra_fields: Any) -> CheckedUser:
        if password is not None:
            # Django's ValidationError: createsuperuser turns it into a one-line CommandError
            validate_password(password, self.model(username=username, email=email or ""))
        return super().create_superuser(username, email, password, **extra_fields)


class CheckedUser(User):
    """Django's user, seen by `lotline createsuperuser`, which creates it through CheckedUserManager.

    Django's own command checks the password rules only when it asks for the password, and then
    offers to bypass them; given DJANGO_SUPERUSER_PASSWORD with --noinput it checks nothing. Creating
    the account through this manager applies the rules whichever way the password came.
    """

    objects: ClassVar[CheckedUserManager] = CheckedUserManager()

    class Meta:
        proxy = True

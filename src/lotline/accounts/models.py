"""Who may do what: each person's role and sites, and their personal API tokens.

These are settings of the installation, not traceability records: they live in ordinary tables
(Django's auth beside them), not in the event log. Who recorded each event is in the event itself.
"""

from django.conf import settings
from django.db import models


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
    sites = models.CharField(max_length=250, blank=True)

    class Meta:
        db_table = "membership"

    def __str__(self) -> str:
        return f"{self.user} ({self.role})"


class ApiToken(models.Model):
    """A personal token for scripts: stored as its SHA-256 only, shown once when it is created."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=80, help_text="What it is for, e.g. 'label printer'.")
    prefix = models.CharField(max_length=12, help_text="The token's first characters, to recognise it in a list.")
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "api_token"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

"""An import started from the web page: who, when, which files, how far it got and what came of it.

A job is the running of an import, not business history: the rows it records are events in the
ledger like any others, so the job's own row is kept and updated in place (as web.Submission is).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class JobState(models.TextChoices):
    QUEUED = "queued", "waiting to start"
    RUNNING = "running", "running"
    DONE = "done", "done"  # every row recorded (or, on a dry run, checked)
    REFUSED = "refused", "refused"  # problems in the files: nothing recorded
    FAILED = "failed", "stopped"  # something else stopped it (a crash, a restart): nothing recorded


class ImportJob(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    actor = models.CharField(max_length=150, help_text="The user name the import's events carry.")
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    files = models.JSONField(default=list, help_text="The names of the files uploaded.")
    size = models.BigIntegerField(default=0, help_text="Bytes uploaded.")
    folder = models.CharField(max_length=500, help_text="Where the uploads wait for the import (removed after).")
    dry_run = models.BooleanField(default=False)
    allow_overdraw = models.BooleanField(default=False)
    state = models.CharField(max_length=10, choices=JobState.choices, default=JobState.QUEUED)
    host = models.CharField(max_length=255, blank=True, help_text="The machine running the import.")
    pid = models.IntegerField(null=True, blank=True, help_text="Its process there.")
    outcome = models.JSONField(default=dict, help_text="The report, or the problems found.")

    class Meta:
        db_table = "import_job"

    def __str__(self) -> str:
        return f"import {self.pk} ({self.state})"

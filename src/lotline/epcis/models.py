"""Read tables of the EPCIS events we took in (rebuilt from epcis.captured events by verify --rebuild)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from lotline.lots.models import Lot


class Outcome(models.TextChoices):
    RECORDED = "recorded", "recorded as our own records"
    KEPT = "kept", "kept verbatim (we cannot map it)"


class ReceivedEvent(models.Model):
    """One EPCIS event taken in, by its CBV 2.0 hash (what makes taking a document in twice record it
    once). A kept event holds its JSON verbatim; a recorded one names what it became."""

    event_hash = models.CharField(max_length=120, unique=True)
    event_id = models.CharField(max_length=500, blank=True, help_text="The eventID the sender gave it.")
    event_type = models.CharField(max_length=40)
    event_time = models.DateTimeField()
    biz_step = models.CharField(max_length=500, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    became = models.CharField(max_length=200, blank=True, help_text="What it was recorded as: 'receipt ST-1'.")
    why_kept = models.CharField(max_length=500, blank=True)
    body = models.TextField(blank=True, help_text="The event as received (kept events).")
    source = models.CharField(max_length=200, blank=True, help_text="The file or the capture job it came in.")
    event_seq = models.BigIntegerField(help_text="The epcis.captured event.")

    class Meta:
        db_table = "epcis_received_event"
        indexes = [models.Index(fields=["outcome", "event_time"], name="epcis_outcome_time_idx")]

    def __str__(self) -> str:
        return f"{self.event_type} {self.event_id or self.event_hash} ({self.outcome})"


class ReceivedEventLot(models.Model):
    """A lot of ours a kept event names (it is shown on the lot's page)."""

    event = models.ForeignKey(ReceivedEvent, on_delete=models.PROTECT, related_name="lots", db_index=False)
    lot = models.ForeignKey(Lot, on_delete=models.PROTECT, related_name="+", db_index=False)

    class Meta:
        db_table = "epcis_received_event_lot"
        indexes = [models.Index(fields=["lot", "event"], name="epcis_event_lot_idx")]

    def __str__(self) -> str:
        return f"{self.event} names lot {self.lot_id}"


class CaptureState(models.TextChoices):
    RUNNING = "running", "running"
    SUCCEEDED = "succeeded", "all events taken in"
    FAILED = "failed", "refused: nothing taken in"


class CaptureJob(models.Model):
    """One EPCIS document sent to POST /epcis/capture, and what became of it (GET /epcis/capture/{id}).

    Operational data, not a ledger event: what the document recorded is in the ledger (its
    epcis.captured event, whose source names this job); a refused one recorded nothing. The row
    is what the REST binding's capture job answers; it is not rebuilt by verify --rebuild.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    actor = models.CharField(max_length=150, help_text="The user name its events carry.")
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    state = models.CharField(max_length=10, choices=CaptureState.choices, default=CaptureState.RUNNING)
    size = models.BigIntegerField(default=0, help_text="Bytes sent.")
    recorded = models.IntegerField(default=0)
    kept = models.IntegerField(default=0)
    already = models.IntegerField(default=0)
    errors = models.JSONField(default=list, help_text="Why it was refused: index, event_id, field, reason.")
    event_seq = models.BigIntegerField(null=True, blank=True, help_text="Its epcis.captured event, if any.")

    class Meta:
        db_table = "epcis_capture_job"
        indexes = [models.Index(fields=["user", "created_at"], name="epcis_capture_user_idx")]

    def __str__(self) -> str:
        return f"capture {self.pk} ({self.state})"

    @property
    def source(self) -> str:
        """How its events name where they came from (ReceivedEvent.source)."""
        return f"capture {self.pk}"

"""Read tables of the EPCIS events we took in (rebuilt from epcis.captured events by verify --rebuild)."""

from __future__ import annotations

from django.db import models

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
        return f"{self.event_type} {self.event_hash} ({self.outcome})"


class ReceivedEventLot(models.Model):
    """A lot of ours a kept event names (it is shown on the lot's page)."""

    event = models.ForeignKey(ReceivedEvent, on_delete=models.PROTECT, related_name="lots", db_index=False)
    lot = models.ForeignKey(Lot, on_delete=models.PROTECT, related_name="+", db_index=False)

    class Meta:
        db_table = "epcis_received_event_lot"
        indexes = [models.Index(fields=["lot", "event"], name="epcis_event_lot_idx")]

    def __str__(self) -> str:
        return f"{self.event_id} names lot {self.lot_id}"

"""The log of FSMA 204 requests: who asked for records, when, what, and when the file was produced.

A read table written only by the projectors of fsma204 events (projections.py). A request's id is
F-<number>, handed out inside the write that records it.
"""

from django.db import models

PREFIX = "F-"


class RecordsRequest(models.Model):
    """A request for FSMA 204 records (FDA must have them within 24 hours of asking)."""

    number = models.PositiveIntegerField(unique=True, help_text="The n of its id F-n.")
    requested_by = models.CharField(max_length=200, help_text="Who asked: an FDA investigator, a customer...")
    requested_at = models.DateTimeField(help_text="When they asked: the 24-hour clock starts here.")
    asked = models.CharField(max_length=2000, help_text="What they asked for, in words.")
    query = models.JSONField(help_text="The request as Lotline runs it: from, to, items, lots, trace.")
    logged_by = models.CharField(max_length=150)
    event_seq = models.BigIntegerField()
    produced_at = models.DateTimeField(null=True, blank=True, help_text="When its first file was produced: "
                                                                        "the 24-hour clock stops here.")
    produced_by = models.CharField(max_length=150, blank=True)
    rows = models.JSONField(default=dict, help_text="Rows per sheet of the last file produced.")
    missing = models.PositiveIntegerField(default=0, help_text="Key data elements missing in the last file.")
    produced_seq = models.BigIntegerField(null=True, blank=True, help_text="The event of its first file.")

    class Meta:
        db_table = "fsma204_request"
        ordering = ["-number"]

    def __str__(self) -> str:
        return f"{PREFIX}{self.number}"

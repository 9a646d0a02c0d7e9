"""Complaints: what a customer said about a unit, the lot it points at, and how we answered.

A read table written only by the projectors of complaint events (projections.py). A complaint's id
is C-<number>; the number is handed out inside the write that records it (services.py).
"""

from django.db import models

from lotline.catalog.models import Customer, Item
from lotline.lots.models import Lot

from .lengths import LENGTHS

PREFIX = "C-"  # a complaint's id: C-1, C-2...


class ComplaintStatus(models.TextChoices):
    OPEN = "open"
    ANSWERED = "answered"
    CLOSED = "closed"


class Complaint(models.Model):
    """A customer's complaint about a unit they had from us."""

    number = models.PositiveIntegerField(unique=True, help_text="The n of its id C-n.")
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="complaints")
    complained_on = models.DateField(help_text="When the customer complained.")
    said = models.CharField(max_length=LENGTHS["said"], help_text="What they said, in their words.")
    code = models.CharField(max_length=LENGTHS["code"], blank=True,
                            help_text="The code on their unit as they gave it (blank: they had none).")
    via = models.CharField(max_length=20, blank=True,
                           help_text="How the lot was found: lot code, supplier lot code, unit serial, or picked.")
    unit_number = models.PositiveIntegerField(null=True, blank=True, help_text="Of a unit serial.")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                             help_text="The product they bought, when they had no code.")
    bought_on = models.DateField(null=True, blank=True)
    bought_at = models.ForeignKey(Customer, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                  help_text="The place they bought it (a shop or market we ship to).")
    # the lot page and the patterns read complaints by lot: complaint_lot_idx
    lot = models.ForeignKey(Lot, on_delete=models.PROTECT, null=True, blank=True, related_name="complaints",
                            db_index=False)
    status = models.CharField(max_length=10, choices=ComplaintStatus.choices, default=ComplaintStatus.OPEN)
    reply = models.CharField(max_length=LENGTHS["reply"], blank=True, help_text="The last reply.")
    answered_on = models.DateField(null=True, blank=True)
    event_seq = models.BigIntegerField(help_text="The event that recorded it.")
    changed_seq = models.BigIntegerField(help_text="The last event that changed it.")

    class Meta:
        db_table = "complaint"
        indexes = [
            # a lot page: the complaints about this lot
            models.Index(fields=["lot", "status"], name="complaint_lot_idx"),
            # patterns: the lots of the complaints not closed
            models.Index(fields=["status", "lot"], name="complaint_open_idx"),
        ]

    def __str__(self) -> str:
        return f"{PREFIX}{self.number}"

    @property
    def id_text(self) -> str:
        return f"{PREFIX}{self.number}"

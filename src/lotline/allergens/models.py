"""The allergens app's read table: each clean-down of a piece of equipment, as recorded.

Rows are written only by the projector of `equipment.cleaned` (projections.py).
"""

from django.db import models

from lotline.catalog.models import Equipment

LENGTHS = {"note": 250, "by": 150}


class Cleaning(models.Model):
    """A clean-down of one piece of equipment: batches made on it after this carry nothing over from
    the batches made on it before."""

    equipment = models.ForeignKey(Equipment, on_delete=models.PROTECT, related_name="cleanings", db_index=False)
    cleaned_on = models.DateField(help_text="The business's day of cleaned_at.")
    cleaned_at = models.DateTimeField()
    cleaned_by = models.CharField(max_length=LENGTHS["by"])
    note = models.CharField(max_length=LENGTHS["note"], blank=True)
    event_seq = models.BigIntegerField(help_text="The equipment.cleaned event.")

    class Meta:
        db_table = "equipment_cleaning"
        indexes = [
            # cross-contact: the last cleaning of one piece of equipment before a batch (queries.CLEANED_BEFORE)
            models.Index(fields=["equipment", "cleaned_on", "cleaned_at"], name="cleaning_equipment_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.equipment_id} cleaned {self.cleaned_at}"

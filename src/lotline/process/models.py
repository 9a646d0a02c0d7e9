"""Process records' read tables: each product's process fields, and the values recorded on batches.

Rows are written only by the projectors of `process.fields_set` and `process.recorded`
(projections.py); the events keep every version, the tables what is current (and, for values, the
earlier ones with the event that superseded them).
"""

from django.db import models

from lotline.catalog.models import Item
from lotline.lots.models import Lot

# Each text's length, declared once: the model, the verbs' checks, the forms, the API and the import.
LENGTHS = {"code": 40, "label": 80, "unit": 20, "text": 500, "reason": 250}


def number(help_text: str = "") -> models.DecimalField:
    """A measured number or a target: as quantities are kept (6 places, under a billion), or none."""
    return models.DecimalField(max_digits=18, decimal_places=6, null=True, blank=True, help_text=help_text)


class FieldKind(models.TextChoices):
    NUMBER = "number", "number"
    TEXT = "text", "text"


class ProcessField(models.Model):
    """What a product's batches record about how they were made: cook time, peak temperature, pH, notes."""

    product = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+")
    code = models.CharField(max_length=LENGTHS["code"], help_text="peak_temp: how the import and the API name it.")
    label = models.CharField(max_length=LENGTHS["label"], help_text="Peak temperature: how people read it.")
    kind = models.CharField(max_length=6, choices=FieldKind.choices)
    unit = models.CharField(max_length=LENGTHS["unit"], blank=True, help_text="°C, min, pH, °Bx, aw; blank: none.")
    target_min = number()
    target_max = number()
    position = models.PositiveSmallIntegerField(help_text="Its place on the batch screen.")
    retired_on = models.DateField(null=True, blank=True, help_text="No longer asked for from this day; its values "
                                                                   "are kept.")
    event_seq = models.BigIntegerField(help_text="The process.fields_set event that set it as it is.")

    class Meta:
        db_table = "process_field"
        ordering = ["product", "position"]
        constraints = [models.UniqueConstraint(fields=["product", "code"], name="process_field_code")]

    def __str__(self) -> str:
        return f"{self.code} of {self.product_id}"


class ProcessValue(models.Model):
    """One value recorded for a batch; a correction supersedes it (superseded_seq), never edits it."""

    batch = models.ForeignKey(Lot, on_delete=models.PROTECT, related_name="+")
    field = models.ForeignKey(ProcessField, on_delete=models.PROTECT, related_name="+")
    value = number("A number field's value.")
    text = models.TextField(blank=True, help_text="A text field's value.")
    unit = models.CharField(max_length=LENGTHS["unit"], blank=True, help_text="The field's unit when recorded.")
    target_min = number("The target when recorded.")
    target_max = number()
    event_seq = models.BigIntegerField(help_text="The process.recorded event.")
    superseded_seq = models.BigIntegerField(null=True, blank=True, help_text="The event that corrected it.")

    class Meta:
        db_table = "process_value"
        # values_of, history_of and the projector's supersede: a batch's values, by field
        indexes = [models.Index(fields=["batch", "field"], name="process_value_batch_idx")]

    def __str__(self) -> str:
        return f"{self.field_id} of {self.batch_id} (#{self.event_seq})"

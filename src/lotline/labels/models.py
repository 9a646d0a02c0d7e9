"""The labels' read tables: the owner's label settings (one row) and every print of a batch's labels.

Rows are written only by the projectors of `labels.set` and `labels.printed` (projections.py).
"""

from django.db import models

from lotline.lots.models import Lot

LENGTHS = {"cottage_state": 2, "cottage_statement": 500, "stock": 40}


class LabelSettings(models.Model):
    """What every label of the business says besides the product: its cottage food statement."""

    cottage_state = models.CharField(max_length=LENGTHS["cottage_state"], blank=True,
                                     help_text="The state whose cottage food law applies (blank: none).")
    cottage_statement = models.CharField(max_length=LENGTHS["cottage_statement"], blank=True,
                                         help_text="The owner's own words (blank: the state's statement as listed).")
    set_seq = models.BigIntegerField(help_text="The labels.set event.")

    class Meta:
        db_table = "label_settings"

    def __str__(self) -> str:
        return f"label settings (event #{self.set_seq})"


class LabelPrint(models.Model):
    """One print of a batch's labels: serials first_serial .. first_serial + count - 1 (serialised products)."""

    lot = models.ForeignKey(Lot, on_delete=models.PROTECT, related_name="+")  # serves next_serial()
    first_serial = models.PositiveIntegerField(null=True, blank=True, help_text="None: the product has no serials.")
    count = models.PositiveIntegerField()
    stock = models.CharField(max_length=LENGTHS["stock"])
    printed_by = models.CharField(max_length=150)
    seq = models.BigIntegerField(unique=True, help_text="The labels.printed event.")

    class Meta:
        db_table = "label_print"
        ordering = ["seq"]

    def __str__(self) -> str:
        return f"{self.count} labels of {self.lot_id} (event #{self.seq})"

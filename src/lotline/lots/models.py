"""Lots and the movements between them: the read tables the trace engine walks.

A lot is either received (an ingredient lot from a supplier) or a production batch. Every
movement (input, shipment, discard, hold) is its own row, written only by event projectors.
"""

from django.db import models

from lotline.catalog.models import Customer, Item, Site, Supplier
from lotline.codes import unique_whatever_the_case

from .lengths import LENGTHS


class LotKind(models.TextChoices):
    RECEIVED = "received"
    BATCH = "batch"


class LotStatus(models.TextChoices):
    ACTIVE = "active"
    ON_HOLD = "on_hold", "on hold"
    FAILED = "failed"


class Lot(models.Model):
    """Anything with a lot code: a received ingredient lot or a production batch."""

    code = models.CharField(max_length=LENGTHS["code"], unique=True,
                            help_text="Our own code, unique forever whatever its case (lotline/codes.py).")
    kind = models.CharField(max_length=10, choices=LotKind.choices)
    # item and supplier need no index of their own: lot_item_site_date_idx and lot_recall_idx start with
    # them
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="lots", db_index=False)
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="lots")
    lot_date = models.DateField(help_text="Received on (received lots) or produced on (batches).")
    quantity = models.DecimalField(max_digits=20, decimal_places=6, help_text="Received or produced.")
    quantity_discarded = models.DecimalField(max_digits=20, decimal_places=6, default=0,
                                             help_text="Discarded when the batch was made.")
    unit = models.CharField(max_length=LENGTHS["unit"])
    supplier = models.ForeignKey(Supplier, on_delete=models.PROTECT, null=True, blank=True, related_name="lots",
                                 db_index=False)
    supplier_lot = models.CharField(max_length=LENGTHS["supplier_lot"], blank=True,
                                    help_text="The supplier's own lot code, verbatim.")
    supplier_lot_key = models.CharField(max_length=LENGTHS["supplier_lot"], blank=True,
                                        help_text="supplier_lot, upper-cased for lookup.")
    best_by = models.DateField(null=True, blank=True)
    reference_doc_type = models.CharField(max_length=LENGTHS["reference_doc_type"], blank=True,
                                          help_text="invoice, bill of lading...")
    reference_doc = models.CharField(max_length=LENGTHS["reference_doc"], blank=True)
    tlc_source = models.CharField(max_length=LENGTHS["tlc_source"], blank=True, db_default="",
                                  help_text="FSMA 204 TLC source reference of a lot received (blank: its supplier, "
                                            "or our site when the supplier gave no lot code).")
    allergens = models.CharField(max_length=LENGTHS["allergens"], blank=True, db_default="",
                                 help_text="Big 9 its supplier declared for this lot received (its item's own aside).")
    may_contain = models.CharField(max_length=LENGTHS["may_contain"], blank=True, db_default="",
                                   help_text="Big 9 it may contain, as its supplier declared for this lot.")
    made_by = models.CharField(max_length=LENGTHS["made_by"], blank=True)
    equipment = models.CharField(max_length=LENGTHS["equipment"], blank=True)
    status = models.CharField(max_length=10, choices=LotStatus.choices, default=LotStatus.ACTIVE)
    event_seq = models.BigIntegerField(help_text="The event that recorded it.")

    class Meta:
        db_table = "lot"
        indexes = [
            # recall: received lots of one supplier (and item) in a date window
            models.Index(fields=["supplier", "item", "lot_date"], name="lot_recall_idx"),
            # recall: batches of the same products at the same sites in the period, to list those NOT
            # affected (a long-lived lot of lemon juice must not mean reading every site's jam)
            models.Index(fields=["item", "site", "lot_date"], name="lot_item_site_date_idx"),
            # lookup: a supplier's lot code as a person types it
            models.Index(fields=["supplier_lot_key"], name="lot_supplier_lot_idx"),
        ]
        # sj-20260304-a is SJ-20260304-A; also serves find_lot and the import's checks, which look
        # a code up by UPPER(code) (the plain unique index on code serves the projections)
        constraints = [unique_whatever_the_case("code", "lot_code_any_case")]

    def __str__(self) -> str:
        return self.code


class LotInput(models.Model):
    """A batch consumed a quantity of a lot: one row per consumption, never merged."""

    batch = models.ForeignKey(Lot, on_delete=models.PROTECT, related_name="inputs", db_index=False)
    input_lot = models.ForeignKey(Lot, on_delete=models.PROTECT, related_name="uses", db_index=False)
    quantity = models.DecimalField(max_digits=20, decimal_places=6, help_text="As written.")
    unit = models.CharField(max_length=LENGTHS["unit"], help_text="As written.")
    quantity_in_lot_unit = models.DecimalField(max_digits=20, decimal_places=6)
    event_seq = models.BigIntegerField()

    class Meta:
        db_table = "lot_input"
        indexes = [
            # trace_back walks batch -> input_lot; covering, so the walk never reads the table
            models.Index(fields=["batch", "input_lot"], name="input_back_idx"),
            # trace_forward walks input_lot -> batch
            models.Index(fields=["input_lot", "batch"], name="input_forward_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.batch} used {self.quantity} {self.unit} of {self.input_lot}"


class Shipment(models.Model):
    """A quantity of a lot went to a customer on a date."""

    ref = models.CharField(max_length=LENGTHS["ref"], unique=True, help_text="Shipment id, e.g. SH000000001.")
    lot = models.ForeignKey(Lot, on_delete=models.PROTECT, related_name="shipments", db_index=False)
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="shipments")
    shipped_on = models.DateField()
    quantity = models.DecimalField(max_digits=20, decimal_places=6, help_text="In the lot's unit.")
    reference_doc_type = models.CharField(max_length=LENGTHS["reference_doc_type"], blank=True,
                                          help_text="order, invoice, bill of lading")
    reference_doc = models.CharField(max_length=LENGTHS["reference_doc"], blank=True, help_text="e.g. order #1847")
    event_seq = models.BigIntegerField()

    class Meta:
        db_table = "shipment"
        indexes = [
            # trace_forward and recall: who received units of these lots
            models.Index(fields=["lot", "customer"], name="shipment_lot_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.ref}: {self.quantity} of {self.lot} to {self.customer}"


class Discard(models.Model):
    """Units of a lot thrown away after it was recorded (spoiled, dropped, failed a check)."""

    lot = models.ForeignKey(Lot, on_delete=models.PROTECT, related_name="discards")
    quantity = models.DecimalField(max_digits=20, decimal_places=6, help_text="In the lot's unit.")
    discarded_on = models.DateField()
    reason = models.CharField(max_length=LENGTHS["reason"])
    event_seq = models.BigIntegerField()

    class Meta:
        db_table = "discard"

    def __str__(self) -> str:
        return f"{self.quantity} of {self.lot} discarded"


class Hold(models.Model):
    """A lot held back from use and sale until released."""

    lot = models.ForeignKey(Lot, on_delete=models.PROTECT, related_name="holds")
    reason = models.CharField(max_length=LENGTHS["reason"])
    placed_on = models.DateField()
    placed_seq = models.BigIntegerField()
    released_on = models.DateField(null=True, blank=True)
    released_seq = models.BigIntegerField(null=True, blank=True)

    class Meta:
        db_table = "hold"

    def __str__(self) -> str:
        return f"hold on {self.lot}"


class NumberCounter(models.Model):
    """The last number handed out in one numbering scope (a product on a day, or a product).

    Allocation state, not a read table: rebuilding from events leaves it alone.
    """

    scope = models.CharField(max_length=80, unique=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "number_counter"

    def __str__(self) -> str:
        return f"{self.scope}: {self.last}"

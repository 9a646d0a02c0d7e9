"""Recall cases and drills: read tables written only by the projectors of `case.*` events.

A case's scope is frozen: its lots (`CaseLot`) and the shipments of them (`CaseShipment`) as the
trace engine answered when the case opened, plus what `add_to_scope` added since. Each event of a
case is one `CaseAction`, the timeline; counts, returns and destruction keep their lot and quantity
there, so the mass balance reads them in SQL.
"""

from django.db import models

from lotline.catalog.models import Customer, Site
from lotline.lots.lengths import LENGTHS as LOT_LENGTHS
from lotline.lots.models import Lot

from .lengths import LENGTHS


class CaseKind(models.TextChoices):
    RECALL = "recall"
    DRILL = "drill"


# A case's id: ... for recalls, D-1 ... for drills (each kind its own numbers)
PREFIXES = {CaseKind.RECALL: "R", CaseKind.DRILL: "D"}


class CaseStatus(models.TextChoices):
    OPEN = "open"
    CLOSED = "closed"


class Role(models.TextChoices):
    """Why a lot is in a case's scope."""

    MATCHED = "matched"  # named by the trigger: the supplier's lots received, the lot codes given
    AFFECTED = "affected"  # reached downstream of them, to any depth
    NOT_AFFECTED = "not_affected", "not affected"  # same products and sites, same period, none of them in it


class Action(models.TextChoices):
    """What happened to a case: one per kind of `case.*` event (ledger.kinds)."""

    OPENED = "opened"
    SCOPE_ADDED = "scope_added", "scope added"
    HOLDS_PLACED = "holds_placed", "holds placed"
    SITE_CONFIRMED = "site_confirmed", "site confirmed"
    CUSTOMER_NOTIFIED = "customer_notified", "customer notified"
    COUNTED = "counted"
    UNITS_RETURNED = "units_returned", "units returned"
    UNITS_DESTROYED = "units_destroyed", "units destroyed"
    NOTE_ADDED = "note_added", "note"
    CLOSED = "closed"
    REOPENED = "reopened"
    HOLDS_RELEASED = "holds_released", "holds released"
    REPORTED = "reported", "report made"  # a drill's: stops its clock and closes it


class How(models.TextChoices):
    """How a customer was told."""

    PHONE = "phone"
    EMAIL = "email"
    VISIT = "visit"
    LETTER = "letter"


class Case(models.Model):
    """A recall case or a drill: its trigger, status and the period its not-affected batches cover."""

    code = models.CharField(max_length=LENGTHS["code"], unique=True, help_text="R-1, D-1.")
    kind = models.CharField(max_length=10, choices=CaseKind.choices)
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=LENGTHS["title"])
    trigger = models.TextField(help_text="What it was opened on, as the case.opened event's canonical JSON.")
    status = models.CharField(max_length=10, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    opened_seq = models.BigIntegerField(help_text="The case.opened event.")
    compared_from = models.DateField(null=True, blank=True)
    compared_until = models.DateField(null=True, blank=True)
    not_affected_total = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "recall_case"
        constraints = [models.UniqueConstraint(fields=["kind", "number"], name="recall_case_number")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class CaseLot(models.Model):
    """A lot in a case's frozen scope, and why."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="scope")
    lot = models.ForeignKey(Lot, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=12, choices=Role.choices)
    depth = models.PositiveIntegerField(null=True, blank=True, help_text="Links from a matched lot; none for "
                                                                         "a batch not affected.")
    added_seq = models.BigIntegerField(help_text="The event that put it in the scope.")

    class Meta:
        db_table = "recall_case_lot"
        # the scope of one case (case_details, the mass balance); also keeps each lot once per case
        constraints = [models.UniqueConstraint(fields=["case", "lot"], name="recall_case_lot_once")]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.lot_id} ({self.role})"


class CaseShipment(models.Model):
    """A shipment of a lot in scope, as it was when frozen (a later void leaves it here: it went out)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="shipments")
    ref = models.CharField(max_length=LOT_LENGTHS["ref"])
    lot = models.ForeignKey(Lot, on_delete=models.PROTECT, related_name="+")
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="+")
    shipped_on = models.DateField()
    quantity = models.DecimalField(max_digits=20, decimal_places=6, help_text="In the lot's unit.")
    reference_doc = models.CharField(max_length=LOT_LENGTHS["reference_doc"], blank=True)
    added_seq = models.BigIntegerField()

    class Meta:
        db_table = "recall_case_shipment"
        constraints = [models.UniqueConstraint(fields=["case", "ref"], name="recall_case_shipment_once")]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.ref}"


class CaseAction(models.Model):
    """One event of a case, in order: the timeline. Who and when are the event's own (ledger_event)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="actions", db_index=False)
    seq = models.BigIntegerField(unique=True, help_text="The event.")
    action = models.CharField(max_length=20, choices=Action.choices)
    lot = models.ForeignKey(Lot, on_delete=models.PROTECT, null=True, blank=True, related_name="+", db_index=False)
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    quantity = models.DecimalField(max_digits=20, decimal_places=6, null=True, blank=True,
                                   help_text="Counted, returned or destroyed, in the lot's unit.")
    how = models.CharField(max_length=LENGTHS["how"], choices=How.choices, blank=True)
    notified_at = models.DateTimeField(null=True, blank=True, help_text="When the customer was told.")
    notified_by = models.CharField(max_length=LENGTHS["by"], blank=True, help_text="Who told the customer.")
    note = models.CharField(max_length=LENGTHS["text"], blank=True, help_text="A note, or why.")

    class Meta:
        db_table = "recall_action"
        indexes = [
            # the timeline of one case, in order
            models.Index(fields=["case", "seq"], name="recall_action_case_idx"),
            # the mass balance: the last count and the returns of each lot of a case
            models.Index(fields=["lot", "case", "action"], name="recall_action_lot_idx"),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action}"


class NoticeTemplate(models.Model):
    """The business's notice template: one row, replaced by each notice.template_set event."""

    text = models.TextField()
    business = models.CharField(max_length=200, blank=True)
    contact = models.CharField(max_length=200, blank=True)
    set_seq = models.BigIntegerField(help_text="The notice.template_set event.")

    class Meta:
        db_table = "recall_notice_template"

    def __str__(self) -> str:
        return f"notice template (event #{self.set_seq})"

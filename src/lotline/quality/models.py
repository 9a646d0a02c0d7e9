"""Samples, lab results, specs, out-of-spec holds, two-person sign-offs and recall case proposals.

Read tables written only by the projectors of quality events (projections.py), except `CoaFile`:
the bytes of a lab's certificate of analysis are too big for an event, so the event carries their
SHA-256 and the verb stores the bytes here, keyed by that hash (a database backup carries them, and
`verify` hashes them again: checks.py). Like the lot number counters it is not a read table: a
rebuild leaves it alone.
"""

from django.db import models

from lotline.catalog.models import Item
from lotline.codes import unique_whatever_the_case
from lotline.lots.models import Lot

from .lengths import LENGTHS

RESULT_PREFIX = "LR-"  # a lab result's id: LR-1, LR-2...
PROPOSAL_PREFIX = "P-"  # a recall case proposal's id


class Sample(models.Model):
    """A sample drawn from a lot and sent to a lab."""

    code = models.CharField(max_length=LENGTHS["sample"], unique=True,
                            help_text="The sample's id: given, or numbered S-0001 (unique whatever its case).")
    # the lot page: the samples of this lot
    lot = models.ForeignKey(Lot, on_delete=models.PROTECT, related_name="samples")
    drawn_on = models.DateField()
    drawn_by = models.CharField(max_length=LENGTHS["drawn_by"], help_text="Who drew it.")
    drawn_at = models.CharField(max_length=LENGTHS["drawn_at"], blank=True, help_text="Where it was drawn.")
    lab = models.CharField(max_length=LENGTHS["lab"], help_text="The lab it goes to.")
    event_seq = models.BigIntegerField()

    class Meta:
        db_table = "quality_sample"
        constraints = [unique_whatever_the_case("code", "sample_code_any_case")]

    def __str__(self) -> str:
        return self.code


class CoaFile(models.Model):
    """A certificate of analysis, by the SHA-256 of its bytes (named in the results' event)."""

    sha256 = models.CharField(max_length=64, primary_key=True)
    content = models.BinaryField()
    size = models.PositiveIntegerField()

    class Meta:
        db_table = "quality_coa"

    def __str__(self) -> str:
        return self.sha256


class LabResult(models.Model):
    """One test's result as a lab reported it, judged against the item's spec when recorded. A
    correction is a new result naming the one it corrects (`corrects`); the earlier one stays, with
    `corrected_by` set."""

    number = models.PositiveIntegerField(unique=True, help_text="The n of its id LR-n.")
    # results_of, the lot page and spec_failures: a lot's results
    lot = models.ForeignKey(Lot, on_delete=models.PROTECT, related_name="lab_results")
    sample = models.ForeignKey(Sample, on_delete=models.PROTECT, null=True, blank=True, related_name="results")
    analyte = models.CharField(max_length=LENGTHS["analyte"])
    method = models.CharField(max_length=LENGTHS["method"], blank=True)
    value = models.DecimalField(max_digits=24, decimal_places=6, null=True, blank=True)
    text = models.CharField(max_length=LENGTHS["text"], blank=True)
    unit = models.CharField(max_length=LENGTHS["unit"], blank=True)
    lab_limit = models.CharField(max_length=LENGTHS["limit"], blank=True, help_text="The lab's limit, as stated.")
    lab = models.CharField(max_length=LENGTHS["lab"])
    tested_on = models.DateField(null=True, blank=True)
    in_spec = models.BooleanField(null=True, help_text="Against the item's spec when recorded; null: no spec.")
    spec = models.CharField(max_length=200, blank=True, help_text="The spec's limit as text: 'at most 4.6 pH'.")
    coa_sha256 = models.CharField(max_length=64, blank=True)
    coa_name = models.CharField(max_length=LENGTHS["coa_name"], blank=True)
    corrects = models.PositiveIntegerField(null=True, blank=True, help_text="The number of the result it corrects.")
    reason = models.CharField(max_length=LENGTHS["reason"], blank=True, help_text="Why it corrects it.")
    corrected_by = models.PositiveIntegerField(null=True, blank=True)
    event_seq = models.BigIntegerField(help_text="The event that recorded it (its actor recorded it).")

    class Meta:
        db_table = "quality_result"

    def __str__(self) -> str:
        return f"{RESULT_PREFIX}{self.number}"

    @property
    def id_text(self) -> str:
        return f"{RESULT_PREFIX}{self.number}"


class SpecRule(models.TextChoices):
    AT_MOST = "at_most", "at most"
    AT_LEAST = "at_least", "at least"
    EXPECTED = "expected", "expected"  # a qualitative finding: "not detected" (in 25 g)


class Spec(models.Model):
    """One limit of an item (a product or an ingredient) for one analyte."""

    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="specs", db_index=False)
    analyte = models.CharField(max_length=LENGTHS["analyte"])
    analyte_key = models.CharField(max_length=LENGTHS["analyte"], help_text="The analyte, case-folded.")
    rule = models.CharField(max_length=10, choices=SpecRule.choices)
    number = models.DecimalField(max_digits=24, decimal_places=6, null=True, blank=True)
    unit = models.CharField(max_length=LENGTHS["unit"], blank=True)
    expected = models.CharField(max_length=LENGTHS["expected"], blank=True)
    per = models.CharField(max_length=LENGTHS["per"], blank=True, help_text="The portion tested: '25 g'.")
    event_seq = models.BigIntegerField()

    class Meta:
        db_table = "quality_spec"
        # judging a result: the item's spec for its analyte
        constraints = [models.UniqueConstraint(fields=["item", "analyte_key"], name="spec_item_analyte")]

    def __str__(self) -> str:
        return f"{self.item_id} {self.analyte}"


class QualityHold(models.Model):
    """A lot held (or already on hold) because of an out-of-spec result: until it is released, the
    release needs a second person's sign-off (release_rule.py)."""

    # the release rule: a lot's out-of-spec holds since its last release
    lot = models.ForeignKey(Lot, on_delete=models.PROTECT, related_name="+")
    result_seq = models.BigIntegerField(help_text="The event of the out-of-spec result.")
    result = models.PositiveIntegerField(help_text="The number of the out-of-spec result.")
    reason = models.CharField(max_length=LENGTHS["reason"])
    placed = models.BooleanField(help_text="Held because of it (false: it was on hold already).")

    class Meta:
        db_table = "quality_hold"

    def __str__(self) -> str:
        return f"out-of-spec hold on lot {self.lot_id}"


class ReleaseSignoff(models.Model):
    """One person's sign-off of the release of a lot held for an out-of-spec result."""

    lot = models.ForeignKey(Lot, on_delete=models.PROTECT, related_name="+")
    signed_by = models.CharField(max_length=150)
    signed_on = models.DateField()
    reason = models.CharField(max_length=LENGTHS["reason"])
    event_seq = models.BigIntegerField()

    class Meta:
        db_table = "quality_signoff"

    def __str__(self) -> str:
        return f"release of lot {self.lot_id} signed off by {self.signed_by}"


class ProposalStatus(models.TextChoices):
    OPEN = "open"
    CASE_OPENED = "case_opened", "case opened"
    DISMISSED = "dismissed"


class Proposal(models.Model):
    """A recall case proposed because a lot already shipped (or lots downstream of it) failed a test."""

    number = models.PositiveIntegerField(unique=True, help_text="The n of its id P-n.")
    lot = models.ForeignKey(Lot, on_delete=models.PROTECT, related_name="+")
    shipped = models.TextField(help_text="The shipped lots, ';'-separated: the lot and those downstream.")
    result = models.PositiveIntegerField(help_text="The out-of-spec result's number.")
    reason = models.CharField(max_length=LENGTHS["reason"], help_text="Why: the analyte, value, limit and lab.")
    status = models.CharField(max_length=12, choices=ProposalStatus.choices, default=ProposalStatus.OPEN)
    case_code = models.CharField(max_length=20, blank=True, help_text="The recall case opened from it.")
    decided_by = models.CharField(max_length=150, blank=True)
    dismissed_why = models.CharField(max_length=LENGTHS["reason"], blank=True)
    event_seq = models.BigIntegerField()
    changed_seq = models.BigIntegerField()

    class Meta:
        db_table = "quality_proposal"

    def __str__(self) -> str:
        return f"{PROPOSAL_PREFIX}{self.number}"

    @property
    def id_text(self) -> str:
        return f"{PROPOSAL_PREFIX}{self.number}"

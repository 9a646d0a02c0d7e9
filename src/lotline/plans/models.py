"""The traceability plan's read tables: the business's settings (one row) and every version issued.

Rows are written only by the projectors of `plan.set` and `plan.issued` (projections.py).
"""

from django.db import models

# Each setting's length, declared once: the model, the verb's check, the form and the API use it.
LENGTHS = {"business": 200, "contact_name": 120, "contact_phone": 50, "contact_email": 254, "records": 2000,
           "backups": 500, "farm_map": 500, "note": 2000}


class PlanSettings(models.Model):
    """What the business says of itself for its plan: one row, replaced by each plan.set event."""

    business = models.CharField(max_length=LENGTHS["business"], blank=True, help_text="The business's name.")
    contact_name = models.CharField(max_length=LENGTHS["contact_name"], blank=True,
                                    help_text="The point of contact for the plan.")
    contact_phone = models.CharField(max_length=LENGTHS["contact_phone"], blank=True)
    contact_email = models.CharField(max_length=LENGTHS["contact_email"], blank=True)
    records = models.TextField(blank=True, help_text="How records are kept (blank: Lotline's own words).")
    backups = models.CharField(max_length=LENGTHS["backups"], blank=True, help_text="Where backups go.")
    farm_map = models.CharField(max_length=LENGTHS["farm_map"], blank=True,
                                help_text="Farms: where the map of the growing areas is (text or a link).")
    note = models.TextField(blank=True)
    set_seq = models.BigIntegerField(help_text="The plan.set event.")

    class Meta:
        db_table = "plan_settings"

    def __str__(self) -> str:
        return f"plan settings (event #{self.set_seq})"


class PlanVersion(models.Model):
    """One version of the plan's text, as issued; superseded by the next (kept 2 years after that)."""

    version = models.PositiveIntegerField(unique=True)
    markdown = models.TextField()
    sha256 = models.CharField(max_length=64, help_text="SHA-256 of the Markdown (UTF-8).")
    issued_at = models.DateTimeField()
    issued_by = models.CharField(max_length=150)
    issued_seq = models.BigIntegerField(help_text="The plan.issued event.")
    superseded_at = models.DateTimeField(null=True, blank=True)
    superseded_seq = models.BigIntegerField(null=True, blank=True, help_text="The next version's plan.issued event.")

    class Meta:
        db_table = "plan_version"
        ordering = ["version"]

    def __str__(self) -> str:
        return f"plan version {self.version}"

"""The labs that send us results, each with the mapping of its CSV layout to our fields.

Rows are written only by the projector of `lab.mapping_set` (projections.py): a lab's mapping is
history like any record (who changed it, when), and `verify --rebuild` remakes the table.
"""

from django.db import models

from lotline.codes import unique_whatever_the_case

# Each text's length, declared once: the model, the verb's check, the form and the API use it.
LENGTHS = {"code": 40, "name": 120, "column": 120}


class Lab(models.Model):
    """A lab (a regional lab, central QA) and how its results files are laid out."""

    code = models.CharField(max_length=LENGTHS["code"], help_text="Our short code for the lab (unique, any case).")
    name = models.CharField(max_length=LENGTHS["name"], help_text="The lab's name, as its results carry it.")
    # our field -> the lab's column, as canonical JSON ({"analyte": "Test", ...})
    columns = models.TextField()
    date_format = models.CharField(max_length=12, help_text="How the lab writes dates: YYYY-MM-DD, DD/MM/YYYY...")
    decimal_comma = models.BooleanField(default=False, help_text="The lab writes 4,6 for 4.6.")
    delimiter = models.CharField(max_length=1, default=",", help_text="What separates the file's values.")
    set_by = models.CharField(max_length=150)
    event_seq = models.BigIntegerField(help_text="The lab.mapping_set event that set it last.")

    class Meta:
        db_table = "lab"
        ordering = ["name"]
        constraints = [unique_whatever_the_case("code", "lab_code_any_case"),
                       unique_whatever_the_case("name", "lab_name_any_case")]

    def __str__(self) -> str:
        return self.name

"""Lot codes unique whatever their case (lotline/codes.py): sj-20260304-a is SJ-20260304-A.

A ledger that already holds two codes differing only in case cannot take the new index: the
migration stops before changing anything and says which codes they are and how to go on.
"""

import django.db.models.functions.text
from django.core.management.base import CommandError
from django.db import migrations, models

HOW_TO_FIX = """The lot table was left as it was. A code recorded in the event log is never rewritten, so to go on:
  1. with the Lotline version you ran until now, export the records: lotline export ./records
  2. in the CSV files, give one lot of each pair a new code (its row in receipts.csv or batches.csv,
     and every row naming it in batch_inputs.csv, shipments.csv, discards.csv and holds.csv), and
     re-label those goods;
  3. with this version, import the files into a new data folder:
     LOTLINE_DATA_DIR=./new lotline migrate && LOTLINE_DATA_DIR=./new lotline import ./records
     (the import names any other code the code rule refuses: change those the same way).
Keep the old data folder: its event log is the record of what happened until now."""


def refuse_codes_differing_only_in_case(apps, schema_editor) -> None:
    with schema_editor.connection.cursor() as cur:
        cur.execute("SELECT MIN(code), MAX(code), COUNT(*) FROM lot GROUP BY UPPER(code) HAVING COUNT(*) > 1 "
                    "ORDER BY MIN(code)")
        twins = cur.fetchall()
    if twins:
        listed = ", ".join(f"{low} and {high}" + (f" ({n} codes)" if n > 2 else "") for low, high, n in twins[:20])
        more = f" and {len(twins) - 20} more" if len(twins) > 20 else ""
        raise CommandError(
            f"Lot codes are now the same whatever their case (sj-20260304-a is SJ-20260304-A), but this ledger "
            f"holds {len(twins)} code{'s' if len(twins) > 1 else ''} written twice in different cases: "
            f"{listed}{more}.\n{HOW_TO_FIX}")


class Migration(migrations.Migration):

    dependencies = [
        ('catalog', '0004_codes_any_case'),
        ('lots', '0003_not_affected_by_site'),
    ]

    operations = [
        migrations.RunPython(refuse_codes_differing_only_in_case, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='lot',
            name='code',
            field=models.CharField(help_text='Our own code, unique forever whatever its case (lotline/codes.py).',
                                   max_length=64, unique=True),
        ),
        migrations.AddConstraint(
            model_name='lot',
            constraint=models.UniqueConstraint(django.db.models.functions.text.Upper('code'),
                                               name='lot_code_any_case'),
        ),
    ]

"""Catalog codes unique whatever their case (lotline/codes.py): a supplier `valley` is `VALLEY`.

A catalog that already holds two codes differing only in case cannot take the new indexes: the
migration stops before changing anything and says which codes they are and how to go on.
"""

import django.db.models.functions.text
from django.core.management.base import CommandError
from django.db import migrations, models

# (table, code column, the file of the import format it comes from)
CODES = [("site", "code", "sites.csv"), ("supplier", "ref", "suppliers.csv"),
         ("customer", "ref", "customers.csv"), ("item", "code", "items.csv"),
         ("equipment", "code", "equipment.csv")]

HOW_TO_FIX = """The catalog tables were left as they were. A code recorded in the event log is never rewritten, so to go on:
  1. with the Lotline version you ran until now, export the records: lotline export ./records
  2. in the CSV files, give one record of each pair a new code, in its own file and in every row
     naming it (receipts.csv, batches.csv, shipments.csv...);
  3. with this version, import the files into a new data folder:
     LOTLINE_DATA_DIR=./new lotline migrate && LOTLINE_DATA_DIR=./new lotline import ./records
     (the import names any other code the code rule refuses: change those the same way).
Keep the old data folder: its event log is the record of what happened until now."""


def refuse_codes_differing_only_in_case(apps, schema_editor) -> None:
    found = []
    with schema_editor.connection.cursor() as cur:
        for table, column, file in CODES:
            cur.execute(f"SELECT MIN({column}), MAX({column}) FROM {table} GROUP BY UPPER({column}) "
                        f"HAVING COUNT(*) > 1 ORDER BY MIN({column})")
            found += [f"{low} and {high} ({file})" for low, high in cur.fetchall()]
    if found:
        raise CommandError(
            f"Catalog codes are now the same whatever their case (valley is VALLEY), but this catalog holds "
            f"{len(found)} written twice in different cases: {', '.join(found[:20])}"
            f"{f' and {len(found) - 20} more' if len(found) > 20 else ''}.\n{HOW_TO_FIX}")


def _unique_whatever_the_case(model_name: str, field: str, name: str) -> migrations.AddConstraint:
    return migrations.AddConstraint(
        model_name=model_name,
        constraint=models.UniqueConstraint(django.db.models.functions.text.Upper(field), name=name))


class Migration(migrations.Migration):

    dependencies = [
        ('catalog', '0003_fields_declared_in_specs'),
    ]

    operations = [
        migrations.RunPython(refuse_codes_differing_only_in_case, migrations.RunPython.noop),
        _unique_whatever_the_case('customer', 'ref', 'customer_ref_any_case'),
        _unique_whatever_the_case('equipment', 'code', 'equipment_code_any_case'),
        _unique_whatever_the_case('item', 'code', 'item_code_any_case'),
        _unique_whatever_the_case('site', 'code', 'site_code_any_case'),
        _unique_whatever_the_case('supplier', 'ref', 'supplier_ref_any_case'),
    ]

"""A text longer than its column holds is refused at the door with too_long, naming the file, line and
column: PostgreSQL would refuse it with a server error, and SQLite would keep it (and an export of
it would then not import into PostgreSQL)."""

from __future__ import annotations

import pytest

from lotline.catalog.specs import SPECS
from lotline.lots.lengths import LENGTHS

from .csvs import CATALOG, changed, nothing_written, refusal, write

pytestmark = pytest.mark.django_db

# (file, the text made too long, on line, column, its limit)
CATALOG_TEXTS = [("sites.csv", "Home kitchen", 2, "name", SPECS["site"].field("name").length),
                 ("suppliers.csv", "555-0101", 2, "contact", SPECS["supplier"].field("contact").length),
                 ("customers.csv", "Good Earth Co-op", 3, "name", SPECS["customer"].field("name").length),
                 ("items.csv", "Cane sugar", 3, "name", SPECS["item"].field("name").length)]


@pytest.mark.parametrize(("file", "old", "line", "column", "limit"), CATALOG_TEXTS)
def test_a_catalog_text_longer_than_its_column_is_refused(tmp_path, file, old, line, column, limit):
    files = changed(file, old, "x" * (limit + 1), CATALOG)
    problems, refused = refusal(write(tmp_path, files))
    assert problems == [(file, line, column, "too_long")]
    assert refused.problems[0].message == f"at most {limit} characters (this has {limit + 1})"
    assert nothing_written()


RECEIPT = {"lot_code": "R1", "item_code": "STRAW", "supplier_id": "VALLEY", "site_code": "K1",
           "received_on": "2026-03-02", "quantity": "20", "unit": "kg", "supplier_lot": "VF-0302",
           "reference_doc_type": "invoice", "reference_doc": "INV-302"}
BATCH = {"batch_code": "SJ-1", "product_code": "SJ", "site_code": "K1", "produced_on": "2026-03-04",
         "quantity_produced": "40", "unit": "unit", "made_by": "alice", "equipment": "kettle 2",
         "reference_doc_type": "batch sheet", "reference_doc": "BS-1"}
SHIPMENT = {"shipment_id": "SH1", "batch_code": "SJ-1", "customer_id": "SATMKT", "shipped_on": "2026-03-07",
            "quantity": "24", "reference_doc_type": "order", "reference_doc": "#1847"}
LOTS = {"receipts.csv": RECEIPT, "batches.csv": BATCH, "shipments.csv": SHIPMENT}
# CSV column -> its field in lots.lengths
FIELDS = {"lot_code": "code", "batch_code": "code", "shipment_id": "ref"}


def csv(row: dict[str, str]) -> str:
    return ",".join(row) + "\n" + ",".join(row.values()) + "\n"


@pytest.mark.parametrize(("file", "column"), [
    (file, column) for file, row in LOTS.items() for column in row
    if FIELDS.get(column, column) in LENGTHS and column != "unit"  # an unknown unit, whatever its length
    and not (file == "shipments.csv" and column == "batch_code")])  # a lot looked up, not stored
def test_a_lot_or_shipment_text_longer_than_its_column_is_refused(tmp_path, file, column):
    limit = LENGTHS[FIELDS.get(column, column)]
    files = {name: csv(row | ({column: "x" * (limit + 1)} if name == file else {})) for name, row in LOTS.items()}
    problems, refused = refusal(write(tmp_path, CATALOG | files))
    assert (file, 2, column, "too_long") in problems
    assert f"at most {limit} characters (this has {limit + 1})" in {p.message for p in refused.problems}
    assert nothing_written()

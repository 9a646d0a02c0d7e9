"""A tiny import folder: the jam seller's catalog and one week of jam, one CSV text per file.

Line numbers in the tests count the header as line 1, as a spreadsheet does.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from lotline.imports.report import ImportRefused
from lotline.imports.services import import_dir
from lotline.ledger.models import Event
from lotline.lots.models import Lot

CATALOG = {
    "sites.csv": """
        site_code,name
        K1,Home kitchen
    """,
    "suppliers.csv": """
        supplier_id,name,contact
        VALLEY,Valley Farm,555-0101
        COSTCO,Costco Main St,555-0103
    """,
    "customers.csv": """
        customer_id,name,kind,contact
        SATMKT,Saturday farmers market,market,555-0201
        GOODEARTH,Good Earth Co-op,store,buyer@goodearth.example
    """,
    "items.csv": """
        item_code,name,kind,unit,allergens
        STRAW,Strawberries,ingredient,kg,
        SUGAR,Cane sugar,ingredient,kg,
        SJ,Strawberry jam,product,unit,
        JT,Jam tarts,product,unit,wheat
    """,
}
LOTS = {
    "receipts.csv": """
        lot_code,item_code,supplier_id,supplier_lot,site_code,received_on,quantity,unit
        R1,STRAW,VALLEY,VF-0302,K1,2026-03-02,20,kg
        R2,SUGAR,COSTCO,C-SUG-1,K1,2026-02-15,25,kg
    """,
    "batches.csv": """
        batch_code,product_code,site_code,produced_on,quantity_produced,quantity_discarded,unit
        SJ-20260304-A,SJ,K1,2026-03-04,40,0,unit
        JT-20260306-A,JT,K1,2026-03-06,60,2,unit
    """,
    "batch_inputs.csv": """
        batch_code,input_lot_code,quantity,unit
        SJ-20260304-A,R1,8,kg
        SJ-20260304-A,R2,4,kg
        JT-20260306-A,SJ-20260304-A,6,unit
    """,
    "shipments.csv": """
        shipment_id,batch_code,customer_id,shipped_on,quantity
        SH1,SJ-20260304-A,SATMKT,2026-03-07,24
        SH2,SJ-20260304-A,GOODEARTH,2026-03-08,10
        SH3,JT-20260306-A,GOODEARTH,2026-03-08,30
    """,
}
ALL = CATALOG | LOTS


def write(folder: Path, files: dict[str, str]) -> Path:
    """Write each CSV text (indented as in the test) into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return folder


def changed(name: str, old: str, new: str, files: dict[str, str] = ALL) -> dict[str, str]:
    """The fixture files with one piece of one file changed (the change must be there to make)."""
    assert old in files[name], f"{old!r} is not in {name}"
    return files | {name: files[name].replace(old, new, 1)}


def refusal(folder: Path, *, dry_run: bool = False) -> tuple[list[tuple], ImportRefused]:
    """Import a bad folder: the (file, line, column, code) of each problem, and the refusal."""
    with pytest.raises(ImportRefused) as caught:
        import_dir(folder, actor="alice", dry_run=dry_run)
    return [(p.file, p.line, p.column, p.code) for p in caught.value.rows], caught.value


def nothing_written(events_before: int = 0) -> bool:
    """No event was appended (and, on an empty ledger, no lot row appeared either)."""
    if events_before == 0 and Lot.objects.exists():
        return False
    return Event.objects.count() == events_before

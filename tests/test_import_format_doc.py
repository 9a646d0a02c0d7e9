"""docs/import-format.md cannot drift from the import files: each file's table lists its columns in
order, says which are required, and gives every text column's length limit (the catalog's from its
spec, the lots' from lots.lengths)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from lotline.catalog.specs import SPECS
from lotline.imports.csvfiles import FORMATS, FileFormat
from lotline.lots.lengths import LENGTHS
from lotline.lots.stage.tables import LOT_TEXTS, SHIPMENT_TEXTS
from lotline.process.importing import FILE_LIMITS

DOC = Path(__file__).resolve().parents[1] / "docs" / "import-format.md"
ROW = re.compile(r"^\|\s*`(?P<column>[a-z_]+)`\s*\|\s*(?P<required>yes|optional)\s*\|(?P<meaning>[^|]*)\|")


def documented(file: str) -> list[tuple[str, bool, str]]:
    """(column, required, meaning) of each row of the file's table in the doc."""
    section = DOC.read_text().split(f"### {file}\n", 1)[1].split("\n#", 1)[0]
    rows = [ROW.match(line) for line in section.splitlines()]
    return [(m["column"], m["required"] == "yes", m["meaning"]) for m in rows if m]


def limit(fmt: FileFormat, column: str) -> int | None:
    """The most characters a column's value may have, or None (a number, a date, a code looked up)."""
    target = fmt.columns[column]
    if fmt.name in FILE_LIMITS:
        return FILE_LIMITS[fmt.name].get(column)
    if fmt.entity:
        field = SPECS[fmt.entity].field(target)
        return field.length if field.checks_length else None
    texts = SHIPMENT_TEXTS if fmt.name == "shipments.csv" else LOT_TEXTS
    if fmt.name in ("receipts.csv", "batches.csv", "shipments.csv") and target in texts:
        return LENGTHS[texts[target]]
    return LENGTHS["reason"] if column in ("reason", "release_reason") else None


@pytest.mark.parametrize("fmt", FORMATS, ids=lambda f: f.name)
def test_the_doc_lists_each_files_columns_as_the_import_reads_them(fmt):
    rows = documented(fmt.name)
    assert sorted(column for column, _, _ in rows) == sorted(fmt.columns)
    assert sorted(column for column, required, _ in rows if required) == sorted(fmt.required)


@pytest.mark.parametrize("fmt", FORMATS, ids=lambda f: f.name)
def test_the_doc_gives_each_text_columns_length_limit(fmt):
    said = {column: re.findall(r"at most (\d+)(?! digits)", meaning) for column, _, meaning in documented(fmt.name)}
    wanted = {column: [str(n)] if (n := limit(fmt, column)) else [] for column in fmt.columns}
    assert said == wanted


def test_the_catalog_files_are_the_specs():
    catalog = [fmt for fmt in FORMATS if fmt.entity]
    assert [fmt.name for fmt in catalog] == [f"{spec.plural}.csv" for spec in SPECS.values()]
    for fmt in catalog:
        in_order = [f.file_column for f in SPECS[fmt.entity].fields]
        assert list(fmt.columns) == in_order
        assert [column for column, _, _ in documented(fmt.name)] == in_order

"""Spreadsheet cells (lotline.cells): nothing written runs as a formula or breaks a workbook, and
reading a cell back gives exactly what was written, whatever the text."""

from __future__ import annotations

import csv
import io

from hypothesis import given
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from lotline.cells import FORMULA_START, CsvWriter, for_csv, for_xlsx, from_csv, from_xlsx

# Any text a database stores (no lone surrogates), with the troublesome starts and escapes made likely.
texts = st.one_of(
    st.text(st.characters(exclude_categories=("Cs",))),
    st.builds(lambda a, b: a + b, st.sampled_from(["=", "+", "-", "@", "\t", "\r", "'", "''", "'=", "_x0041_", "_x"]),
              st.text(st.characters(exclude_categories=("Cs",)), max_size=8)),
)


@given(texts)
def test_a_csv_cell_never_starts_a_formula_and_reads_back_as_written(text: str) -> None:
    cell = for_csv(text)
    assert not cell.startswith(FORMULA_START)
    assert from_csv(cell) == text


@given(texts)
def test_an_xlsx_cell_holds_only_what_xml_can_and_reads_back_as_written(text: str) -> None:
    cell = for_xlsx(text)
    assert not ILLEGAL_CHARACTERS_RE.search(cell) and "\r" not in cell and "\ufffe" not in cell
    assert from_xlsx(cell) == text


@given(st.lists(texts, min_size=1, max_size=4))
def test_a_row_written_by_the_csv_writer_reads_back_as_one_row(row: list[str]) -> None:
    out = io.StringIO(newline="")
    CsvWriter(out).writerow(row)
    assert [from_csv(cell) for cell in next(csv.reader(io.StringIO(out.getvalue(), newline="")))] == row


def test_a_text_mark_is_added_only_where_it_must_be() -> None:
    assert [for_csv(t) for t in ["=1+1", "-5", "@x", "'=1", "'abc", "'", "plain"]] == [
        "'=1+1", "'-5", "'@x", "''=1", "'abc", "'", "plain"]
    assert [from_csv(t) for t in ["'abc", "'", "''=1"]] == ["'abc", "'", "'=1"]

"""Lab results as one CSV file: a row per current result (a corrected one replaced by its
correction), with what it is a result of, the spec's verdict and the certificate's SHA-256.

Cells go through lotline.cells (no spreadsheet runs a lab's text as a formula), and a last line,
starting with #, states the event log's signed head, as the trace files do. The columns are also a
lab layout (sample, lot, analyte, method, result, unit, limit, tested_on), so an export guessed as a
lab's file imports back into another Lotline.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

from lotline.accounts.rights import Right, require
from lotline.cells import CsvWriter
from lotline.errors import ErrorCode, LotlineError
from lotline.imports.export import as_text
from lotline.ledger.checkpoints import seal

from .queries import LabView, find_lab, with_actor

COLUMNS = ["result_id", "lot", "item", "sample", "lab", "analyte", "method", "result", "unit", "lab_limit", "spec",
           "in_spec", "tested_on", "coa_sha256", "coa_name", "recorded_by", "corrects"]
CHUNK = 2000


@dataclass(frozen=True)
class Selection:
    """Which results: tested between two days (None: no bound), of one lab ("" for all)."""

    first: dt.date | None = None
    last: dt.date | None = None
    lab: str = ""


def checked(selection: Selection, *, actor: str) -> Selection:
    """The selection with its lab's own name, or LotlineError naming the field at fault."""
    require(actor, Right.EXPORT)
    if selection.first and selection.last and selection.last < selection.first:
        raise LotlineError(ErrorCode.IMPOSSIBLE_DATE, f"the period ends ({selection.last}) before it starts "
                           f"({selection.first})", field="to")
    if not selection.lab.strip():
        return selection
    lab: LabView | None = None
    try:
        lab = find_lab(selection.lab)
    except LotlineError:
        from lotline.quality.models import LabResult

        if not LabResult.objects.filter(lab__iexact=selection.lab.strip()).exists():
            raise
    return Selection(selection.first, selection.last, lab.name if lab else selection.lab.strip())


def rows(selection: Selection) -> Iterator[list[str]]:
    """The current results, oldest first, as the file's cells."""
    from lotline.quality.models import RESULT_PREFIX, LabResult

    found = with_actor(LabResult.objects.filter(corrected_by__isnull=True))
    if selection.first:
        found = found.filter(tested_on__gte=selection.first)
    if selection.last:
        found = found.filter(tested_on__lte=selection.last)
    if selection.lab:
        found = found.filter(lab__iexact=selection.lab)
    for r in found.order_by("number").values_list(
            "number", "lot__code", "lot__item__code", "sample__code", "lab", "analyte", "method", "value", "text",
            "unit", "lab_limit", "spec", "in_spec", "tested_on", "coa_sha256", "coa_name", "recorded_by",
            "corrects").iterator(chunk_size=CHUNK):
        number, lot, item, sample, lab, analyte, method, value, text, *rest, corrects = r
        result = value if value is not None else text
        yield [f"{RESULT_PREFIX}{number}", *map(as_text, (lot, item, sample, lab, analyte, method, result, *rest)),
               f"{RESULT_PREFIX}{corrects}" if corrects else ""]


def write_results(selection: Selection, out: IO[str], *, actor: str) -> int:
    """Write the results file to `out`; the number of results written."""
    selection = checked(selection, actor=actor)
    writer = CsvWriter(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    count = 0
    for row in rows(selection):
        writer.writerow(row)
        count += 1
    out.write(f"# {seal('results export').line()}\r\n")
    return count

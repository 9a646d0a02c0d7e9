"""The results as CSV: a row per current result (a correction replaces what it corrects), cells no
spreadsheet runs as a formula, and the labs' table rebuilt from its events."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest

from lotline.labs.export import Selection, write_results
from lotline.ledger.rebuild import rebuild
from lotline.quality.services import ResultLine, correct_result, record_results
from lotline.testing import ACTOR, JamStory

pytestmark = pytest.mark.django_db


def test_the_export_has_a_row_per_current_result_with_its_cells_neutralised(labs: JamStory) -> None:
    first = record_results(lab="Valley Labs", sample="VL-1", actor=ACTOR, results=[
        ResultLine("pH", "AOAC 981.12", Decimal("4.8"), unit="pH", limit="<= 4.6"),
        ResultLine("=HYPERLINK(\"http://x\")", text="-1")])
    correct_result(first.results[0].result, line=ResultLine("pH", "AOAC 981.12", Decimal("4.3"), unit="pH"),
                   reason="transcription error", actor=ACTOR)
    out = io.StringIO()
    assert write_results(Selection(lab="VALLEY-LABS"), out, actor=ACTOR) == 2
    lines = out.getvalue().splitlines()
    rows = list(csv.DictReader(lines[:-1]))
    assert [(r["result_id"], r["lot"], r["item"], r["sample"], r["analyte"], r["result"], r["unit"], r["in_spec"],
             r["corrects"]) for r in rows] == [
        ("LR-2", labs.other_jam, "SJ", "VL-1", "'=HYPERLINK(\"http://x\")", "'-1", "", "", ""),
        ("LR-3", labs.other_jam, "SJ", "VL-1", "pH", "4.3", "pH", "yes", "LR-1")]
    assert lines[-1].startswith("# ledger head ")


def test_the_labs_table_is_rebuilt_from_its_events(labs: JamStory) -> None:
    lab = rebuild().tables["lab"]
    assert (lab.rows_after, lab.missing, lab.extra) == (2, 0, 0)

"""process_fields.csv and process.csv: recorded after the lots through the process verbs, a bad row
refused with its file, line and column and nothing half-written, the same files twice record
nothing, and an export imports back to the same values."""

from __future__ import annotations

from decimal import Decimal

import pytest

from lotline.errors import ErrorCode
from lotline.imports.export import export_dir
from lotline.imports.services import import_dir
from lotline.imports.tests.csvs import ALL, nothing_written, refusal, write
from lotline.ledger.models import Event
from lotline.process.queries import fields_of, values_of

pytestmark = pytest.mark.django_db

PROCESS = {
    "process_fields.csv": """
        product_code,code,label,kind,unit,target_min,target_max,retired
        SJ,peak_temp,Peak temperature,number,°C,103,105,
        SJ,notes,Notes,text,,,,
        JT,bake_time,Bake time,,min,18,22,no
    """,
    "process.csv": """
        batch_code,field,value
        SJ-20260304-A,peak_temp,104.5
        JT-20260306-A,bake_time,23
        SJ-20260304-A,Notes,set firm
    """,
}


def test_process_fields_and_values_are_imported_after_the_lots_and_twice_change_nothing(tmp_path):
    folder = write(tmp_path, ALL | PROCESS)
    report = import_dir(folder, actor="alice")
    counts = {f.file: (f.rows, f.added) for f in report.files}
    assert counts["process_fields.csv"] == counts["process.csv"] == (3, 3)
    assert [f.code for f in fields_of("SJ")] == ["peak_temp", "notes"]
    found = values_of(["SJ-20260304-A", "JT-20260306-A"])
    assert found["SJ-20260304-A"]["peak_temp"].value == Decimal("104.5")
    assert found["SJ-20260304-A"]["notes"].text == "set firm"
    assert found["JT-20260306-A"]["bake_time"].in_target is False  # outside target: recorded, flagged
    events = Event.objects.count()
    again = import_dir(folder, actor="alice")
    assert {f.file: f.unchanged for f in again.files}["process.csv"] == 3 and Event.objects.count() == events


def test_a_bad_process_row_is_refused_at_its_line_and_column_and_nothing_is_written(tmp_path):
    bad = PROCESS | {"process.csv": """
        batch_code,field,value
        SJ-20260304-A,peak_temp,104.5
        JT-20260306-A,bake_time,twenty
        SJ-20260304-A,oven_temp,180
    """}
    problems, _ = refusal(write(tmp_path, ALL | bad))
    assert problems == [("process.csv", 3, "value", ErrorCode.NOT_A_NUMBER),
                        ("process.csv", 4, "field", ErrorCode.UNKNOWN_PROCESS_FIELD)]
    assert nothing_written()


def test_a_bad_field_row_is_refused_at_its_line_and_column(tmp_path):
    bad = {"process_fields.csv": PROCESS["process_fields.csv"].replace("min,18,22,no", "min,22,18,maybe")}
    problems, _ = refusal(write(tmp_path, ALL | bad))
    assert problems == [("process_fields.csv", 4, "retired", ErrorCode.BAD_CHOICE)]
    bad = {"process_fields.csv": PROCESS["process_fields.csv"].replace("min,18,22,no", "min,22,18,")}
    problems, _ = refusal(write(tmp_path / "again", ALL | bad))
    assert problems == [("process_fields.csv", 4, "target_min", ErrorCode.BAD_TARGET)]


def test_an_export_writes_the_fields_and_current_values_as_the_import_reads_them(tmp_path):
    import_dir(write(tmp_path / "in", ALL | PROCESS), actor="alice")
    export_dir(tmp_path / "out")
    exported = (tmp_path / "out" / "process.csv").read_text()
    assert "SJ-20260304-A,peak_temp,104.5," in exported and "SJ-20260304-A,notes,set firm," in exported
    assert "SJ,notes,Notes,text,,,,no" in (tmp_path / "out" / "process_fields.csv").read_text()

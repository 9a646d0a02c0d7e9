"""The recording rules in an import: dates and quantities a person could not type refused at their
file, line and column; lots used past their best-by date and batches with nothing in recorded, but
listed in the report and named in the events that recorded them."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from lotline.imports.services import import_dir
from lotline.ledger.models import Event

from .csvs import ALL, changed, nothing_written, refusal, write

pytestmark = pytest.mark.django_db
R1 = "R1,STRAW,VALLEY,VF-0302,K1,2026-03-02,20,kg"


@pytest.mark.parametrize(("file", "old", "new", "problem"), [
    ("receipts.csv", R1, "R1,STRAW,VALLEY,VF-0302,K1,0001-01-01,20,kg",
     ("receipts.csv", 2, "received_on", "date_too_old")),
    ("receipts.csv", R1, "R1,STRAW,VALLEY,VF-0302,K1,9999-12-31,20,kg",
     ("receipts.csv", 2, "received_on", "future_date")),
    ("batches.csv", "SJ-20260304-A,SJ,K1,2026-03-04", "SJ-20260304-A,SJ,K1,2099-03-04",
     ("batches.csv", 2, "produced_on", "future_date")),
    ("shipments.csv", "SH1,SJ-20260304-A,SATMKT,2026-03-07,24", "SH1,SJ-20260304-A,SATMKT,2099-03-07,24",
     ("shipments.csv", 2, "shipped_on", "future_date")),
    ("receipts.csv", R1, "R1,STRAW,VALLEY,VF-0302,K1,2026-03-02,1e-400,kg",
     ("receipts.csv", 2, "quantity", "not_a_number")),
    ("receipts.csv", R1, "R1,STRAW,VALLEY,VF-0302,K1,2026-03-02,0.0000001,kg",
     ("receipts.csv", 2, "quantity", "too_precise")),
    ("receipts.csv", R1, "R1,STRAW,VALLEY,VF-0302,K1,2026-03-02,٣,kg", ("receipts.csv", 2, "quantity", "not_a_number")),
    ("receipts.csv", R1, "R1,STRAW,VALLEY,VF-0302,K1,2026-03-02,1000000000,kg",
     ("receipts.csv", 2, "quantity", "too_large")),
    ("batch_inputs.csv", "SJ-20260304-A,R1,8,kg", "SJ-20260304-A,R1,8.0000001,kg",
     ("batch_inputs.csv", 2, "quantity", "too_precise")),
])
def test_it_refuses_a_date_or_quantity_no_person_could_mean(tmp_path, file, old, new, problem):
    found, _ = refusal(write(tmp_path, changed(file, old, new)))
    assert problem in found
    assert nothing_written()


def test_a_best_by_date_of_9999_is_refused(tmp_path):
    receipts = ALL["receipts.csv"].replace("quantity,unit\n", "quantity,unit,best_by\n", 1) \
        .replace(R1, f"{R1},9999-12-31").replace("C-SUG-1,K1,2026-02-15,25,kg", "C-SUG-1,K1,2026-02-15,25,kg,")
    found, _ = refusal(write(tmp_path, ALL | {"receipts.csv": receipts}))
    assert ("receipts.csv", 2, "best_by", "future_date") in found


def test_a_later_discard_or_hold_dated_in_the_future_is_refused_at_its_column(tmp_path):
    later = {"discards.csv": """
        lot_code,discarded_on,quantity,reason
        R1,2099-03-09,2,mould
    """, "holds.csv": """
        lot_code,placed_on,reason
        R2,2099-03-05,bag torn
    """}
    found, _ = refusal(write(tmp_path, ALL | later))
    assert ("discards.csv", 2, "discarded_on", "future_date") in found
    assert ("holds.csv", 2, "placed_on", "future_date") in found
    assert nothing_written()


def test_a_lot_used_past_its_best_by_date_is_recorded_listed_and_named_in_its_event(tmp_path):
    receipts = ALL["receipts.csv"].replace("quantity,unit\n", "quantity,unit,best_by\n", 1) \
        .replace(R1, f"{R1},2026-03-03").replace("C-SUG-1,K1,2026-02-15,25,kg", "C-SUG-1,K1,2026-02-15,25,kg,")
    report = import_dir(write(tmp_path, ALL | {"receipts.csv": receipts}), actor="alice")
    assert report.warning_counts == {"expired_input": 1}
    [warning] = report.warnings
    assert (warning.file, warning.line, warning.column, warning.code) == (
        "batch_inputs.csv", 2, "input_lot_code", "expired_input")
    inputs_event = json.loads(Event.objects.get(kind="inputs.recorded").payload)
    assert inputs_event["warnings"] == {"expired_input": [2]}


def test_a_batch_with_nothing_in_is_recorded_listed_and_named_in_its_event(tmp_path):
    batches = ALL["batches.csv"] + "        SJ-20260305-A,SJ,K1,2026-03-05,40,0,unit\n"
    report = import_dir(write(tmp_path, ALL | {"batches.csv": batches}), actor="alice")
    assert report.warning_counts == {"no_inputs": 1}
    assert [(w.file, w.line, w.column, w.code) for w in report.warnings] == [("batches.csv", 4, "inputs", "no_inputs")]
    batches_event = json.loads(Event.objects.get(kind="batch.recorded").payload)
    assert batches_event["warnings"] == {"no_inputs": [4]}


def test_an_import_without_warnings_has_none_in_its_events(tmp_path):
    report = import_dir(write(tmp_path, ALL), actor="alice")
    assert report.warning_counts == {} and report.warnings == []
    assert not Event.objects.filter(payload__contains='"warnings"').exists()


def test_a_dataset_that_runs_into_the_future_imports_as_of_lotline_today(tmp_path, settings):
    future = {name: text.replace("2026-", "2033-") for name, text in ALL.items()}
    found, _ = refusal(write(tmp_path / "now", future))
    assert ("receipts.csv", 2, "received_on", "future_date") in found
    settings.LOTLINE_TODAY = dt.date(2033, 12, 31)
    assert import_dir(write(tmp_path / "then", future), actor="alice").added

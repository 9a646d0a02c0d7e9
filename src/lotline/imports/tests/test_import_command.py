"""`lotline import DIR`: counts per file on success; a file/line/column/reason table and exit 1 on errors."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command, load_command_class
from django.core.management.base import CommandError

from lotline.ledger.models import Event

from .csvs import ALL, changed, write

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("import", *args, "--as", "alice", stdout=out)
    return out.getvalue()


def test_it_prints_what_each_file_added(tmp_path):
    out = run(str(write(tmp_path, ALL)))
    assert "batch_inputs.csv │ 3    │ 3     │ 0" in out
    assert "19 rows recorded in 8 events; 0 were already there." in out
    assert Event.objects.get(kind="units.shipped").actor == "alice"


def test_a_second_run_says_the_rows_were_already_there(tmp_path):
    folder = str(write(tmp_path, ALL))
    run(folder)
    assert "0 rows recorded in 0 events; 19 were already there." in run(folder)


def test_it_prints_a_table_of_problems_and_fails(tmp_path):
    folder = write(tmp_path, changed("shipments.csv", "SATMKT,2026-03-07,24", "SATMKT,2026-03-03,24"))
    out = StringIO()
    with pytest.raises(CommandError, match="nothing was imported: 1 problem in the files"):
        call_command("import", str(folder), stdout=out)
    assert "shipments.csv │ 2    │ shipped_on │ shipped on 2026-03-03, before lot SJ-20260304-A existed" in (
        out.getvalue())
    assert not Event.objects.exists()


def test_a_header_cell_over_the_csv_field_limit_is_one_line_not_a_traceback(tmp_path):
    folder = write(tmp_path, ALL)
    (folder / "receipts.csv").write_text("lot_code," + "x" * 131_073 + "\n")
    out = StringIO()
    with pytest.raises(CommandError, match="nothing was imported: 1 problem in the files"):
        call_command("import", str(folder), "--json", stdout=out)
    assert [p["code"] for p in json.loads(out.getvalue())["problems"]] == ["cell_too_long"]


def test_it_lists_problems_as_json(tmp_path):
    folder = write(tmp_path, changed("receipts.csv", "2026-03-02,20,kg", "2026-02-30,20,kg"))
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("import", str(folder), "--json", stdout=out)
    assert json.loads(out.getvalue()) == {"total": 1, "problems": [
        {"file": "receipts.csv", "line": 2, "column": "received_on", "code": "not_a_date",
         "reason": "2026-02-30 is not a date in the calendar"}]}


def test_it_reports_as_json(tmp_path):
    out = StringIO()
    call_command("import", str(write(tmp_path, ALL)), "--json", "--dry-run", stdout=out)
    data = json.loads(out.getvalue())
    assert (data["dry_run"], data["added"], data["events"]) == (True, 19, 0)
    assert data["files"][0] == {"file": "sites.csv", "rows": 1, "added": 1, "unchanged": 0}


def test_it_shows_overdraw_warnings_when_allowed(tmp_path):
    folder = str(write(tmp_path, changed("shipments.csv", "GOODEARTH,2026-03-08,10", "GOODEARTH,2026-03-08,11")))
    out = run(folder, "--allow-overdraw")
    assert "lot SJ-20260304-A holds 40 units, but this row brings what is taken to 41" in out
    assert "1 lots give out more than they hold (allowed by --allow-overdraw)" in out


def test_it_lists_a_batch_with_nothing_in_and_says_it_was_recorded_anyway(tmp_path):
    batches = ALL["batches.csv"] + "        SJ-20260305-A,SJ,K1,2026-03-05,40,0,unit\n"
    out = run(str(write(tmp_path, ALL | {"batches.csv": batches})))
    assert "no lot or batch went into batch SJ-20260305-A: nothing traceable went in" in out
    assert "1 row with warning no_inputs recorded anyway" in out


def test_its_help_has_an_example():
    command = load_command_class("lotline.imports", "import")  # `import` is a keyword: no import statement
    help_text = command.create_parser("lotline", "import").format_help()
    assert "\nExample: lotline import ./spreadsheets --dry-run\n" in help_text

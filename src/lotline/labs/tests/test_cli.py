"""`lotline results import FILE --lab NAME [--dry-run]`, `export` and `mapping`, as the issue writes them."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from lotline.ledger.models import Event
from lotline.testing import JamStory

from .test_import import VALLEY

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("results", *args, stdout=out)
    return out.getvalue()


def test_results_import_file_lab_name_dry_run_then_for_real(labs: JamStory, tmp_path: Path) -> None:
    source = tmp_path / "valley-march.csv"
    source.write_text(VALLEY, encoding="utf-8")
    before = Event.objects.count()
    checked = _run("import", str(source), "--lab", "Valley Labs", "--dry-run")
    assert "checked (dry run: nothing recorded)" in checked and "2 would be recorded" in checked
    assert Event.objects.count() == before
    done = json.loads(_run("import", str(source), "--lab", "Valley Labs", "--json"))
    assert (done["recorded"], done["dry_run"], [r["result"] for r in done["results"]]) == (2, False, ["LR-1", "LR-2"])


def test_results_import_names_a_bad_rows_line_and_the_labs_column(labs: JamStory, tmp_path: Path) -> None:
    source = tmp_path / "valley.csv"
    source.write_text(VALLEY + "VL-1,pH,,abc4,1,pH,,03/12/2026\r\nVL-1,pH,,4.1,pH,,31/12/2026\r\n")
    with pytest.raises(CommandError) as refused:
        _run("import", str(source), "--lab", "VALLEY-LABS")
    assert str(refused.value).splitlines()[1:] == [
        "  valley.csv line 4: the row has 8 values but the header has 7: is a value with a comma not in quotes? "
        "[wrong_value_count]",
        "  valley.csv line 5, column Date Tested: '31/12/2026' is not a date written MM/DD/YYYY, as the lab's mapping "
        "says its dates are: correct the date, or the mapping's date format [not_a_date]"]


def test_results_mapping_guesses_from_a_file_and_export_writes_the_results(labs: JamStory, tmp_path: Path) -> None:
    first = tmp_path / "hill.csv"
    first.write_text(f"Batch;Parameter;Result;Date\n{labs.jam};aw;0,82;06.03.2026\n")
    shown = json.loads(_run("mapping", "--lab", "Hill Lab", "--guess", str(first), "--column", "unit=", "--json"))
    assert (shown["lab"], shown["columns"]["lot"], shown["decimal_comma"], shown["saved"]) == (
        "HILL-LAB", "Batch", True, True)
    _run("import", str(first), "--lab", "hill lab")
    target = tmp_path / "results.csv"
    assert "1 result written" in _run("export", "--lab", "HILL-LAB", "--from", "2026-03-01", "--out", str(target))
    assert target.read_text().splitlines()[1].startswith(f"LR-1,{labs.jam},SJ,,Hill Lab,aw,,0.82,")


def test_results_import_json_lists_every_problem_and_exits_1(labs: JamStory, tmp_path: Path) -> None:
    source = tmp_path / "valley.csv"
    source.write_text(VALLEY + "NOSUCH,pH,,4.1,pH,,03/12/2026\r\n")
    out = io.StringIO()
    with pytest.raises(SystemExit) as stopped:
        call_command("results", "import", str(source), "--lab", "Valley Labs", "--json", stdout=out)
    assert stopped.value.code == 1
    assert [(p["row"], p["field"], p["code"]) for p in json.loads(out.getvalue())["problems"]] == [
        (4, "Sample ID", "unknown_sample")]

"""`lotline epcis export|import` as the issue's contract writes them."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from .conftest import DemoExport


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("epcis", *args, stdout=out)
    return out.getvalue()


def test_export_writes_a_trace_to_a_file(demo_db, tmp_path: Path):
    target = tmp_path / "jam.jsonld"
    printed = json.loads(_run("export", "--trace", "SJ-20260304-A", "--out", str(target), "--json"))
    document = json.loads(target.read_text())
    # 12 events of the jam's own lots, and the 17 receipts and batches of what else went into the batches it
    # reached (the tarts' flour, butter...)
    assert printed["events"] == len(document["epcisBody"]["eventList"]) == 29
    assert document["type"] == "EPCISDocument" and not Path(f"{target}.part").exists()


def test_export_by_dates_and_site(demo_db, tmp_path: Path):
    target = tmp_path / "march.jsonld"
    _run("export", "--from", "2026-03-01", "--to", "2026-03-07", "--site", "K1", "--out", str(target))
    days = {e["eventTime"][:10] for e in json.loads(target.read_text())["epcisBody"]["eventList"]}
    assert days and min(days) >= "2026-03-01" and max(days) <= "2026-03-07"


def test_export_refuses_an_unknown_site_naming_the_option(demo_db, tmp_path: Path):
    with pytest.raises(CommandError, match="--site"):
        _run("export", "--site", "NOPE", "--out", str(tmp_path / "x.jsonld"))
    assert not list(tmp_path.iterdir())


def test_import_json_prints_recorded_and_kept(demo_export: DemoExport, db, tmp_path: Path):
    source = tmp_path / "demo.jsonld"
    source.write_text(demo_export.early)
    printed = json.loads(_run("import", str(source), "--dry-run", "--json"))
    assert printed["recorded"] > 0 and printed["kept"] == 0 and printed["dry_run"]


def test_a_refused_import_prints_its_errors_and_exits_non_zero(db, tmp_path: Path, capsys):
    source = tmp_path / "broken.jsonld"
    source.write_text('{"type": "EPCISDocument",')
    out = io.StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command("epcis", "import", str(source), "--json", stdout=out)
    assert exited.value.code == 1
    printed = json.loads(out.getvalue())
    assert (printed["recorded"], printed["kept"]) == (0, 0) and printed["errors"][0]["field"] == "document"


def test_an_unreadable_file_is_named(db, tmp_path: Path):
    with pytest.raises(CommandError, match="cannot read"):
        _run("import", str(tmp_path / "missing.jsonld"))

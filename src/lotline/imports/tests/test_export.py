"""Export: the ledger as the import format's files (a folder of CSVs, a ZIP, one XLSX workbook).

Importing an export into an empty database gives the same files back and the same traces.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import subprocess
import sys
import zipfile
from decimal import Decimal
from functools import partial
from pathlib import Path

import pytest
from django.core.management import call_command

from lotline.catalog.recipes import RecipeLineIn, set_recipe
from lotline.catalog.services import add_records
from lotline.imports.csvfiles import BY_NAME, FORMATS
from lotline.imports.export import FIELDS, SOURCES, export_dir, export_xlsx, export_zip
from lotline.imports.workbook import workbook_to_folder
from lotline.ledger.checkpoints import HEAD_FILE, current_head
from lotline.ledger.log import json_default
from lotline.lots.services import discard_units, mark_failed, place_hold, release_hold
from lotline.testing import JamStory
from lotline.trace.queries import recall, trace_back, trace_forward

pytestmark = pytest.mark.django_db


def read(folder: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.iterdir())}


def test_every_import_file_has_an_export() -> None:
    assert set(FIELDS) == set(SOURCES) == set(BY_NAME)
    for fmt in FORMATS:
        assert set(FIELDS[fmt.name]) == set(fmt.columns), fmt.name


def test_it_writes_each_file_with_the_story_as_the_format_writes_it(story: JamStory, tmp_path: Path) -> None:
    counts = export_dir(tmp_path)
    assert counts == {"sites.csv": 1, "suppliers.csv": 3, "customers.csv": 3, "items.csv": 6, "equipment.csv": 0,
                      "receipts.csv": 4, "batches.csv": 3, "batch_inputs.csv": 6, "shipments.csv": 4,
                      "recipes.csv": 0, "process_fields.csv": 0, "process.csv": 0, "discards.csv": 0,
                      "holds.csv": 0}
    files = read(tmp_path)
    assert files["batches.csv"].splitlines()[0] == ",".join(BY_NAME["batches.csv"].columns)
    assert f"{story.jam},SJ,K1,2026-03-04,40,unit,0,active,alice,,," in files["batches.csv"]
    assert f"{story.tarts},{story.jam},6,unit" in files["batch_inputs.csv"]
    assert "FLOUR,Wheat flour,ingredient,kg,wheat,date,no" in files["items.csv"]
    assert f"{story.valley_strawberries},STRAW,VALLEY,K1,2026-03-02,20,kg,VF-0302,,invoice,INV-0302" \
        in files["receipts.csv"]


def later_records(story: JamStory) -> None:
    """What the lot files cannot say: equipment, a recipe, a later discard, holds released and not."""
    add_records("equipment", [{"code": "KETTLE2", "name": "Kettle 2", "site": "K1"}], actor="alice")
    set_recipe("SJ", [RecipeLineIn("STRAW", Decimal(8), "kg"), RecipeLineIn("SUGAR", Decimal(4000), "g")],
               batch_quantity=Decimal(40), actor="alice")
    discard_units(story.sugar, Decimal("0.5"), reason="bag split", on=dt.date(2026, 3, 12), actor="alice")
    place_hold(story.other_jam, reason="label check", on=dt.date(2026, 3, 12), actor="alice")
    release_hold(story.other_jam, reason="labels fine", on=dt.date(2026, 3, 13), actor="alice")
    place_hold(story.tarts, reason="customer complaint", on=dt.date(2026, 3, 14), actor="alice")


def test_a_held_lot_comes_back_active_then_held_by_holds_csv(story: JamStory, tmp_path: Path) -> None:
    later_records(story)
    export_dir(tmp_path)
    files = read(tmp_path)
    assert f"{story.tarts},JT,K1,2026-03-06,60,unit,0,active," in files["batches.csv"]
    assert files["holds.csv"].splitlines() == [
        "lot_code,placed_on,reason,released_on,release_reason",
        f"{story.other_jam},2026-03-12,label check,2026-03-13,labels fine",
        f"{story.tarts},2026-03-14,customer complaint,,"]
    assert files["discards.csv"].splitlines()[1] == f"{story.sugar},2026-03-12,0.5,bag split,kg"
    assert files["recipes.csv"].splitlines()[1:] == ["SJ,40,STRAW,8,kg", "SJ,40,SUGAR,4000,g"]
    assert files["equipment.csv"].splitlines()[1] == "KETTLE2,Kettle 2,K1"


def test_the_holds_of_a_failed_batch_are_left_out(story: JamStory, tmp_path: Path) -> None:
    place_hold(story.tarts, reason="customer complaint", actor="alice")
    mark_failed(story.tarts, reason="mould", actor="alice")
    export_dir(tmp_path)
    assert read(tmp_path)["holds.csv"].splitlines() == ["lot_code,placed_on,reason,released_on,release_reason"]
    assert f"{story.tarts},JT,K1,2026-03-06,60,unit,0,failed," in read(tmp_path)["batches.csv"]


def test_the_zip_and_the_workbook_hold_the_same_files(story: JamStory, tmp_path: Path) -> None:
    export_dir(tmp_path / "csv")
    stream = io.BytesIO()
    export_zip(stream)
    with zipfile.ZipFile(stream) as archive:
        zipped = {name: archive.read(name).decode() for name in archive.namelist()}
    assert zipped == read(tmp_path / "csv")
    book = io.BytesIO()
    export_xlsx(book)
    book.seek(0)
    (tmp_path / "xlsx").mkdir()
    assert workbook_to_folder(book, tmp_path / "xlsx") == [*(fmt.name for fmt in FORMATS), HEAD_FILE]
    assert read(tmp_path / "xlsx") == read(tmp_path / "csv")


def test_text_that_looks_like_a_formula_stays_text_in_the_workbook(db: None, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    add_records("supplier", [{"ref": "EQ", "name": "=1+1", "contact": "0042"}], actor="alice")
    export_xlsx(tmp_path / "book.xlsx")
    sheet = load_workbook(tmp_path / "book.xlsx")["suppliers"]
    assert [c.value for c in sheet[2]] == ["EQ", "=1+1", "0042", *[None] * 8]
    assert sheet["B2"].data_type == "s"


def test_the_export_command_writes_the_folder_and_the_workbook(story: JamStory, tmp_path: Path) -> None:
    out = io.StringIO()
    call_command("export", str(tmp_path / "out"), "--xlsx", str(tmp_path / "out.xlsx"), "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["files"]["batches.csv"] == 3 and (tmp_path / "out.xlsx").exists()
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted([*BY_NAME, HEAD_FILE])
    assert data["head"]["witness"] == str(current_head())


ROUND_TRIP = """
import json, sys
import django
django.setup()
from django.core.management import call_command
from lotline.imports.export import export_dir
from lotline.imports.tests.test_export import answers
from lotline.ledger.log import json_default
call_command("migrate", verbosity=0)
call_command("import", sys.argv[1], actor="alice", stdout=open("/dev/null", "w"))
export_dir(sys.argv[2])
print(json.dumps(answers(sys.argv[3:]), default=json_default))
"""


def answers(codes: list[str]) -> dict:
    """Both traces of each code, and supplier recalls of the story's strawberries and sugar."""
    in_window = partial(recall, first=dt.date(2026, 2, 1), last=dt.date(2026, 3, 31))
    return {"traces": {c: [trace_back(c), trace_forward(c)] for c in codes},
            "recalls": [in_window(supplier="VALLEY", item="STRAW"), in_window(supplier="COSTCO")]}


def test_an_export_imported_into_an_empty_database_gives_the_same_files_traces_and_recalls(story: JamStory,
                                                                                   tmp_path: Path) -> None:
    later_records(story)
    export_dir(tmp_path / "first")
    codes = [story.valley_strawberries, story.jam, story.tarts, story.other_jam, story.sugar]
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env |= {"LOTLINE_DATA_DIR": str(tmp_path / "empty"), "DJANGO_SETTINGS_MODULE": "lotline.settings"}
    done = subprocess.run([sys.executable, "-c", ROUND_TRIP, str(tmp_path / "first"), str(tmp_path / "again"),
                           *codes], env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    again, first = read(tmp_path / "again"), read(tmp_path / "first")
    assert again.pop(HEAD_FILE) != first.pop(HEAD_FILE)  # another ledger, another head
    assert again == first
    here = json.loads(json.dumps(answers(codes), default=json_default))
    assert json.loads(done.stdout.splitlines()[-1]) == here


def test_an_export_ends_with_the_signed_head_its_recipient_can_verify(story: JamStory, tmp_path: Path) -> None:
    from lotline.ledger.verification import read_witness, verify_ledger

    written = export_dir(tmp_path)
    assert written.sealed.checkpoint.head == current_head()
    head = (tmp_path / HEAD_FILE).read_text()
    assert head.startswith("witness,seq,hash,signed_at,made_for,key_id,signature,public_key")
    assert f"{current_head()},{current_head().seq},{current_head().hash}," in head and "BEGIN PUBLIC KEY" in head
    assert verify_ledger(read_witness(str(tmp_path / HEAD_FILE))).ok

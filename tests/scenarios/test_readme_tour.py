"""The README's five-minute tour, run line by line on the demo business: docs that cannot drift.

It is also the jam seller's story end to end: a jar's serial finds its batch, the batch finds its
strawberries, the supplier's recall finds exactly the batches and customers, and a new batch is
received, made, shipped and held from the command line.
"""

import json
import re
import shlex
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

README = Path(__file__).resolve().parents[2] / "README.md"
pytestmark = pytest.mark.django_db


def tour_commands() -> list[list[str]]:
    """Every `.venv/bin/lotline ...` line of the README, without its comment."""
    lines = re.findall(r"^\.venv/bin/lotline (.+)$", README.read_text(), flags=re.MULTILINE)
    return [shlex.split(line.split("  #")[0]) for line in lines]


def lotline(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.fixture
def demo(demo_db):
    """The demo business, as `lotline demo` records it (once per test run: see conftest.py)."""


def test_every_command_of_the_readme_tour_runs_on_the_demo_business(demo, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the files the tour writes (a report's PDF) land there
    commands = tour_commands()
    assert len(commands) >= 9
    for args in commands:
        assert lotline(*args).strip(), args


def test_a_jars_serial_finds_its_batch_and_the_batch_its_valley_farm_strawberries(demo):
    found = json.loads(lotline("lookup", "SJ-20260304-A-017", "--json"))
    assert [(m["code"], m["via"], m["unit_number"]) for m in found["lots"]] == [("SJ-20260304-A", "unit serial", 17)]
    back = json.loads(lotline("trace", "back", "SJ-20260304-A", "--json"))
    straw = [lot for lot in back["lots"] if lot["item"] == "STRAW"]
    assert [(lot["code"], lot["supplier_name"], lot["date"]) for lot in straw] == [
        ("STRAW-20260302-A", "Valley Farm", "2026-03-02")]
    assert {lot["supplier_lot"] for lot in back["lots"]} >= {"PKT-99281"}


def test_the_valley_farm_recall_finds_exactly_the_two_jam_batches_and_what_they_went_into(demo):
    result = json.loads(lotline("recall", "--supplier", "Valley Farm", "--item", "STRAW", "--from", "2026-02-28",
                                "--to", "2026-03-05", "--json"))
    assert sorted(lot["code"] for lot in result["lots"]) == ["STRAW-20260302-A", "STRAW-20260304-A"]
    batches = sorted(b["code"] for b in result["batches"])
    assert {"SJ-20260304-A", "SJ-20260305-A"} <= set(batches)
    assert "SJ-20260310-A" not in batches
    assert "SJ-20260310-A" in [b["code"] for b in result["not_affected"]]
    customers = {c["name"] for c in result["customers"]}
    assert {"Saturday farmers market", "Good Earth Co-op"} <= customers
    jam = next(b for b in result["batches"] if b["code"] == "SJ-20260304-A")
    assert jam["on_hand"] == "4"

"""A trace or recall from the command line is a report: it states the event log's head, signed."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

from lotline.ledger.checkpoints import current_head, logged

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_a_trace_prints_the_signed_head_under_its_tables(story):
    out = run("trace", "back", story.jam)
    assert f"Ledger head: event #{current_head().seq}, witness {current_head()}, signed" in out
    assert logged()[-1].made_for == "trace report"


def test_a_recall_gives_the_head_in_its_json(story):
    data = json.loads(run("recall", "--supplier", "VALLEY", "--from", "2026-02-28", "--to", "2026-03-05", "--json"))
    assert data["ledger_head"]["witness"] == str(current_head())
    assert data["ledger_head"]["checkpoint"]["made_for"] == "recall report"

"""`lotline process`: a batch's values shown, recorded and corrected (--reason), and --like."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

from lotline.process.fields import set_fields
from lotline.testing import ACTOR

from .test_process import JAM_FIELDS


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("process", *args, "--as", ACTOR, stdout=out)
    return out.getvalue()


def test_the_command_records_corrects_with_a_reason_and_shows_a_batchs_values(story):
    set_fields("SJ", JAM_FIELDS, actor=ACTOR)
    run(story.jam, "--set", "peak_temp=106", "--set", "notes=boiled over")
    with pytest.raises(CommandError, match=r"--reason: say why peak_temp changed .* \[missing\]"):
        run(story.jam, "--set", "peak_temp=104")
    shown = run(story.jam, "--set", "peak_temp=104", "--reason", "probe read again")
    assert "Recorded as event" in shown and "Corrected since" in shown and "106 °C" in shown
    data = json.loads(run(story.jam, "--json"))
    assert [(v["field"], v["in_target"]) for v in data["values"]] == [("peak_temp", True), ("notes", None)]
    like = json.loads(run(story.jam, "--like", "--json"))["like"]
    assert like["product"] == "SJ" and [t["field"] for t in like["targets"]] == ["peak_temp", "notes"]

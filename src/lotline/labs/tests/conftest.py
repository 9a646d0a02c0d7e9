"""The labs' tests: the jam story with specs, a sample drawn, and two labs with their own layouts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from lotline.labs.layout import Layout
from lotline.labs.services import set_mapping
from lotline.quality.services import SpecLine, draw_sample, set_specs
from lotline.testing import ACTOR, JamStory

# A regional lab: one row per test, by sample id, US dates
REGIONAL = Layout({"sample": "Sample ID", "analyte": "Test", "method": "Method", "result": "Result",
                   "unit": "Units", "limit": "Limit", "tested_on": "Date Tested"}, "MM/DD/YYYY")
# Central QA: by lot code, semicolons, decimal commas, day-first dates
CENTRAL = Layout({"lot": "Lot", "analyte": "Analyse", "result": "Wert", "unit": "Einheit", "tested_on": "Datum"},
                 "DD.MM.YYYY", True, ";")


@pytest.fixture
def labs(story: JamStory) -> JamStory:
    set_specs("SJ", [SpecLine("pH", "at_most", Decimal("4.6"), "pH"),
                     SpecLine("Listeria monocytogenes", "expected", expected="not detected", per="25 g")], actor=ACTOR)
    draw_sample(lot=story.other_jam, lab="Valley Labs", code="VL-1", drawn_on=dt.date(2026, 3, 11), actor=ACTOR)
    set_mapping(lab="Valley Labs", layout=REGIONAL, actor=ACTOR)
    set_mapping(lab="Central QA", code="QA", layout=CENTRAL, actor=ACTOR)
    return story

"""A lab's results file on a phone (390 px): the owner opens Central QA's page, uploads its file,
sees what each row becomes (judged against the specs: one pH out of spec holds the lot) before
anything is recorded, records it with one tap, then sees a broken file refused line by line (the
mapping's pages are walked in test_accessibility.py)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from browser_steps import checked, sign_in
from django.urls import reverse

from lotline.labs.layout import Layout
from lotline.labs.services import set_mapping
from lotline.ledger.models import Event
from lotline.quality.services import SpecLine, draw_sample, set_specs

CENTRAL = Layout({"sample": "Probe", "lot": "Charge", "analyte": "Analyse", "method": "Methode", "result": "Wert",
                  "unit": "Einheit", "tested_on": "Datum"}, "DD.MM.YYYY", True, ";")


def test_a_labs_file_is_checked_then_recorded_on_a_phone(phone_390, owner, story, screenshot, tmp_path: Path):
    set_specs("SJ", [SpecLine("pH", "at_most", Decimal("4.6"), "pH"),
                     SpecLine("Listeria monocytogenes", "expected", expected="not detected", per="25 g")],
              actor="olivia")
    draw_sample(lot=story.other_jam, lab="Central QA", code="QA-0311", drawn_on=dt.date(2026, 3, 11), actor="olivia")
    set_mapping(lab="Central QA", code="QA", layout=CENTRAL, actor="olivia")
    good = tmp_path / "central-qa-0313.csv"
    good.write_text("Probe;Charge;Analyse;Methode;Wert;Einheit;Datum\n"
                    "QA-0311;;pH;ISO 1842;4,9;pH;13.03.2026\n"
                    "QA-0311;;Listeria monocytogenes;ISO 11290-1;n.d.;/25 g;13.03.2026\n"
                    f";{story.tarts};pH;ISO 1842;4,1;pH;13.03.2026\n", encoding="utf-8")
    page = phone_390
    sign_in(page, "olivia", "olivia-password")
    page.goto(reverse("labs"))
    page.get_by_role("link", name="Central QA").click()
    page.get_by_role("heading", name="Central QA", exact=True).wait_for()
    page.get_by_label("The lab's results file").set_input_files(str(good))
    page.get_by_role("button", name="Check the file").click()
    page.get_by_role("heading", name="central-qa-0313.csv: 3 results to record").wait_for()
    page.locator("#checked").get_by_text("out of spec").first.wait_for()
    before = Event.objects.count()
    checked(page, screenshot, "checked")

    page.get_by_role("button", name="Record 3 results").click()
    page.get_by_text("3 results recorded from central-qa-0313.csv").wait_for()
    assert Event.objects.filter(kind="results.recorded").count() == 2 and Event.objects.count() > before
    screenshot(page, "recorded")

    broken = tmp_path / "central-qa-0314.csv"
    broken.write_text("Probe;Charge;Analyse;Methode;Wert;Einheit;Datum\nQA-0311;;;;4.2;pH;14.03.2026\n")
    page.get_by_label("The lab's results file").set_input_files(str(broken))
    page.get_by_role("button", name="Check the file").click()
    page.get_by_role("heading", name="Nothing was recorded").wait_for()
    page.locator("#refused").get_by_role("cell", name="Analyse").wait_for()
    checked(page, screenshot, "refused")

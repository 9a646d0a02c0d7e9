"""The labs' pages: a lab's file checked first (what it becomes), then recorded with one tap; a
mapping guessed from a first file and saved; the results downloaded as CSV."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from lotline.ledger.models import Event
from lotline.testing import JamStory

from .test_import import VALLEY

# the pages are shells over the verbs whose SQL test_import.py and test_export.py run on PostgreSQL too
pytestmark = [pytest.mark.django_db, pytest.mark.sqlite_only]


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_labs_file_is_checked_first_then_recorded(labs: JamStory, owner) -> None:
    client = _signed_in(owner)
    before = Event.objects.count()
    checked = client.post(reverse("lab", args=["VALLEY-LABS"]),
                          {"check": "1", "file": SimpleUploadedFile("valley.csv", VALLEY.encode())})
    assert checked.status_code == 200
    assert b"2 results to record" in checked.content and b"in spec" in checked.content
    assert Event.objects.count() == before
    recorded = client.post(reverse("lab", args=["VALLEY-LABS"]),
                           {"record": "1", "content": checked.context["content"], "file_name": "valley.csv",
                            "once": "t1"}, follow=True)
    assert b"2 results recorded from valley.csv" in recorded.content
    assert Event.objects.filter(kind="results.recorded").count() == 1


def test_a_bad_file_is_refused_on_the_page_with_its_lines_and_columns(labs: JamStory, owner) -> None:
    bad = VALLEY + "VL-1,pH,,4.1,pH,,13/03/2026\r\n"
    answer = _signed_in(owner).post(reverse("lab", args=["valley-labs"]),
                                    {"check": "1", "file": SimpleUploadedFile("valley.csv", bad.encode())})
    assert answer.status_code == 400
    assert [(p.row, p.field) for p in answer.context["problems"]] == [(4, "Date Tested")]


def test_a_mapping_is_guessed_from_a_first_file_and_saved(labs: JamStory, owner) -> None:
    client = _signed_in(owner)
    first = "Batch;Parameter;Result;Date\nSJ-20260304-A;aw;0,82;06.03.2026\n"
    guessed = client.post(reverse("lab_new"), {"guess": "1", "name": "Hill Lab",
                                               "first_file": SimpleUploadedFile("hill.csv", first.encode())})
    form = guessed.context["form"]
    assert (form.initial["column_lot"], form.initial["date_format"], form.initial["decimal_comma"]) == (
        "Batch", "DD.MM.YYYY", True)
    fields = {k: v for k, v in form.initial.items() if v is not False} | {"name": "Hill Lab", "once": "t2"}
    saved = client.post(reverse("lab_new"), fields)
    assert saved.status_code == 302 and saved["Location"] == reverse("lab", args=["HILL-LAB"])


def test_staff_cannot_change_a_labs_mapping(labs: JamStory, staff) -> None:
    assert _signed_in(staff).get(reverse("lab_mapping", args=["QA"])).status_code == 403


def test_the_results_download_is_a_csv_of_the_current_results(labs: JamStory, owner) -> None:
    client = _signed_in(owner)
    client.post(reverse("lab", args=["VALLEY-LABS"]), {"record": "1", "content": VALLEY, "file_name": "v.csv"})
    answer = client.get(reverse("labs"), {"download": "1", "lab": "valley labs"})
    assert answer["Content-Type"].startswith("text/csv")
    lines = answer.content.decode().splitlines()
    assert lines[0].startswith("result_id,lot,item,sample,lab,analyte")
    assert len(lines) == 4 and lines[-1].startswith("# ledger head")


def test_adding_a_lab_that_exists_is_refused_naming_the_name(labs: JamStory, owner) -> None:
    fields = {"name": "central qa", "date_format": "YYYY-MM-DD", "delimiter": ",", "column_lot": "Lot",
              "column_analyte": "Test", "column_result": "Result"}
    refused = _signed_in(owner).post(reverse("lab_new"), fields)
    assert refused.status_code == 409
    assert "there is a lab called Central QA (QA) already" in refused.context["form"].errors["name"][0]

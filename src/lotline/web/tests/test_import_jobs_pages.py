"""A large upload is imported in the background: the page answers at once with a progress bar
that polls the job's page, which shows each state of the job, then its report."""

from __future__ import annotations

import json
import os
import socket
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from lotline.imports import jobs
from lotline.imports.models import ImportJob
from lotline.ledger.models import Event

pytestmark = pytest.mark.django_db

CATALOG = {
    "sites.csv": "site_code,name\nK1,Home kitchen\n",
    "suppliers.csv": "supplier_id,name\nVALLEY,Valley Farm\n",
    "items.csv": "item_code,name,kind,unit\nSTRAW,Strawberries,ingredient,kg\n",
}
BAD_RECEIPTS = ("lot_code,item_code,supplier_id,site_code,received_on,quantity,unit\n"
                "R1,STRAW,VALLEY,K1,2026-03-32,20,kg\n")
POLLS = 'hx-trigger="every 1s"'


def csv_files(files: dict[str, str]) -> list[SimpleUploadedFile]:
    return [SimpleUploadedFile(name, text.encode(), content_type="text/csv") for name, text in files.items()]


@pytest.fixture
def owner_client(owner) -> Client:
    """Signed in as `owner`, the person whose jobs these are (the catalog files are an owner's to import)."""
    client = Client()
    client.force_login(owner)
    return client


@pytest.fixture
def background(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Every upload goes to the background; the jobs the page started (no process is started)."""
    started: list[int] = []
    monkeypatch.setattr(jobs, "INLINE_BYTES", 0)
    monkeypatch.setattr(jobs, "start", lambda job: started.append(job.pk))
    return started


def text(response) -> str:
    return response.content.decode()


def a_job(user, files: dict[str, str] = CATALOG) -> ImportJob:
    return jobs.new_job(csv_files(files), user=user)


def test_a_large_upload_answers_at_once_with_a_bar_that_polls_the_job(owner_client: Client, background) -> None:
    response = owner_client.post(reverse("import"), {"files": csv_files(CATALOG)}, HTTP_HX_REQUEST="true")
    [job_id] = background
    url = reverse("import_job", args=[job_id])
    assert response.status_code == 202 and response["HX-Push-Url"] == url
    page = text(response)
    assert POLLS in page and f'hx-get="{url}"' in page
    assert "Waiting to start" in page and '<progress id="job-progress"' in page
    assert ImportJob.objects.get(pk=job_id).state == "queued" and not Event.objects.exists()


def test_without_htmx_a_large_upload_goes_to_the_jobs_page(owner_client: Client, background) -> None:
    response = owner_client.post(reverse("import"), {"files": csv_files(CATALOG)})
    assert response.status_code == 302 and response["Location"] == reverse("import_job", args=background)


def test_a_running_job_shows_its_phase_and_how_far_it_got(owner_client: Client, owner) -> None:
    job = a_job(owner)
    ImportJob.objects.filter(pk=job.pk).update(state="running", host=socket.gethostname(), pid=os.getpid())
    (Path(job.folder) / jobs.PROGRESS_FILE).write_text(json.dumps(
        {"phase": "Writing events", "done": 120_000, "total": 200_000, "unit": "rows"}))
    page = text(owner_client.get(reverse("import_job", args=[job.pk])))
    assert POLLS in page and "Writing events</strong>: 120,000 of 200,000 rows" in page and 'value="60"' in page


def test_a_workbook_of_unknown_size_shows_the_rows_read_so_far(owner_client: Client, owner) -> None:
    job = a_job(owner)
    ImportJob.objects.filter(pk=job.pk).update(state="running", host=socket.gethostname(), pid=os.getpid())
    (Path(job.folder) / jobs.PROGRESS_FILE).write_text(json.dumps(
        {"phase": "Reading the workbook", "done": 52_000, "total": None, "unit": "rows"}))
    page = text(owner_client.get(reverse("import_job", args=[job.pk])))
    assert "Reading the workbook</strong>: 52,000 rows" in page and '<progress id="job-progress" max="100">' in page


def test_a_job_checking_rows_shows_a_bar_without_a_value(owner_client: Client, owner) -> None:
    job = a_job(owner)
    ImportJob.objects.filter(pk=job.pk).update(state="running", host=socket.gethostname(), pid=os.getpid())
    (Path(job.folder) / jobs.PROGRESS_FILE).write_text(json.dumps({"phase": "Checking rows", "done": 0,
                                                                   "total": None, "unit": ""}))
    page = text(owner_client.get(reverse("import_job", args=[job.pk])))
    assert "Checking rows" in page and '<progress id="job-progress" max="100">' in page


def test_a_finished_job_shows_its_report_and_stops_polling(owner_client: Client, owner) -> None:
    job = jobs.run(a_job(owner).pk)
    response = owner_client.get(reverse("import_job", args=[job.pk]))
    page = text(response)
    assert response.status_code == 200 and "<h2>Imported</h2>" in page and "<td>items.csv</td>" in page
    assert POLLS not in page and "4 rows recorded" not in page and "3 rows recorded" in page


def test_a_refused_job_shows_each_problem_in_a_table(owner_client: Client, owner) -> None:
    job = jobs.run(a_job(owner, CATALOG | {"receipts.csv": BAD_RECEIPTS}).pk)
    page = text(owner_client.get(reverse("import_job", args=[job.pk])))
    table = page.split('<table class="problems">', 1)[1].split("</table>", 1)[0]
    assert "<td>receipts.csv</td>" in table and "received_on" in table and "not_a_date" in table
    assert POLLS not in page and not Event.objects.exists()


def test_a_stopped_job_says_nothing_was_recorded(owner_client: Client, owner) -> None:
    job = a_job(owner)
    ImportJob.objects.filter(pk=job.pk).update(state="failed", outcome={"message": jobs.STOPPED})
    page = text(owner_client.get(reverse("import_job", args=[job.pk])))
    assert "The import stopped" in page and "nothing was recorded" in page and POLLS not in page


def test_someone_elses_job_is_not_found(staff, owner_client: Client) -> None:
    job = a_job(staff)
    assert owner_client.get(reverse("import_job", args=[job.pk])).status_code == 404


def test_an_auditor_may_not_see_an_import_job(staff, auditor_client: Client) -> None:
    job = a_job(staff)
    assert auditor_client.get(reverse("import_job", args=[job.pk])).status_code == 403

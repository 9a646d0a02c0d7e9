"""Import jobs (the web page's imports): run once to their end, all or nothing, reporting as
`lotline import` does; a job whose process went away is said to have stopped."""

from __future__ import annotations

import datetime as dt
import os
import socket
import subprocess
import textwrap
import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from lotline.errors import LotlineError
from lotline.imports import jobs
from lotline.imports.models import ImportJob
from lotline.imports.workbook import workbook_to_folder
from lotline.ledger.models import Event
from lotline.lots.models import Lot

from .csvs import ALL, changed

pytestmark = pytest.mark.django_db


def uploads(files: dict[str, str]) -> list[SimpleUploadedFile]:
    return [SimpleUploadedFile(name, textwrap.dedent(text).lstrip().encode()) for name, text in files.items()]


BAD = changed("receipts.csv", "R1,STRAW,VALLEY,VF-0302,K1,2026-03-02", "R1,STRAW,VALLEY,VF-0302,K1,2026-03-32")


def test_a_job_runs_to_completion_and_reports_what_it_recorded(owner):
    job = jobs.new_job(uploads(ALL), user=owner)
    assert (job.state, job.actor, job.files) == ("queued", "olivia", list(ALL))
    job = jobs.run(job.pk)
    assert job.state == "done" and job.started_at <= job.finished_at
    report = job.outcome["report"]
    assert {f["file"]: f["added"] for f in report["files"]}["receipts.csv"] == 2
    assert (report["added"], report["unchanged"]) == (19, 0)  # every row of every file
    assert Lot.objects.filter(code="R1").exists() and set(Event.objects.values_list("actor", flat=True)) == {"olivia"}
    assert not Path(job.folder).exists()  # the uploads are not kept once recorded


def test_a_bad_file_reports_its_problems_and_records_nothing(owner):
    job = jobs.run(jobs.new_job(uploads(BAD), user=owner).pk)
    assert job.state == "refused" and job.outcome["total"] == 1
    assert job.outcome["problems"] == [{"file": "receipts.csv", "line": 2, "column": "received_on",
                                        "code": "not_a_date", "reason": "2026-03-32 is not a date in the calendar"}]
    assert not Event.objects.exists() and not Lot.objects.exists()


def test_a_job_is_run_once(owner):
    job = jobs.run(jobs.new_job(uploads(ALL), user=owner).pk)
    events = Event.objects.count()
    with pytest.raises(LotlineError) as refused:
        jobs.run(job.pk)
    assert refused.value.code == "job_not_waiting" and Event.objects.count() == events


def test_an_unknown_job_is_not_found(db):
    with pytest.raises(LotlineError) as refused:
        jobs.run(404)
    assert refused.value.code == "unknown_job"


def test_a_job_stopped_midway_records_nothing_and_run_again_records_each_row_once(owner, monkeypatch):
    job = jobs.new_job(uploads(ALL), user=owner)

    def disk_full(*args: object, **kwargs: object) -> None:
        raise OSError("disk full")

    # after every lot is written, inside the import's transaction
    monkeypatch.setattr("lotline.imports.services._record_later", disk_full)
    job = jobs.run(job.pk)
    assert job.state == "failed" and "disk full" in job.outcome["message"]
    assert not Event.objects.exists() and not Lot.objects.exists()
    assert Path(job.folder).is_dir()  # kept, to be run again
    monkeypatch.undo()
    assert jobs.run(job.pk).state == "done"
    assert Lot.objects.filter(code="R1").count() == 1
    events = Event.objects.count()
    again = jobs.run(jobs.new_job(uploads(ALL), user=owner).pk)  # the same files uploaded again
    assert again.outcome["report"]["added"] == 0 and Event.objects.count() == events


def _waited() -> int:
    """The number of a process that has ended."""
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


def test_a_job_whose_process_has_gone_is_said_to_have_stopped(owner):
    job = jobs.new_job(uploads(ALL), user=owner)
    ImportJob.objects.filter(pk=job.pk).update(state="running", host=socket.gethostname(), pid=_waited())
    job = jobs.status(ImportJob.objects.get(pk=job.pk))
    assert job.state == "failed" and job.outcome["message"] == jobs.STOPPED


def test_a_job_whose_process_runs_is_left_running(owner):
    job = jobs.new_job(uploads(ALL), user=owner)
    ImportJob.objects.filter(pk=job.pk).update(state="running", host=socket.gethostname(), pid=os.getpid())
    assert jobs.status(ImportJob.objects.get(pk=job.pk)).state == "running"


def test_a_job_never_started_is_said_to_have_stopped_after_a_minute(owner):
    job = jobs.new_job(uploads(ALL), user=owner)
    assert jobs.status(job).state == "queued"
    ImportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - dt.timedelta(minutes=2))
    assert jobs.status(ImportJob.objects.get(pk=job.pk)).state == "failed"


def test_small_uploads_run_inline_and_large_ones_and_workbooks_in_the_background(owner, monkeypatch):
    small = jobs.new_job(uploads(ALL), user=owner)
    assert jobs.runs_inline(small)
    monkeypatch.setattr(jobs, "INLINE_BYTES", small.size - 1)
    assert not jobs.runs_inline(small)


def test_the_progress_file_says_the_phase_and_how_far_it_got(tmp_path):
    progress = jobs.FileProgress(tmp_path / "progress.json")
    progress.phase("Writing events", 200, "rows")
    progress.EVERY = 0
    progress.advance(120)
    job = ImportJob(folder=str(tmp_path))
    assert jobs.progress_of(job) == {"phase": "Writing events", "done": 120, "total": 200, "unit": "rows"}
    assert jobs.progress_of(ImportJob(folder=str(tmp_path / "gone"))) == {}


def test_reading_a_workbook_reports_its_rows(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "receipts"
    for n in range(2500):
        book.active.append([f"R{n}", "STRAW"])
    book.save(tmp_path / "book.xlsx")

    class Seen:
        phases: list = []
        done = 0

        def phase(self, label: str, total: int | None, unit: str = "") -> None:
            self.phases.append((label, total, unit))

        def advance(self, amount: int) -> None:
            self.done += amount

    seen = Seen()
    (tmp_path / "out").mkdir()
    workbook_to_folder(tmp_path / "book.xlsx", tmp_path / "out", seen)
    # said before opening it (seconds, for a large one), then with the rows the workbook declares
    assert seen.phases == [("Reading the workbook", None, "rows"), ("Reading the workbook", 2500, "rows")]
    assert seen.done == 2500


def test_the_import_command_runs_a_job_and_shows_its_problems(owner, capsys):
    job = jobs.new_job(uploads(BAD), user=owner)
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import", job=job.pk)
    assert "not_a_date" in capsys.readouterr().out
    assert ImportJob.objects.get(pk=job.pk).state == "refused"


@pytest.mark.django_db(transaction=True)
def test_a_started_job_runs_in_a_process_of_its_own(owner, database_for_subprocesses):
    """What the page does with a large upload: the import runs on after the request has answered."""
    job = jobs.new_job(uploads(ALL), user=owner)
    jobs.start(job)
    deadline = time.monotonic() + 120
    while (job := jobs.status(ImportJob.objects.get(pk=job.pk))).state in ("queued", "running"):
        assert time.monotonic() < deadline, (Path(job.folder) / "runner.log").read_text()
        time.sleep(0.2)
    assert job.state == "done", job.outcome
    assert job.pid != os.getpid() and Lot.objects.filter(code="R1").exists()
    assert set(Event.objects.values_list("actor", flat=True)) == {"olivia"}

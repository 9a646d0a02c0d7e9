"""Imports started from the web page, run as jobs: small ones at once, large ones in the background.

A large workbook takes longer to read and import than a web request may last (gunicorn stops a
worker after 30 s), so the page keeps the uploads in a folder of their own, records a job and
starts `lotline import --job ID` as a process of its own, detached from the web worker (workers
are recycled and killed; a thread inside one would die with it). The page then polls the job.

- **All or nothing.** The import is one transaction, and the job is marked done inside it
  (`import_dir(recorded=...)`): a job is done exactly when its rows are recorded. A runner that
  dies (killed, the server restarted) rolls back with its transaction, and the next look at the
  job finds its process gone and marks it stopped, with nothing recorded.
- **Never twice.** A runner claims its job with one conditional UPDATE (queued or stopped ->
  running), so two runners cannot both run it; a stopped job may be run again, and rows already
  recorded exactly as written are skipped, so a retry adds nothing twice.
- **Progress** is a small JSON file beside the uploads, not a column: during the import the
  database's one writer (on SQLite) is the import's own transaction, and what it writes is seen
  by no one until it commits.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

from django.contrib.auth import models as auth
from django.db import transaction
from django.utils import timezone

from lotline.errors import ErrorCode, LotlineError

from .models import ImportJob, JobState
from .report import ImportRefused, ImportReport, locate
from .services import import_dir
from .workbook import WORKBOOK, lay_out, save_uploads

log = logging.getLogger(__name__)

# Uploads up to this size are imported inside the request: starting a process of its own costs
# about a second, more than such an import takes (CSV files: ~20,000 rows a MiB, at ~45,000 rows/s).
INLINE_BYTES = 1 << 20
# A workbook is zipped XML: about ten times more rows a byte than CSV, and slower to read.
WORKBOOK_WEIGHT = 10

S = JobState
# the states a job may be in before moving to each state: one table, one guard (claim and finish)
MOVES_FROM: dict[str, tuple[str, ...]] = {
    S.RUNNING: (S.QUEUED, S.FAILED),
    S.DONE: (S.RUNNING,),
    S.REFUSED: (S.RUNNING,),
    S.FAILED: (S.QUEUED, S.RUNNING),
}
FINISHED = (S.DONE, S.REFUSED, S.FAILED)
UPLOADS_DIR: Path | None = None  # where each job's folder is made; None: the system's temporary folder
PROGRESS_FILE = "progress.json"
NEVER_STARTED = dt.timedelta(minutes=1)
STOPPED = ("the import stopped before it finished (the server restarted, or its process was killed); "
           "nothing was recorded: upload the files again")


def new_job(uploads: list[Any], *, user: auth.User, dry_run: bool = False,
            allow_overdraw: bool = False) -> ImportJob:
    """Keep the uploaded files and record a job to import them (queued); refuse misnamed files at once."""
    folder = Path(tempfile.mkdtemp(prefix="lotline-import-", dir=UPLOADS_DIR))  # private to this user (0700)
    try:
        names = save_uploads(uploads, folder)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    return ImportJob.objects.create(user=user, actor=user.get_username(), files=names, size=size,
                                    folder=str(folder), dry_run=dry_run, allow_overdraw=allow_overdraw)


def runs_inline(job: ImportJob) -> bool:
    """Whether the job is small enough to run inside the request that uploaded it."""
    weight = WORKBOOK_WEIGHT if (Path(job.folder) / WORKBOOK).exists() else 1
    return job.size * weight <= INLINE_BYTES


def start(job: ImportJob) -> None:
    """Run the job in a process of its own (`lotline import --job ID`) that outlives the request."""
    folder = Path(job.folder)
    command = [sys.executable, "-m", "lotline.cli", "import", "--job", str(job.pk)]
    try:
        with (folder / "runner.log").open("ab") as output:
            # a session of its own: a signal to the web worker's process group does not reach it
            process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=output, stderr=subprocess.STDOUT,
                                       start_new_session=True, close_fds=True)
    except OSError as exc:
        _finish(job.pk, S.FAILED, {"message": f"the import could not be started ({exc})"})
        return
    # Wait for it in a thread, so it is reaped when it ends (if this worker goes first, init reaps it).
    threading.Thread(target=process.wait, daemon=True).start()
    ImportJob.objects.filter(pk=job.pk, state=S.QUEUED).update(host=socket.gethostname(), pid=process.pid)


def run(job_id: int) -> ImportJob:
    """Run a queued (or stopped) job to its end: done, refused with its problems, or stopped.

    What `lotline import --job ID` does, and the page for a small upload.
    """
    job = _claim(job_id)
    folder = Path(job.folder)
    progress = FileProgress(folder / PROGRESS_FILE)
    try:
        files = lay_out(folder, progress)
        report = import_dir(files, actor=job.actor, allow_overdraw=job.allow_overdraw, dry_run=job.dry_run,
                            progress=progress, recorded=lambda report: _done(job.pk, report))
        if job.dry_run:
            _finish(job.pk, S.DONE, report_outcome(report))
    except LotlineError as error:
        _finish(job.pk, S.REFUSED, error_outcome(error))
    except Exception as exc:
        log.exception("import job %s stopped", job.pk)
        _finish(job.pk, S.FAILED, {"message": f"the import stopped: {exc.__class__.__name__}: {exc}; "
                                              "nothing was recorded"})
    job.refresh_from_db()
    if job.state != S.FAILED:  # a stopped job keeps its files, to be run again
        shutil.rmtree(folder, ignore_errors=True)
    return job


def _claim(job_id: int) -> ImportJob:
    """Mark the job running, if it is waiting (or stopped): one UPDATE, so only one runner wins."""
    with transaction.atomic():
        claimed = ImportJob.objects.filter(pk=job_id, state__in=MOVES_FROM[S.RUNNING]).update(
            state=S.RUNNING, host=socket.gethostname(), pid=os.getpid(), started_at=timezone.now(),
            finished_at=None, outcome={})
    if not claimed:
        job = ImportJob.objects.filter(pk=job_id).first()
        if job is None:
            raise LotlineError(ErrorCode.UNKNOWN_JOB, f"there is no import job {job_id}", field="job")
        raise LotlineError(ErrorCode.JOB_NOT_WAITING, f"import job {job_id} is {JobState(job.state).label}: it is run "
                           "once (a stopped one may be run again)", field="job")
    return ImportJob.objects.get(pk=job_id)


def _done(job_id: int, report: ImportReport) -> None:
    """Mark the job done inside the import's transaction; should it have been marked stopped
    meanwhile, refuse, so the rows roll back with it."""
    if not _finish(job_id, S.DONE, report_outcome(report)):
        raise LotlineError(ErrorCode.JOB_NOT_WAITING,
                           f"import job {job_id} was marked stopped while it ran; nothing was "
                           "recorded", field="job")


def _finish(job_id: int, state: str, outcome: dict[str, Any]) -> bool:
    """Record how the job ended, if it may end so (a job already finished keeps its end)."""
    return bool(ImportJob.objects.filter(pk=job_id, state__in=MOVES_FROM[state]).update(
        state=state, outcome=outcome, finished_at=timezone.now()))


def report_outcome(report: ImportReport) -> dict[str, Any]:
    return {"report": asdict(report) | {"added": report.added, "unchanged": report.unchanged}}


def error_outcome(error: LotlineError) -> dict[str, Any]:
    """The problems as rows of file, line, column, reason and code; for a refused import, their total."""
    rows = error.rows if isinstance(error, ImportRefused) else [locate(p) for p in error.problems]
    return {"message": error.message, "code": error.code, "total": getattr(error, "total", len(rows)),
            "problems": [asdict(row) for row in rows]}


def status(job: ImportJob) -> ImportJob:
    """The job as it stands; one whose process has gone without finishing it is marked stopped."""
    if job.state in FINISHED or not _gone(job):
        return job
    job.refresh_from_db()  # it may have finished just now
    if job.state not in FINISHED and _gone(job):
        _finish(job.pk, S.FAILED, {"message": STOPPED})
        job.refresh_from_db()
    return job


def _gone(job: ImportJob) -> bool:
    """Whether the job's process has ended (or, never started, it is not going to)."""
    if not job.pid:  # start() records it at once; a job long without one lost its start
        return timezone.now() - job.created_at > NEVER_STARTED
    # a process of another machine (several web servers on one PostgreSQL) cannot be looked at
    return job.host == socket.gethostname() and not _alive(job.pid)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def progress_of(job: ImportJob) -> dict[str, Any]:
    """How far a running job got: {"phase", "done", "total", "unit"} (total None: not known)."""
    try:
        return json.loads((Path(job.folder) / PROGRESS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


class FileProgress:
    """An import's Progress, written to a small JSON file a few times a second (replaced whole,
    so a reader never sees half of it)."""

    EVERY = 0.25  # seconds between writes

    def __init__(self, path: Path) -> None:
        self.path = path
        self.state: dict[str, Any] = {}
        self.written = 0.0

    def phase(self, label: str, total: int | None, unit: str = "") -> None:
        self.state = {"phase": label, "done": 0, "total": total, "unit": unit}
        self._write()

    def advance(self, amount: int) -> None:
        self.state["done"] = self.state.get("done", 0) + amount
        if time.monotonic() - self.written >= self.EVERY:
            self._write()

    def _write(self) -> None:
        partial = self.path.with_suffix(".partial")
        try:
            partial.write_text(json.dumps(self.state), encoding="utf-8")
            partial.replace(self.path)
        except OSError:  # the folder went (a job run again elsewhere): progress is only a courtesy
            pass
        self.written = time.monotonic()


def job_for(user: auth.User, job_id: int) -> ImportJob:
    """A job of this person's (another's is as unknown as one that never was)."""
    job = ImportJob.objects.filter(pk=job_id, user_id=user.pk).first()
    if job is None:
        raise LotlineError(ErrorCode.UNKNOWN_JOB, f"you have no import job {job_id}", field="job")
    return status(job)

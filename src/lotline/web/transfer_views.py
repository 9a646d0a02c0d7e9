"""Import and export pages: the spreadsheets in (the checks of `lotline import`) and back out.

An upload becomes an import job (imports/jobs.py). A small one runs inside the request, as it
always did; a large one (a workbook of 200,000 rows takes half a minute) runs in a process of its
own while the page shows its progress, polling the job's page every second with htmx, then its
report: the same report either way.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse

from lotline.accounts.rights import Right
from lotline.errors import ErrorCode, LotlineError
from lotline.imports import jobs
from lotline.imports.csvfiles import FORMATS
from lotline.imports.export import export_xlsx, export_zip
from lotline.imports.models import ImportJob, JobState
from lotline.ledger.checkpoints import current_head

from .access import needs, signed_in
from .once import new_token

FILE_NAMES = [Path(fmt.name).stem for fmt in FORMATS]


def _answer_status(job: ImportJob) -> int:
    """200 for a job done; else the status of the code that refused it (403 for the owner's files)."""
    if job.state == JobState.DONE:
        return 200
    code = (job.outcome or {}).get("code", "")
    return next((known.status for known in ErrorCode if known == code), 400)


@needs(Right.RECORD)
def import_page(request: HttpRequest) -> HttpResponse:
    """Upload CSV files or one XLSX workbook; every row is checked, then all are recorded or none.
    Who may import what (staff limited to some sites, the owner's files) is import_dir's to say."""
    context: dict[str, Any] = {"files": FILE_NAMES, "once": new_token()}
    if request.method != "POST":
        return render(request, "web/import.html", context)
    dry_run = bool(request.POST.get("dry_run"))
    allow_overdraw = bool(request.POST.get("allow_overdraw"))
    context |= {"dry_run": dry_run, "allow_overdraw": allow_overdraw}
    # An import is idempotent (rows already recorded are skipped), so a double submission adds
    # nothing: no once-token needed here.
    try:
        job = jobs.new_job(request.FILES.getlist("files"), user=signed_in(request), dry_run=dry_run,
                           allow_overdraw=allow_overdraw)
    except LotlineError as error:
        return render(request, "web/import.html", context | outcome(jobs.error_outcome(error)), status=error.status)
    if jobs.runs_inline(job):
        job = jobs.run(job.pk)
        return render(request, "web/import.html", context | job_context(job),
                      status=_answer_status(job))
    jobs.start(job)
    url = reverse("import_job", args=[job.pk])
    if not request.headers.get("HX-Request"):
        return redirect(url)
    response = render(request, "web/import.html", context | job_context(job), status=202)
    response["HX-Push-Url"] = url  # a reload shows the job, not the form posted again
    return response


@needs(Right.RECORD)
def import_job(request: HttpRequest, job_id: int) -> HttpResponse:
    """An import job of this person's: its progress while it runs (the page polls it), then its report."""
    try:
        job = jobs.job_for(signed_in(request), job_id)
    except LotlineError as error:
        if error.code != ErrorCode.UNKNOWN_JOB:
            raise
        raise Http404(error.message) from None
    context = {"files": FILE_NAMES, "once": new_token(), "dry_run": job.dry_run,
               "allow_overdraw": job.allow_overdraw}
    return render(request, "web/import.html", context | job_context(job))


def job_context(job: ImportJob) -> dict[str, Any]:
    """What the page shows of a job: how far it got while it runs, then how it ended."""
    if job.state in (JobState.QUEUED, JobState.RUNNING):
        return {"job": job, "progress": progress_shown(jobs.progress_of(job))}
    return {"job": job} | outcome(job.outcome)


def outcome(result: dict[str, Any]) -> dict[str, Any]:
    """An import's outcome (jobs.report_outcome or jobs.error_outcome) as the page shows it."""
    if "report" in result:
        return {"report": result["report"]}
    problems = result.get("problems")
    if problems is None:
        return {"stopped": result.get("message", "")}
    return {"refused": result, "problems": problems, "in_files": any(p["file"] or p["line"] for p in problems),
            "more": [p["reason"] for p in problems if p["reason"] != result["message"]]}


def progress_shown(progress: dict[str, Any]) -> dict[str, Any]:
    """The phase, the amount done in words, and the percent (None: a bar that only moves)."""
    done, total, unit = progress.get("done", 0), progress.get("total"), progress.get("unit", "")
    shown: dict[str, Any] = {"phase": progress.get("phase", ""), "percent": None, "amount": ""}
    if total:
        shown["percent"] = min(100, int(done * 100 / total))
        if unit == "bytes":
            shown["amount"] = f"{done / 1e6:,.1f} of {total / 1e6:,.1f} MB"
        else:
            shown["amount"] = f"{done:,} of {total:,} {unit}".strip()
    elif done and unit == "rows":  # a workbook that does not declare its size
        shown["amount"] = f"{done:,} rows"
    return shown


@needs(Right.EXPORT)
def export_page(request: HttpRequest) -> HttpResponseBase:
    """The page with the two downloads; ?format=zip or ?format=xlsx downloads the files."""
    kind = request.GET.get("format", "")
    if kind not in ("zip", "xlsx"):
        return render(request, "web/export.html", {"files": FILE_NAMES, "head": current_head()})
    out = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it, which deletes it)
    if kind == "zip":
        export_zip(out)
    else:
        export_xlsx(out)
    out.seek(0)
    name = f"lotline-{dt.date.today():%Y-%m-%d}.{kind}"  # noqa: DTZ011 (the user's calendar day)
    return FileResponse(out, as_attachment=True, filename=name)

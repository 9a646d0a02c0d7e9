"""Capture jobs: an EPCIS document sent to the REST binding, taken in and remembered with its outcome.

Our capture is fast, so a job runs within the request that sends the document: it is created
(running), the document is taken in all or nothing (capture.py), and the job records what came of
it. The binding's client still gets the job's address, as the standard's asynchronous capture
expects, and reads its state there. The rows are operational data, not records of the business:
the ledger holds what was recorded (the epcis.captured event names the job as its source).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import models as auth
from django.utils import timezone

from lotline.accounts.rights import Right, require
from lotline.errors import ErrorCode, LotlineError

from .capture import DocumentRefused, capture
from .models import CaptureJob, CaptureState


def capture_job(document: bytes, *, user: auth.User) -> CaptureJob:
    """Take in an EPCIS document as a job of `user` (who needs Right.RECORD); the job says how it went."""
    require(user, Right.RECORD)
    job = CaptureJob.objects.create(user=user, actor=user.get_username(), size=len(document))
    try:
        done = capture(document, actor=job.actor, source=job.source)
    except DocumentRefused as refused:
        _finish(job, CaptureState.FAILED, errors=refused.errors)
    except LotlineError as error:
        _finish(job, CaptureState.FAILED, errors=[_failure(error.field, error.message, error.code)])
    except ValueError as error:  # a document that is not JSON, as the parser says
        _finish(job, CaptureState.FAILED, errors=[_failure("", f"the document cannot be read: {error}")])
    except BaseException:
        _finish(job, CaptureState.FAILED, errors=[_failure("", "Lotline failed while taking it in: nothing was "
                                                             "recorded")])
        raise
    else:
        _finish(job, CaptureState.SUCCEEDED, recorded=done.recorded, kept=done.kept, already=done.already,
                event_seq=done.event_seq)
    return job


def _failure(field: str, reason: str, code: ErrorCode = ErrorCode.EPCIS_INVALID) -> dict[str, Any]:
    return {"index": None, "event_id": "", "field": field, "reason": reason, "code": str(code)}


def _finish(job: CaptureJob, state: str, **outcome: Any) -> None:
    for name, value in {"state": state, "finished_at": timezone.now(), **outcome}.items():
        setattr(job, name, value)
    job.save()


def job_of(user: auth.User, job_id: str) -> CaptureJob:
    """One of the person's own capture jobs."""
    found = CaptureJob.objects.filter(user=user, pk=int(job_id)).first() if job_id.isdigit() else None
    if found is None:
        raise LotlineError(ErrorCode.UNKNOWN_CAPTURE, f"you have no capture job {job_id}", field="captureID")
    return found


def jobs_of(user: auth.User, *, count: int, before: int | None = None) -> list[CaptureJob]:
    """The person's capture jobs, newest first, `count` of them (older than job `before`)."""
    jobs = CaptureJob.objects.filter(user=user).order_by("-id")
    if before is not None:
        jobs = jobs.filter(id__lt=before)
    return list(jobs[:count])


def _time(at: dt.datetime) -> str:
    return at.astimezone(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def job_json(job: CaptureJob) -> dict[str, Any]:
    """The job as the REST binding's CaptureJob, with what each event became in counts."""
    found: dict[str, Any] = {"captureID": str(job.pk), "createdAt": _time(job.created_at)}
    if job.finished_at:
        found["finishedAt"] = _time(job.finished_at)
    found |= {"running": job.state == CaptureState.RUNNING, "success": job.state != CaptureState.FAILED,
              "captureErrorBehaviour": "rollback", "errors": [_problem(e) for e in job.errors],
              "recorded": job.recorded, "kept": job.kept, "already": job.already}
    return found


def _problem(error: dict[str, Any]) -> dict[str, Any]:
    """A refusal as RFC 7807 problem details, with the event's index and id and the field at fault."""
    where = f"event {error['index']}" if error.get("index") is not None else "the document"
    if error.get("event_id"):
        where += f" ({error['event_id']})"
    field = f", {error['field']}" if error.get("field") else ""
    return {"type": "epcisException:ValidationException", "title": f"{where}{field}: {error['reason']}",
            "status": 400, "detail": error["reason"], "index": error.get("index"),
            "eventID": error.get("event_id") or None, "field": error.get("field", ""),
            "code": str(error.get("code") or ErrorCode.EPCIS_INVALID)}

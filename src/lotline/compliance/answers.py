"""The request log as the pages, the API and the CLI read it: each request with its 24-hour clock.

FDA must have the records within 24 hours of asking (21 CFR 1.1455(c)(3)(ii)); the clock starts when
the request came in (as the person logging it says) and stops when its first file is produced (a
file made again later does not move it).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, TypedDict

from django.utils import timezone

from .completeness import Gap
from .models import RecordsRequest

DUE_WITHIN = dt.timedelta(hours=24)


class LoggedRequest(TypedDict):
    """One FSMA 204 request of the log: who asked, when, what, and when its file was produced."""

    id: Annotated[str, "F-n"]
    requested_by: Annotated[str, "Who asked: an FDA investigator, a customer, an auditor"]
    requested_at: Annotated[str, "When the request came in (ISO 8601): the 24-hour clock starts here"]
    asked: Annotated[str, "What they asked for, in words"]
    query: Annotated[dict[str, Any], "The request as Lotline runs it: from, to, items, lots, trace"]
    logged_by: str
    due_at: Annotated[str, "24 hours after the request came in"]
    produced_at: Annotated[str | None, "When its first file was produced; null: not yet"]
    produced_by: str
    rows: Annotated[dict[str, int], "Rows per sheet of the last file produced"]
    missing: Annotated[int, "Key data elements missing when it was produced"]
    late: Annotated[bool, "Produced after its 24 hours, or not produced and past them"]
    clock: Annotated[str, "The 24-hour clock in words: due in 5 h 10 min, produced after 3 h 12 min, overdue by 2 h"]


def span(length: dt.timedelta) -> str:
    """A length of time as a person says it on a clock: 3 h 12 min, 45 min, 30 h 5 min."""
    minutes = max(int(length.total_seconds() // 60), 0)
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes} min" if hours else f"{minutes} min"


def clock(requested_at: dt.datetime, produced_at: dt.datetime | None, now: dt.datetime) -> tuple[bool, str]:
    """(late, the clock in words) of a request that came in at `requested_at`."""
    due = requested_at + DUE_WITHIN
    if produced_at is not None:
        took = produced_at - requested_at
        late = produced_at > due
        return late, f"produced after {span(took)}" + (f", {span(produced_at - due)} late" if late else "")
    if now > due:
        return True, f"overdue by {span(now - due)}"
    return False, f"due in {span(due - now)}"


def _at(value: dt.datetime | None) -> str | None:
    return timezone.localtime(value).isoformat() if value else None


def logged_request(r: RecordsRequest, now: dt.datetime | None = None) -> LoggedRequest:
    late, said = clock(r.requested_at, r.produced_at, now or timezone.now())
    return LoggedRequest(id=str(r), requested_by=r.requested_by, requested_at=_at(r.requested_at) or "",
                         asked=r.asked, query=r.query, logged_by=r.logged_by,
                         due_at=_at(r.requested_at + DUE_WITHIN) or "", produced_at=_at(r.produced_at),
                         produced_by=r.produced_by, rows=r.rows, missing=r.missing, late=late, clock=said)


class MissingKde(TypedDict):
    """A key data element missing (completeness.Gap), said in words, with the page that fixes it."""

    what: Annotated[str, "site, supplier, customer, item, receipts, shipments or coverage"]
    key: Annotated[str, "The record's code (of records: the first of them)"]
    name: str
    missing: Annotated[list[str], "The fields missing"]
    page: Annotated[str, "The page that fixes it"]
    count: Annotated[int, "How many records lack it"]
    examples: list[str]
    said: Annotated[str, "The gap in a line of plain words"]


class Completeness(TypedDict):
    """The completeness check: how many key data elements are missing, and each. They never block a file."""

    count: int
    missing: list[MissingKde]


class RequestDetails(LoggedRequest):
    """A request of the log with the key data elements its records lack now."""

    gaps: list[MissingKde]


def completeness(gaps: list[Gap]) -> Completeness:
    return Completeness(count=len(gaps), missing=[MissingKde(
        what=g.what, key=g.key, name=g.name, missing=list(g.missing), page=g.page, count=g.count,
        examples=list(g.examples), said=g.said()) for g in gaps])


def request_details(r: RecordsRequest, gaps: list[Gap], now: dt.datetime | None = None) -> RequestDetails:
    return RequestDetails(**logged_request(r, now), gaps=completeness(gaps)["missing"])

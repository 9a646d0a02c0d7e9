"""FSMA 204 requests: log who asked for what and when, and produce the sortable spreadsheet.

Producing a file for a request is two events: `fsma204.requested` when the request is logged (the
24-hour clock starts at the time the person says it came in), `fsma204.produced` when the file is
made, with its row counts and the key data elements missing. Auditors and staff may produce files
(the right to export); the file itself is written outside the log's transaction, streaming.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO, Any

from django.db.models import Max
from django.utils import timezone

from lotline.accounts.rights import Right, Who, require
from lotline.catalog.ftl import current as current_ftl
from lotline.errors import ErrorCode, LotlineError
from lotline.ledger.kinds import EventKind
from lotline.ledger.log import record, writing
from lotline.lengths import too_long

from .completeness import Gap, missing_kdes
from .explanation import explanation_rows
from .models import PREFIX, RecordsRequest
from .rows import Seen
from .selection import Chosen, Request, choose
from .spreadsheet import write

REQUESTED_BY_LENGTH = 200


@dataclass(frozen=True)
class Produced:
    """A request logged and its file produced: the request's id, rows per sheet, the gaps, the files."""

    request: str
    asked: str
    requested_by: str
    requested_at: str
    produced_at: str
    rows: dict[str, int]
    missing: list[str]
    files: list[str] = field(default_factory=list)
    items: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _query(request: Request) -> dict[str, Any]:
    return {"from": request.first.isoformat() if request.first else None,
            "to": request.last.isoformat() if request.last else None,
            "items": list(request.items), "lots": list(request.lots), "trace": request.trace}


def request_from(query: dict[str, Any]) -> Request:
    """A request as the log keeps it (`query`) made a Request again, to produce its file once more."""
    day = dt.date.fromisoformat
    return Request(first=day(query["from"]) if query.get("from") else None,
                   last=day(query["to"]) if query.get("to") else None, items=tuple(query.get("items") or ()),
                   lots=tuple(query.get("lots") or ()), trace=query.get("trace") or "")


def log_request(request: Request, *, requested_by: str = "", requested_at: dt.datetime | None = None,
                actor: Who) -> RecordsRequest:
    """Log a request (checked first: an unknown lot or item is refused, nothing logged)."""
    who = require(actor, Right.EXPORT)
    choose(request)
    requested_by = requested_by.strip() or "not said"
    if problem := too_long(requested_by, REQUESTED_BY_LENGTH):
        raise LotlineError(ErrorCode.TOO_LONG, f"who asked: {problem}", field="requested_by")
    now = timezone.now()
    at = requested_at or now
    if timezone.is_naive(at):  # a moment without its offset is the business's time
        at = timezone.make_aware(at)
    if at > now + dt.timedelta(minutes=5):
        raise LotlineError(ErrorCode.IMPOSSIBLE_DATE, "a request cannot come in later than now "
                           f"({at:%Y-%m-%d %H:%M})", field="requested_at")
    with writing():
        number = (RecordsRequest.objects.aggregate(n=Max("number"))["n"] or 0) + 1
        record(EventKind.FSMA204_REQUESTED, {
            "request": f"{PREFIX}{number}", "requested_by": requested_by, "requested_at": at.isoformat(),
            "asked": request.said()[:2000], "query": _query(request), "logged_by": who.name,
        }, actor=who.name, subject=f"{PREFIX}{number}")
    return RecordsRequest.objects.get(number=number)


def find_request(request_id: str) -> RecordsRequest:
    text = request_id.strip().upper()
    number = text.removeprefix(PREFIX)
    found = RecordsRequest.objects.filter(number=int(number)).first() if number.isdigit() else None
    if found is None:
        raise LotlineError(ErrorCode.UNKNOWN_REQUEST, f"no FSMA 204 request {request_id!r}", field="request")
    return found


def produce(request_id: str, *, xlsx: str | Path | IO[bytes] | None = None, csv_dir: str | Path | None = None,
            actor: Who) -> Produced:
    """Produce the spreadsheet of a logged request (XLSX and/or CSV), and log that it was produced."""
    who = require(actor, Right.EXPORT)
    logged = find_request(request_id)
    chosen = choose(request_from(logged.query))
    produced_at = timezone.now()
    seen, gaps = Seen(), list[Gap]()

    def explanation(rows: dict[str, int]) -> list[list[str]]:
        gaps.extend(missing_kdes(chosen, seen))  # what the rows just written named
        return explanation_rows(chosen, logged, rows, gaps, produced_by=who.name, produced_at=produced_at,
                                ftl=current_ftl())

    written = write(chosen, seen, explanation, xlsx=xlsx, csv_dir=csv_dir)
    missing = [g.said() for g in gaps]
    with writing():
        record(EventKind.FSMA204_PRODUCED, {
            "request": str(logged), "rows": written.rows, "missing": missing, "produced_at": produced_at.isoformat(),
            "produced_by": who.name, "formats": [f for f, given in (("xlsx", xlsx), ("csv", csv_dir)) if given],
        }, actor=who.name, subject=str(logged))
    return Produced(str(logged), logged.asked, logged.requested_by, logged.requested_at.isoformat(),
                    produced_at.isoformat(), written.rows, missing, written.files, chosen.items)


def export_records(request: Request, *, xlsx: str | Path | IO[bytes] | None = None, csv_dir: str | Path | None = None,
                   requested_by: str = "", requested_at: dt.datetime | None = None, actor: Who) -> Produced:
    """Log a request and produce its file at once (the command line's and the API's one step)."""
    logged = log_request(request, requested_by=requested_by, requested_at=requested_at, actor=actor)
    return produce(str(logged), xlsx=xlsx, csv_dir=csv_dir, actor=actor)


def check(request: Request | None = None) -> list[Gap]:
    """The key data elements missing from a request's records (by default: the foods on the list,
    over the two years records are kept)."""
    from lotline.days import today

    day = today()
    return missing_kdes(choose(request or Request(first=day - dt.timedelta(days=730), last=day)))


def requests_logged(limit: int = 50) -> list[RecordsRequest]:
    return list(RecordsRequest.objects.all()[:limit])


__all__ = ["Chosen", "Gap", "Produced", "Request", "check", "export_records", "find_request", "log_request",
           "produce", "request_from", "requests_logged"]

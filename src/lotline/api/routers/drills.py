"""The drills (mock recalls) API: start one, count, make its report (the clock stops), list the figures.

A drill is a case of kind drill (D-1): GET /cases/{id} shows it, GET /cases/{id}/report.pdf gives its
report, POST /cases/{id}/count and /notes work on it, and the actions a drill refuses answer 409.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from lotline.accounts.rights import Right, require
from lotline.recalls.answers import CaseDetails
from lotline.recalls.services import count_drill, drill_figures, report_drill, start_drill
from lotline.recalls.services.drills import DrillFigures, DrillReport

from ..answers import derived, many
from ..schemas import ErrorOut, Quantity

router = Router(tags=["drills"])
ERRORS: dict[int, Any] = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}
DrillsOut = many(DrillFigures)
DrillOut = derived(CaseDetails)
ReportOut = derived(DrillReport)


class StartIn(Schema):
    lot: str | None = Field(None, description="The lot to drill on (a batch, or an ingredient lot)")
    random: bool = Field(False, description="A lot picked at random among those shipped, instead of `lot`")
    title: str = Field("", description="Blank: said from the lot")


class CountLine(Schema):
    lot: str
    quantity: Quantity = Field(description="On the shelf (0 when empty), in the lot's unit")


class CountsIn(Schema):
    counts: list[CountLine]


def _actor(request: HttpRequest) -> str:
    return request.user.get_username()


@router.get("/drills", response={200: DrillsOut, **ERRORS}, summary="Drills with their figures over time")
def list_endpoint(request: HttpRequest) -> list[DrillFigures]:
    """Every drill, newest first: the lot, when it opened, the seconds to its report, the share accounted
    for, and whether the aim (100% within 2 hours) was met (none until its report is made)."""
    require(request.user, Right.READ)
    return drill_figures()


@router.post("/drills", response={201: DrillOut, **ERRORS}, summary="Start a drill (the clock starts)")
def start_endpoint(request: HttpRequest, body: StartIn) -> Status:
    """Open a drill on a lot, or on one picked at random: its scope as a case's, frozen; its clock starts."""
    return Status(201, start_drill(lot=body.lot, at_random=body.random, title=body.title, actor=_actor(request)))


@router.post("/drills/{id}/counts", response={200: DrillOut, **ERRORS}, summary="Physical counts of a drill")
def counts_endpoint(request: HttpRequest, id: str, body: CountsIn) -> CaseDetails:
    """Record the counts of lots on hand, all or none; answers the drill with its mass balance."""
    from lotline.recalls.queries import case_details
    from lotline.recalls.services.drills import drill_of

    drill_of(id)
    count_drill(id, {line.lot: line.quantity for line in body.counts}, actor=_actor(request))
    return case_details(id)


@router.post("/drills/{id}/report", response={200: ReportOut, **ERRORS}, summary="Make a drill's report")
def report_endpoint(request: HttpRequest, id: str) -> DrillReport:
    """Stop the clock: the seconds since the drill opened and the share accounted for, kept in the log;
    the drill is closed. Its PDF: GET /cases/{id}/report.pdf."""
    return report_drill(id, actor=_actor(request))

"""Mock recalls (drills): a case of kind drill, timed from its opening to its report.

A drill opens on one lot (chosen, or at random among the lots that were shipped), asks for physical
counts of what is on hand (the book quantity stands where nobody counts), and its report stops the
clock: a `drill.reported` event with the seconds taken and the share of product accounted for, which
closes it. The aim auditors use: 100% accounted for within 2 to 4 hours; we hold a drill to the
strict end, 2 hours. A drill changes no stock, holds nothing and notifies nobody (lifecycle.py).
"""

from __future__ import annotations

import json
import random as chance
from collections.abc import Mapping
from decimal import Decimal
from typing import TypedDict

from django.db import connection
from django.utils import timezone

from lotline.errors import ErrorCode, LotlineError
from lotline.ledger.log import writing
from lotline.ledger.models import Event

from ..answers import CaseDetails
from ..balance import mass_balance
from ..models import Action, Case, CaseKind
from ..models import CaseAction as ActionRow  # not answers.CaseAction, which DrillReport's hints name
from ..queries import case_details, find_case
from .common import case_to_change, person_acting, record_action
from .opening import open_case
from .stock import count_lot

AIM_SECONDS = 2 * 60 * 60  # the strict end of the industry's 2 to 4 hours
AIM_PERCENT = Decimal(100)


class DrillReport(CaseDetails):
    """A drill's answer once reported: the case, and its figures."""

    seconds: float
    met: bool


class DrillFigures(TypedDict):
    """One drill in the list, with its figures (none until its report is made)."""

    id: str
    title: str
    lot: str
    opened_at: str
    status: str
    seconds: float | None
    accounted_percent: Decimal | None
    met: bool | None


def random_lot() -> str:
    """A lot that was shipped, picked at random: one indexed read whatever the size of the ledger
    (a random point in the shipments' ids, and the first shipment from there)."""
    with connection.cursor() as cur:
        cur.execute("SELECT MIN(id), MAX(id) FROM shipment")
        low, high = cur.fetchone()
        if low is None:
            raise LotlineError(ErrorCode.UNKNOWN_LOT, "no lot was shipped yet: name the lot to drill on", field="lot")
        point = chance.SystemRandom().randint(low, high)
        cur.execute("SELECT l.code FROM shipment s JOIN lot l ON l.id = s.lot_id WHERE s.id >= %s ORDER BY s.id "
                    "LIMIT 1", [point])
        return str(cur.fetchone()[0])


def start_drill(*, lot: str | None = None, at_random: bool = False, title: str = "", actor: str) -> CaseDetails:
    """Open a drill on a lot (a finished batch: backward and forward; an ingredient lot: forward), or on
    a lot picked at random; its clock starts with the case.opened event."""
    person_acting(actor)
    if at_random == bool(lot and lot.strip()):
        raise LotlineError(ErrorCode.MISSING, "name the lot to drill on, or ask for one at random (not both)",
                           field="lot")
    code = random_lot() if at_random else str(lot)
    return open_case(lots=[code], title=title, kind=CaseKind.DRILL, actor=actor)


def count_drill(case_id: str, counts: Mapping[str, Decimal], *, actor: str) -> None:
    """Record the physical counts of a drill, all or none (one transaction)."""
    with writing():
        for code, quantity in counts.items():
            count_lot(case_id, lot=code, quantity=quantity, actor=actor)


def _said(seconds: float, percent: Decimal, met: bool) -> str:
    minutes, rest = divmod(round(seconds), 60)
    took = f"{minutes} min {rest} s" if minutes else f"{seconds:.1f} s"
    return (f"{took} from opening to report; {percent.normalize():f}% of the product accounted for "
            f"(aim: 100% within 2 hours: {'met' if met else 'NOT met'})")


def report_drill(case_id: str, *, actor: str) -> DrillReport:
    """Make the drill's report: stop its clock (the seconds since its opening event), take the share
    accounted for from its mass balance, and close it. Answers the drill with its figures."""
    person_acting(actor)
    with writing():
        case = case_to_change(case_id, Action.REPORTED)
        opened = Event.objects.get(seq=case.opened_seq).recorded_at
        percent = mass_balance(case.pk)["accounted_percent"]
        seconds = (timezone.now() - opened).total_seconds()
        met = seconds <= AIM_SECONDS and percent >= AIM_PERCENT
        record_action(case, Action.REPORTED, {"seconds": round(seconds, 3), "accounted_percent": str(percent),
                                              "met": met, "note": _said(seconds, percent, met)}, actor=actor)
        details = case_details(case.code)
    return DrillReport(**details, seconds=round(seconds, 3), met=met)


def drill_figures() -> list[DrillFigures]:
    """Every drill, newest first, with its figures over time (time taken, share accounted, aim met)."""
    drills = list(Case.objects.filter(kind=CaseKind.DRILL).order_by("-opened_seq"))
    reports = {a.case_id: a for a in ActionRow.objects.filter(case__in=drills, action=Action.REPORTED)
               .order_by("seq")}
    seqs = {d.opened_seq for d in drills} | {a.seq for a in reports.values()}
    events = {e.seq: e for e in Event.objects.filter(seq__in=seqs).only("seq", "recorded_at", "payload")}
    out = []
    for drill in drills:
        trigger = json.loads(drill.trigger)
        report = reports.get(drill.pk)
        payload = json.loads(events[report.seq].payload) if report else {}
        out.append(DrillFigures(
            id=drill.code, title=drill.title, lot=", ".join(trigger.get("lots", [])),
            opened_at=events[drill.opened_seq].recorded_at.isoformat(timespec="seconds"), status=drill.status,
            seconds=payload.get("seconds"),
            accounted_percent=Decimal(payload["accounted_percent"]) if report else None,
            met=payload.get("met")))
    return out


def drill_of(case_id: str) -> Case:
    """The drill with this id (a recall case is refused: not_a_drill)."""
    case = find_case(case_id)
    if case.kind != CaseKind.DRILL:
        raise LotlineError(ErrorCode.NOT_A_DRILL, f"{case.code} is a recall case, not a drill", field="case")
    return case

"""What an out-of-spec result does, decided inside the results' writing(): hold the lot and every lot
downstream of it that still has units on hand, and propose a recall case when the lot, or a lot
downstream of it, was shipped.

Rights: the person recording the result needs the right to record at the tested lot's site, not at
every site downstream. The holds are owed whoever found the failure (a lab technician at one kitchen
finding Listeria must stop the tarts made from that lot at another), so they are placed in that
person's name without asking for each site (lots.services.holds.hold_owed); releasing them still
takes the right to record at each lot's site, and two people.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Max

from lotline.lots.models import Lot
from lotline.trace.holds import hold_plan
from lotline.trace.queries import trace_forward_lots

from ..answers import ResultView
from ..lengths import LENGTHS
from ..models import PROPOSAL_PREFIX, Proposal, ProposalStatus


@dataclass(frozen=True)
class Consequences:
    reason: str  # why the lots are held: the analyte, value, limit and lab
    held: list[str]  # lots to hold now (on hand, active)
    kept: list[str]  # lots downstream already on hold: their release now needs two people too
    proposal: dict[str, Any] | None  # a new one: {"proposal": "P-n", "lots": [the shipped lots]}
    already_proposed: str = ""  # the lot's proposal still open, when there is one (none is made again)

    @property
    def proposal_id(self) -> str:
        return str(self.proposal["proposal"]) if self.proposal else self.already_proposed


NONE = Consequences("", [], [], None)


def hold_reason(failed: ResultView) -> str:
    """Why a lot is held, as the hold and the proposal say it."""
    text = f"out of spec: {failed.analyte} {failed.shown}, expected {failed.spec} ({failed.lab}, {failed.result})"
    return text[:LENGTHS["reason"]]


def consequences(lot: Lot, failed: list[ResultView]) -> Consequences:
    """The holds and the proposal an out-of-spec result brings (nothing when none failed)."""
    if not failed:
        return NONE
    trace = trace_forward_lots([lot.code])
    to_hold, skipped = hold_plan(trace)
    kept = [s.code for s in skipped if s.why == "on_hold"]
    shipped = sorted({s["lot"] for s in trace.get("shipments", [])})
    proposal, still_open = None, Proposal.objects.filter(lot=lot, status=ProposalStatus.OPEN).first()
    if shipped and still_open is None:
        number = (Proposal.objects.aggregate(last=Max("number"))["last"] or 0) + 1
        proposal = {"proposal": f"{PROPOSAL_PREFIX}{number}", "lots": shipped}
    return Consequences(hold_reason(failed[0]), [h.code for h in to_hold], kept, proposal,
                        still_open.id_text if still_open and shipped else "")

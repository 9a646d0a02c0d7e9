"""Acting on a recall case proposal: open the case (the recall cases' own verb, on the proposal's
lots) or dismiss it with a reason; either is logged and the proposal leaves the open list."""

from __future__ import annotations

from dataclasses import dataclass

from lotline.errors import ErrorCode, LotlineError
from lotline.ledger.kinds import EventKind
from lotline.ledger.log import record, writing
from lotline.recalls.services import open_case
from lotline.recalls.services.common import person_acting

from ..models import PROPOSAL_PREFIX, Proposal, ProposalStatus
from .common import text


@dataclass(frozen=True)
class ProposalDecided:
    proposal: str
    status: str
    case: str  # the recall case opened, "" when dismissed
    event_seq: int


def find_proposal(proposal: str, *, field: str = "proposal") -> Proposal:
    written = proposal.strip().upper().removeprefix(PROPOSAL_PREFIX)
    found = Proposal.objects.select_related("lot").filter(number=int(written)).first() if written.isdigit() else None
    if found is None:
        raise LotlineError(ErrorCode.UNKNOWN_PROPOSAL, f"unknown recall case proposal {proposal!r}", field=field)
    return found


def _open(proposal: str) -> Proposal:
    found = find_proposal(proposal)
    if found.status != ProposalStatus.OPEN:
        raise LotlineError(ErrorCode.PROPOSAL_DECIDED, f"{found.id_text} was acted on already "
                           f"({ProposalStatus(found.status).label}{' ' + found.case_code if found.case_code else ''})",
                           field="proposal")
    return found


def open_proposed_case(proposal: str, *, actor: str) -> ProposalDecided:
    """Open the recall case a proposal proposes, on its lot and the shipped lots (recalls.open_case)."""
    person_acting(actor)
    with writing():
        found = _open(proposal)
        lots = list(dict.fromkeys([found.lot.code, *[c for c in found.shipped.split(";") if c]]))
        case = open_case(lots=lots, title=f"Out of spec: {found.reason}"[:200], actor=actor)
        event = record(EventKind.PROPOSAL_CASE_OPENED, {"proposal": found.id_text, "case": case["id"], "by": actor},
                       actor=actor, subject=found.id_text)
    return ProposalDecided(found.id_text, ProposalStatus.CASE_OPENED, case["id"], event.seq)


def dismiss_proposal(proposal: str, *, reason: str, actor: str) -> ProposalDecided:
    """Dismiss a proposal, saying why (kept in the log)."""
    why = text(reason, "reason", required="say why no recall case is opened (a reason is kept in the log)")
    person_acting(actor)
    with writing():
        found = _open(proposal)
        event = record(EventKind.PROPOSAL_DISMISSED, {"proposal": found.id_text, "reason": why, "by": actor},
                       actor=actor, subject=found.id_text)
    return ProposalDecided(found.id_text, ProposalStatus.DISMISSED, "", event.seq)

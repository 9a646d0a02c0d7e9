"""What the case verbs share: the one guard (rights, then the case's lifecycle), texts checked at the
door, and recording an action so the verb returns it as the timeline shows it."""

from __future__ import annotations

from typing import Any

from lotline.accounts.rights import Person, Right, Who, require
from lotline.errors import ErrorCode, LotlineError
from lotline.ledger.log import record
from lotline.lengths import too_long
from lotline.lots.models import Lot
from lotline.lots.queries import find_lot

from ..answers import ActionDone, action_view
from ..lengths import LENGTHS
from ..lifecycle import check_action, status_after
from ..models import Action, Case, CaseLot, Role
from ..projections import EVENTS
from ..queries import find_case


def person_acting(actor: Who) -> Person:
    """Owners and staff act on cases; auditors read (Forbidden)."""
    return require(actor, Right.RECORD)


def case_to_change(case_id: str, action: Action) -> Case:
    """The case an action changes (inside the verb's writing(), so its status cannot change meanwhile):
    unknown_case, or case_closed / case_open / not_for_a_drill when its lifecycle refuses the action."""
    case = find_case(case_id)
    check_action(case, action)
    return case


def lot_in_scope(case: Case, code: str, person: Person, *, field: str = "lot") -> Lot:
    """A lot of the case's scope (our code, in any case) that the person may record at: unknown_lot,
    not_in_case (a batch not affected is not the case's either), or Forbidden."""
    lot = find_lot(code, field=field)
    if not CaseLot.objects.filter(case=case, lot=lot).exclude(role=Role.NOT_AFFECTED).exists():
        raise LotlineError(ErrorCode.NOT_IN_CASE, f"lot {lot.code} is not in the scope of {case.code} (recompute "
                           "the case and add what changed)", field=field)
    require(person, Right.RECORD, site=lot.site.code)
    return lot


def text(value: str, field: str, *, limit: str = "text", required: bool = False, what: str = "") -> str:
    """A text of a case, stripped: missing when required and empty, too_long past its limit."""
    value = (value or "").strip()
    if required and not value:
        raise LotlineError(ErrorCode.MISSING, f"say {what or field} (it is kept in the log)", field=field)
    if why := too_long(value, LENGTHS[limit]):
        raise LotlineError(ErrorCode.TOO_LONG, why, field=field)
    return value


def record_action(case: Case, action: Action, payload: dict[str, Any], *, actor: str, site: str = "") -> ActionDone:
    """Append the action's event (its projector adds it to the timeline) and return it as the timeline shows it."""
    full = {"case": case.code, **payload}
    event = record(EVENTS[action], full, actor=actor, site=site, subject=case.code)
    return ActionDone(id=case.code, status=status_after(case, action),
                      action=action_view(event.seq, action, event.recorded_at, actor, full))

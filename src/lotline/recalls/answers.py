"""The typed answers of the recall queries and verbs: declared once, read by the pages, the PDF, the
CLI and the API (api/answers.py derives its schemas from them)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, TypedDict

from django.utils import timezone

from lotline.quantities import said
from lotline.trace.queries import LotOnHand, TraceCustomer, TraceLot, TraceShipment

from .balance import LotBalance
from .models import Action, CaseKind, CaseStatus, How, Role
from .scope import CaseTrigger


class CaseAction(TypedDict):
    """One action of a case's timeline (one event), with who recorded it and when."""

    event: int
    action: Annotated[str, Action]
    at: Annotated[str, "When it was recorded, in the business's time zone"]
    actor: Annotated[str, "Who recorded it"]
    said: Annotated[str, "The action in a line of plain words"]
    lot: str | None
    customer: str | None
    site: str | None
    quantity: Annotated[Decimal | None, "Counted, returned or destroyed, in the lot's unit"]
    unit: str | None
    how: Annotated[str | None, "phone, email, visit or letter"]
    notified_at: Annotated[str | None, "When the customer was told"]
    by: Annotated[str | None, "Who told the customer"]
    note: Annotated[str, "The note, or why"]
    lots: Annotated[list[str], "The lots held, released or added to the scope"]


class SiteLot(TypedDict):
    code: str
    item: str
    item_name: str
    on_hand: Decimal
    unit: str
    status: str
    counted: Decimal | None


class SiteChecklist(TypedDict):
    """What one site has to do in a case: hold its affected lots on hand, count them, and confirm."""

    site: str
    site_name: str
    lots: Annotated[list[SiteLot], "The site's lots of the scope with units on hand, or counted"]
    to_hold: Annotated[int, "Lots with units on hand not on hold yet"]
    held: int
    counted: Annotated[int, "Lots counted in this case"]
    confirmed: bool
    confirmed_at: str | None
    confirmed_by: str | None
    note: str


class Received(TypedDict):
    """What a customer received of one lot, and brought back in this case."""

    lot: str
    item: str
    item_name: str
    quantity: Decimal
    unit: str
    returned: Decimal


class Notice(TypedDict):
    event: int
    how: Annotated[str, How]
    notified_at: str
    by: str
    note: str


class CustomerChecklist(TypedDict):
    """A customer to tell: contacts, what they received, and whether and how they were told."""

    customer: Annotated[str, "The customer's ref"]
    name: str
    kind: str
    contact: str
    address: str
    received: list[Received]
    notified: bool
    notices: list[Notice]


class CaseSummary(TypedDict):
    """A case in the list of cases."""

    id: str
    kind: Annotated[str, CaseKind]
    title: str
    status: Annotated[str, CaseStatus]
    trigger: str
    opened_at: str
    opened_by: str
    lots: Annotated[int, "Lots and batches affected"]
    customers: int
    last_action_at: str


class CaseDetails(TypedDict):
    """Everything about one case: its frozen scope (lots, batches and customers shaped as a recall's),
    the timeline, the mass balance, and the checklists per site and per customer."""

    id: Annotated[str, "R-1 for a recall, D-1 for a drill"]
    kind: Annotated[str, CaseKind]
    title: str
    status: Annotated[str, CaseStatus]
    trigger: CaseTrigger
    trigger_said: str
    opened_at: str
    opened_by: str
    opened_event: int
    lots: Annotated[list[TraceLot], "Received lots in scope, with their units on hand now"]
    batches: Annotated[list[TraceLot], "Batches in scope, with their units on hand now"]
    customers: Annotated[list[TraceCustomer], "Who received units of the scope, as frozen (and added)"]
    on_hand: Annotated[list[LotOnHand], "Lots in scope with units on hand, not failed"]
    not_affected: Annotated[list[TraceLot], "Batches of the same products and sites in the period that used none "
                                            "of the matched lots (the first 500)"]
    not_affected_total: int
    compared_from: str | None
    compared_until: str | None
    actions: list[CaseAction]
    mass_balance: Annotated[list[LotBalance], "Per affected lot, those that do not reconcile first"]
    accounted_percent: Annotated[Decimal, "The case's share accounted for: the mean of its lots'"]
    sites: list[SiteChecklist]
    notifications: list[CustomerChecklist]


class ActionDone(TypedDict):
    """What an action on a case recorded: the case's status after it, and the action as the timeline shows it."""

    id: str
    status: Annotated[str, CaseStatus]
    action: CaseAction


class HeldLot(TypedDict):
    code: str
    site: str
    on_hand: Decimal
    unit: str


class SkippedLot(TypedDict):
    code: str
    why: Annotated[str, "failed, on_hold or nothing_on_hand"]


class HoldsDone(ActionDone):
    """Holds placed on every affected lot on hand, and the lots skipped with why."""

    held: list[HeldLot]
    skipped: list[SkippedLot]


class ScopeEntry(TypedDict):
    """A lot whose place in the scope changed since it was frozen."""

    code: str
    kind: str
    item: str
    item_name: str
    site: str
    date: str
    role: Annotated[str | None, "Its role now (none: the trace no longer reaches it)"]
    was: Annotated[str | None, "Its frozen role (none: not in the scope)"]
    depth: int | None


class ScopeChange(TypedDict):
    """What recompute found: the trace now against the frozen scope. Additions are added on request
    (add_to_scope); what the trace no longer reaches stays in the case, shown here."""

    id: str
    lots_added: list[ScopeEntry]
    lots_gone: list[ScopeEntry]
    shipments_added: list[TraceShipment]
    shipments_gone: Annotated[list[str], "Refs of frozen shipments no longer recorded (voided)"]
    not_affected_total: int
    unchanged: bool
    event_seq: Annotated[int | None, "The case.scope_added event, when the changes were added"]


# --- the timeline: one function turns an event into a CaseAction, for the verbs and the queries ---

def local_time(at: dt.datetime) -> str:
    return timezone.localtime(at).isoformat(timespec="seconds")


def trigger_said(trigger: CaseTrigger) -> str:
    """The trigger in plain words."""
    if trigger["by"] == "supplier":
        what = trigger.get("item") or "every item"
        return (f"notice from {trigger.get('supplier_name', '')} ({trigger.get('supplier', '')}): {what} received "
                f"{trigger.get('from')} to {trigger.get('to')}")
    lots = ", ".join(trigger.get("lots", []))
    if trigger["by"] == "complaint":
        return f"complaint {trigger.get('complaint')} on lot {lots}"
    return f"lot{'s' if len(trigger.get('lots', [])) > 1 else ''} {lots}"


def _scope_said(p: dict[str, Any]) -> str:
    """How many lots a scope event put in the case (role is the scope table's second column)."""
    rows = p["scope"]["rows"]
    unaffected = sum(1 for row in rows if row[1] == Role.NOT_AFFECTED)
    return (f"{len(rows) - unaffected} lots and batches, {unaffected} batches not affected, "
            f"{len(p['shipments']['rows'])} shipments")


def _said(action: Action, p: dict[str, Any]) -> str:
    qty = said(p["quantity"], p.get("unit", "")) if p.get("quantity") is not None else ""
    lots = p.get("held") or p.get("released") or []
    shown = ", ".join(lots[:10]) + (f" and {len(lots) - 10} more" if len(lots) > 10 else "")
    words = {
        Action.OPENED: lambda: f"opened on {trigger_said(p['trigger'])}: {_scope_said(p)}",
        Action.SCOPE_ADDED: lambda: f"added to the scope: {_scope_said(p)}",
        Action.HOLDS_PLACED: lambda: f"held {len(lots)} lot{'s' if len(lots) != 1 else ''}" + (f": {shown}" if lots
                                                                                               else ""),
        Action.SITE_CONFIRMED: lambda: f"site {p['site']} confirmed its holds and its count",
        Action.CUSTOMER_NOTIFIED: lambda: f"{p['customer']} told by {p['how']} ({p['by']}, {p['notified_at'][:16]})",
        Action.COUNTED: lambda: f"counted {qty} of {p['lot']}",
        Action.UNITS_RETURNED: lambda: f"{p['customer']} returned {qty} of {p['lot']}",
        Action.UNITS_DESTROYED: lambda: f"destroyed {qty} of {p['lot']}",
        Action.NOTE_ADDED: lambda: p["note"],
        Action.CLOSED: lambda: f"closed: {p['reason']}",
        Action.REOPENED: lambda: f"reopened: {p['reason']}",
        Action.REPORTED: lambda: f"drill report made: {p['note']}",
        Action.HOLDS_RELEASED: lambda: f"released {len(lots)} hold{'s' if len(lots) != 1 else ''}"
                                       + (f": {shown}" if lots else ""),
    }
    return words[action]()


def action_view(seq: int, action: Action, at: dt.datetime, actor: str, payload: dict[str, Any]) -> CaseAction:
    """A case event as its timeline shows it."""
    p = payload
    lots = p.get("held") or p.get("released") or [row[0] for row in p.get("scope", {}).get("rows", [])
                                                   if action == Action.SCOPE_ADDED]
    return CaseAction(
        event=seq, action=action, at=local_time(at), actor=actor, said=_said(action, p), lot=p.get("lot"),
        customer=p.get("customer"), site=p.get("site"),
        quantity=Decimal(str(p["quantity"])) if p.get("quantity") is not None else None, unit=p.get("unit"),
        how=p.get("how"), notified_at=p.get("notified_at"), by=p.get("by"),
        note=p.get("note") or p.get("reason") or "", lots=list(lots))

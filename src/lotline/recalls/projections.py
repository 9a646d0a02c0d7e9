"""Projectors: how each case event changes the recall tables. Replayed as-is by `verify --rebuild`.

Case events are small (a count, a note) but for the scope: a case opened on a busy ingredient lot
freezes thousands of lots and shipments, inserted with one bulk insert per table.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from lotline.catalog.models import Customer, Site
from lotline.ledger.kinds import EventKind
from lotline.ledger.log import canonical_json, projector
from lotline.ledger.rebuild import read_table
from lotline.lots.models import Lot
from lotline.lots.payloads import records

from .models import Action, Case, CaseAction, CaseLot, CaseShipment, CaseStatus, NoticeTemplate

# Each case event -> the action of the timeline it is
ACTIONS: dict[EventKind, Action] = {
    EventKind.CASE_OPENED: Action.OPENED,
    EventKind.CASE_SCOPE_ADDED: Action.SCOPE_ADDED,
    EventKind.CASE_HOLDS_PLACED: Action.HOLDS_PLACED,
    EventKind.CASE_SITE_CONFIRMED: Action.SITE_CONFIRMED,
    EventKind.CASE_CUSTOMER_NOTIFIED: Action.CUSTOMER_NOTIFIED,
    EventKind.CASE_COUNTED: Action.COUNTED,
    EventKind.CASE_UNITS_RETURNED: Action.UNITS_RETURNED,
    EventKind.CASE_UNITS_DESTROYED: Action.UNITS_DESTROYED,
    EventKind.CASE_NOTE_ADDED: Action.NOTE_ADDED,
    EventKind.CASE_CLOSED: Action.CLOSED,
    EventKind.CASE_REOPENED: Action.REOPENED,
    EventKind.CASE_HOLDS_RELEASED: Action.HOLDS_RELEASED,
    EventKind.DRILL_REPORTED: Action.REPORTED,
}
EVENTS: dict[Action, EventKind] = {action: kind for kind, action in ACTIONS.items()}


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _ids(model: type[Lot] | type[Customer] | type[Site], key: str, values: set[str]) -> dict[str, int]:
    return dict(model.objects.filter(**{f"{key}__in": values}).values_list(key, "id")) if values else {}


def _add_scope(case: Case, payload: Mapping[str, Any], seq: int) -> None:
    """The scope rows of an event: a lot already in the scope takes its new role (a batch first not
    affected, then found to use the lot)."""
    lots = records(payload["scope"])
    shipments = records(payload["shipments"])
    lot_ids = _ids(Lot, "code", {r["lot"] for r in lots} | {s["lot"] for s in shipments})
    CaseLot.objects.filter(case=case, lot_id__in=[lot_ids[r["lot"]] for r in lots]).delete()
    CaseLot.objects.bulk_create([CaseLot(case=case, lot_id=lot_ids[r["lot"]], role=r["role"], depth=r["depth"],
                                         added_seq=seq) for r in lots], batch_size=2000)
    customers = _ids(Customer, "ref", {s["customer"] for s in shipments})
    CaseShipment.objects.bulk_create([
        CaseShipment(case=case, ref=s["ref"], lot_id=lot_ids[s["lot"]], customer_id=customers[s["customer"]],
                     shipped_on=s["shipped_on"], quantity=s["quantity"], reference_doc=s["reference_doc"],
                     added_seq=seq) for s in shipments], batch_size=2000)
    if "not_affected_total" in payload:
        Case.objects.filter(pk=case.pk).update(not_affected_total=payload["not_affected_total"])


def _action(kind: EventKind, payload: Mapping[str, Any], seq: int) -> Case:
    """The case an event is about, with the event as its action of the timeline."""
    case = Case.objects.get(code=payload["case"])
    CaseAction.objects.create(
        case=case, seq=seq, action=ACTIONS[kind],
        lot_id=_ids(Lot, "code", {payload["lot"]})[payload["lot"]] if payload.get("lot") else None,
        customer_id=_ids(Customer, "ref", {payload["customer"]})[payload["customer"]]
        if payload.get("customer") else None,
        site_id=_ids(Site, "code", {payload["site"]})[payload["site"]] if payload.get("site") else None,
        quantity=payload.get("quantity"), how=payload.get("how", ""),
        notified_at=payload.get("notified_at"), notified_by=payload.get("by", ""),
        note=payload.get("note") or payload.get("reason") or "")
    return case


@projector(EventKind.CASE_OPENED)
def case_opened(payload: Mapping[str, Any], seq: int) -> None:
    compared = payload["compared"]
    case = Case.objects.create(
        code=payload["case"], kind=payload["kind"], number=int(payload["case"].split("-")[1]),
        title=payload["title"], trigger=canonical_json(payload["trigger"]), status=CaseStatus.OPEN,
        opened_seq=seq, compared_from=_date(compared["from"]), compared_until=_date(compared["until"]),
        not_affected_total=payload["not_affected_total"])
    _add_scope(case, payload, seq)
    _action(EventKind.CASE_OPENED, payload, seq)


@projector(EventKind.CASE_SCOPE_ADDED)
def case_scope_added(payload: Mapping[str, Any], seq: int) -> None:
    case = _action(EventKind.CASE_SCOPE_ADDED, payload, seq)
    _add_scope(case, payload, seq)


def _status(kind: EventKind, status: CaseStatus) -> None:
    @projector(kind)
    def changed(payload: Mapping[str, Any], seq: int) -> None:
        case = _action(kind, payload, seq)
        Case.objects.filter(pk=case.pk).update(status=status)


_status(EventKind.CASE_CLOSED, CaseStatus.CLOSED)
_status(EventKind.CASE_REOPENED, CaseStatus.OPEN)
_status(EventKind.DRILL_REPORTED, CaseStatus.CLOSED)


def _timeline_only(kind: EventKind) -> None:
    @projector(kind)
    def recorded(payload: Mapping[str, Any], seq: int) -> None:
        _action(kind, payload, seq)


# The lot.held, lot.released and units.discarded events recorded in the same transaction change the
# lot tables; the case's own event only joins its timeline.
for _kind in (EventKind.CASE_HOLDS_PLACED, EventKind.CASE_SITE_CONFIRMED, EventKind.CASE_CUSTOMER_NOTIFIED,
              EventKind.CASE_COUNTED, EventKind.CASE_UNITS_RETURNED, EventKind.CASE_UNITS_DESTROYED,
              EventKind.CASE_NOTE_ADDED, EventKind.CASE_HOLDS_RELEASED):
    _timeline_only(_kind)


read_table("recall_case", 3, """SELECT code, kind, number, title, trigger, status, opened_seq, compared_from,
    compared_until, not_affected_total FROM recall_case""")
read_table("recall_case_lot", 4, """SELECT c.code AS case_code, l.code AS lot, cl.role, cl.depth, cl.added_seq
    FROM recall_case_lot cl JOIN recall_case c ON c.id = cl.case_id JOIN lot l ON l.id = cl.lot_id""")
read_table("recall_case_shipment", 4, """SELECT c.code AS case_code, cs.ref, l.code AS lot, cu.ref AS customer,
    cs.shipped_on, cs.quantity, cs.reference_doc, cs.added_seq
    FROM recall_case_shipment cs JOIN recall_case c ON c.id = cs.case_id JOIN lot l ON l.id = cs.lot_id
    JOIN customer cu ON cu.id = cs.customer_id""")
read_table("recall_action", 4, """SELECT c.code AS case_code, a.seq, a.action, l.code AS lot, cu.ref AS customer,
    s.code AS site, a.quantity, a.how, a.notified_at, a.notified_by, a.note
    FROM recall_action a JOIN recall_case c ON c.id = a.case_id LEFT JOIN lot l ON l.id = a.lot_id
    LEFT JOIN customer cu ON cu.id = a.customer_id LEFT JOIN site s ON s.id = a.site_id""")


@projector(EventKind.NOTICE_TEMPLATE_SET)
def template_set(payload: Mapping[str, Any], seq: int) -> None:
    NoticeTemplate.objects.all().delete()
    NoticeTemplate.objects.create(text=payload["text"], business=payload["business"], contact=payload["contact"],
                                  set_seq=seq)


read_table("recall_notice_template", 1, "SELECT text, business, contact, set_seq FROM recall_notice_template")

"""Reading cases: the list, one case with everything about it, and what changed since its scope froze.

The scope is read from the frozen tables in the shapes of a trace (trace.queries: TraceLot,
TraceCustomer), with each lot's units on hand now; the pages, the PDF, the drills and the API read
these answers (answers.py), never the tables.
"""

from __future__ import annotations

import json
from collections import defaultdict
from decimal import Decimal

from django.db import connection
from django.db.models import Count, Max, Q

from lotline.catalog.places import one_line
from lotline.errors import ErrorCode, LotlineError
from lotline.ledger.kinds import EventKind
from lotline.ledger.models import Event
from lotline.lots.models import LotStatus
from lotline.lots.payloads import day, decimal
from lotline.trace import graph
from lotline.trace.queries import LotOnHand, TraceCustomer, TraceLot, TraceShipment
from lotline.trace.sql import nodes_sql

from .answers import (
    CaseAction,
    CaseDetails,
    CaseSummary,
    CustomerChecklist,
    Notice,
    Received,
    ScopeChange,
    ScopeEntry,
    SiteChecklist,
    SiteLot,
    action_view,
    local_time,
    trigger_said,
)
from .balance import LotBalance, mass_balance
from .models import Action, Case, CaseKind, CaseLot, CaseShipment, CaseStatus, Role
from .projections import ACTIONS
from .scope import CaseTrigger, Scope, scope_of


def find_case(text: str, *, field: str = "case") -> Case:
    """The case or drill with this id (R-1, d-2: in any case)."""
    code = "".join(text.split()).upper()
    case = Case.objects.filter(code=code).first() if code else None
    if case is None:
        raise LotlineError(ErrorCode.UNKNOWN_CASE, f"no recall case or drill {text.strip()!r} (ids look like R-1 "
                           "or D-1)", field=field)
    return case


def trigger_of(case: Case) -> CaseTrigger:
    trigger: CaseTrigger = json.loads(case.trigger)
    return trigger


def list_cases(*, kind: CaseKind | str | None = None, status: CaseStatus | str | None = None) -> list[CaseSummary]:
    """Cases and drills, newest first (a kind or status narrows it)."""
    cases = Case.objects.all()
    if kind:
        cases = cases.filter(kind=kind)
    if status:
        cases = cases.filter(status=status)
    cases = cases.annotate(
        n_lots=Count("scope", filter=~Q(scope__role=Role.NOT_AFFECTED), distinct=True),
        n_customers=Count("shipments__customer", distinct=True),
        last_seq=Max("actions__seq")).order_by("-opened_seq")
    rows = list(cases)
    events = {e.seq: e for e in Event.objects.filter(seq__in={c.opened_seq for c in rows} | {c.last_seq for c in rows})
              .only("seq", "recorded_at", "actor")}
    return [CaseSummary(id=c.code, kind=c.kind, title=c.title, status=c.status, trigger=trigger_said(trigger_of(c)),
                        opened_at=local_time(events[c.opened_seq].recorded_at), opened_by=events[c.opened_seq].actor,
                        lots=c.n_lots, customers=c.n_customers,
                        last_action_at=local_time(events[c.last_seq].recorded_at)) for c in rows]


def timeline(case: Case) -> list[CaseAction]:
    """Every action of a case, oldest first, from its events (who and when are theirs)."""
    events = Event.objects.filter(seq__in=case.actions.values("seq")).order_by("seq") \
        .values_list("seq", "kind", "recorded_at", "actor", "payload")
    return [action_view(seq, ACTIONS[EventKind(kind)], at, actor, json.loads(payload))
            for seq, kind, at, actor, payload in events]


def _scope_lots(case: Case) -> tuple[dict[str, TraceLot], dict[str, CaseLot]]:
    """The frozen scope's lots with their details now (code -> lot), and their scope rows."""
    rows = {row.lot.code: row for row in CaseLot.objects.filter(case=case).select_related("lot")}
    seed = "SELECT lot_id FROM recall_case_lot WHERE case_id = %s"
    lots = {lot["code"]: lot for lot in graph.run(nodes_sql(seed), [case.pk]).lots.values()}
    return lots, rows


def _shipments(case: Case) -> tuple[list[TraceCustomer], list[TraceShipment]]:
    """Who received units of the scope, as frozen: each customer once, with contacts as they are now."""
    sql = """SELECT cs.ref, l.code, it.code, CAST(cs.shipped_on AS TEXT), cs.quantity, l.unit, cs.reference_doc,
            c.ref, c.name, c.kind, c.contact, c.address, c.city, c.state, c.zip_code
        FROM recall_case_shipment cs JOIN lot l ON l.id = cs.lot_id JOIN item it ON it.id = l.item_id
        JOIN customer c ON c.id = cs.customer_id
        WHERE cs.case_id = %s ORDER BY cs.shipped_on, cs.ref"""
    with connection.cursor() as cur:
        cur.execute(sql, [case.pk])
        rows = cur.fetchall()
    customers: dict[str, TraceCustomer] = {}
    shipments: list[TraceShipment] = []
    for ref, lot, item, shipped_on, qty, unit, doc, c_ref, name, kind, contact, *place in rows:
        address = one_line(*place)
        shipment: TraceShipment = {"ref": ref, "lot": lot, "item": item, "shipped_on": day(shipped_on) or "",
                                   "quantity": decimal(qty), "unit": unit, "reference_doc": doc, "customer": c_ref}
        customers.setdefault(c_ref, {"id": c_ref, "name": name, "kind": kind, "contact": contact,
                                     "address": address, "shipments": []})["shipments"].append(shipment)
        shipments.append(shipment)
    return sorted(customers.values(), key=lambda c: c["id"]), shipments


def case_details(text: str) -> CaseDetails:
    """Everything about one case (its id, in any case): scope, timeline, mass balance, checklists."""
    case = find_case(text)
    lots, rows = _scope_lots(case)
    balance = mass_balance(case.pk)
    by_code = {b["code"]: b for b in balance["lots"]}
    affected, unaffected = [], []
    for code, row in sorted(rows.items(), key=lambda kv: (kv[1].depth or 0, kv[0])):
        lot = lots[code].copy()
        if row.role == Role.NOT_AFFECTED:
            unaffected.append(lot)
            continue
        lot["depth"], lot["on_hand"] = row.depth or 0, by_code[code]["on_hand"]
        affected.append(lot)
    unaffected.sort(key=lambda lot: (lot["item"], lot["date"], lot["code"]))
    customers, _shipments_list = _shipments(case)
    actions = timeline(case)
    opened = actions[0]
    trigger = trigger_of(case)
    return CaseDetails(
        id=case.code, kind=case.kind, title=case.title, status=case.status, trigger=trigger,
        trigger_said=trigger_said(trigger), opened_at=opened["at"], opened_by=opened["actor"],
        opened_event=case.opened_seq,
        lots=[lot for lot in affected if lot["kind"] == "received"],
        batches=[lot for lot in affected if lot["kind"] == "batch"], customers=customers,
        on_hand=[LotOnHand(code=lot["code"], on_hand=lot["on_hand"], unit=lot["unit"], status=lot["status"])
                 for lot in sorted(affected, key=lambda x: x["code"])
                 if lot["on_hand"] > 0 and lot["status"] != LotStatus.FAILED],
        not_affected=unaffected, not_affected_total=case.not_affected_total,
        compared_from=day(case.compared_from), compared_until=day(case.compared_until),
        actions=actions, mass_balance=balance["lots"], accounted_percent=balance["accounted_percent"],
        sites=site_checklists(balance["lots"], actions), notifications=notifications(customers, lots, actions))


def site_checklists(balance: list[LotBalance], actions: list[CaseAction]) -> list[SiteChecklist]:
    """Per site: its lots of the scope with units on hand (or counted), what is held and counted, and
    whether the site confirmed (its last confirmation)."""
    confirmed = {a["site"]: a for a in actions if a["action"] == Action.SITE_CONFIRMED}
    by_site: dict[str, list[LotBalance]] = defaultdict(list)
    names: dict[str, str] = {}
    for b in balance:
        names[b["site"]] = b["site_name"]
        if b["on_hand"] > 0 or b["counted"] is not None:
            by_site[b["site"]].append(b)
    out = []
    for site in sorted(set(by_site) | {s for s in confirmed if s in names}):
        lots = sorted(by_site.get(site, []), key=lambda b: b["code"])
        done = confirmed.get(site)
        out.append(SiteChecklist(
            site=site, site_name=names[site],
            lots=[SiteLot(code=b["code"], item=b["item"], item_name=b["item_name"], on_hand=b["on_hand"],
                          unit=b["unit"], status=b["status"], counted=b["counted"]) for b in lots],
            to_hold=sum(1 for b in lots if b["on_hand"] > 0 and b["status"] == LotStatus.ACTIVE),
            held=sum(1 for b in lots if b["status"] == LotStatus.ON_HOLD),
            counted=sum(1 for b in lots if b["counted"] is not None), confirmed=done is not None,
            confirmed_at=done["at"] if done else None, confirmed_by=done["actor"] if done else None,
            note=done["note"] if done else ""))
    return out


def notifications(customers: list[TraceCustomer], lots: dict[str, TraceLot],
                  actions: list[CaseAction]) -> list[CustomerChecklist]:
    """The notification list: each customer who received units of the scope, with contacts, what they
    received per lot (and returned), and each time they were told."""
    returned: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    notices: dict[str, list[Notice]] = defaultdict(list)
    for a in actions:
        if a["action"] == Action.UNITS_RETURNED and a["customer"] and a["lot"] and a["quantity"] is not None:
            returned[a["customer"], a["lot"]] += a["quantity"]
        elif a["action"] == Action.CUSTOMER_NOTIFIED and a["customer"]:
            notices[a["customer"]].append(Notice(event=a["event"], how=a["how"] or "", notified_at=a["notified_at"]
                                                 or a["at"], by=a["by"] or a["actor"], note=a["note"]))
    out = []
    for c in customers:
        got: dict[str, Decimal] = defaultdict(Decimal)
        for s in c["shipments"]:
            got[s["lot"]] += s["quantity"]
        received = [Received(lot=code, item=lots[code]["item"], item_name=lots[code]["item_name"], quantity=qty,
                             unit=lots[code]["unit"], returned=returned[c["id"], code])
                    for code, qty in sorted(got.items())]
        out.append(CustomerChecklist(customer=c["id"], name=c["name"], kind=c["kind"], contact=c["contact"],
                                     address=c["address"], received=received, notified=bool(notices[c["id"]]),
                                     notices=notices[c["id"]]))
    return out


def received_by(case: Case, lot_id: int, customer_id: int) -> Decimal:
    """What a customer received of a lot, as the case's scope holds it."""
    rows = CaseShipment.objects.filter(case=case, lot_id=lot_id, customer_id=customer_id).values_list("quantity",
                                                                                                      flat=True)
    return sum((decimal(q) for q in rows), Decimal(0))


# --- recompute: the trace now against the frozen scope -------------------------------------------------


def _entry(lot: TraceLot, role: str | None, was: str | None, depth: int | None) -> ScopeEntry:
    return ScopeEntry(code=lot["code"], kind=lot["kind"], item=lot["item"], item_name=lot["item_name"],
                      site=lot["site"], date=lot["date"], role=role, was=was, depth=depth)


def scope_change(case: Case) -> tuple[ScopeChange, Scope]:
    """What the trace answers now that the frozen scope does not hold, and the fresh scope."""
    fresh = scope_of(trigger_of(case))
    lots, rows = _scope_lots(case)
    frozen = {code: row.role for code, row in rows.items()}
    now: dict[str, tuple[TraceLot, str, int | None]] = {
        lot["code"]: (lot, fresh.role_of(lot["code"]), lot.get("depth", 0)) for lot in fresh.affected()}
    for lot in fresh.not_affected:
        now.setdefault(lot["code"], (lot, Role.NOT_AFFECTED, None))
    added = [_entry(lot, role, frozen.get(code), depth) for code, (lot, role, depth) in sorted(now.items())
             if frozen.get(code) != role and not (role == Role.NOT_AFFECTED and code in frozen)]
    gone = [_entry(lots[code], None, role, rows[code].depth) for code, role in sorted(frozen.items())
            if code not in now and role != Role.NOT_AFFECTED]
    refs = set(CaseShipment.objects.filter(case=case).values_list("ref", flat=True))
    fresh_shipments = fresh.trace.get("shipments", [])
    live = {s["ref"] for s in fresh_shipments}
    change = ScopeChange(id=case.code, lots_added=added, lots_gone=gone,
                         shipments_added=[s for s in fresh_shipments if s["ref"] not in refs],
                         shipments_gone=sorted(refs - live), not_affected_total=fresh.not_affected_total,
                         unchanged=False, event_seq=None)
    change["unchanged"] = not (added or gone or change["shipments_added"] or change["shipments_gone"])
    return change, fresh


def recompute(text: str) -> ScopeChange:
    """What changed since the case's scope froze (a shipment recorded late, a batch found to use a
    lot): a read; `services.add_to_scope` adds it on request."""
    change, _fresh = scope_change(find_case(text))
    return change


def held_by(case: Case) -> list[str]:
    """The lots this case's holds placed, in order (from its case.holds_placed events)."""
    seqs = case.actions.filter(action=Action.HOLDS_PLACED).values("seq")
    held: dict[str, None] = {}
    for payload in Event.objects.filter(seq__in=seqs).order_by("seq").values_list("payload", flat=True):
        held |= dict.fromkeys(json.loads(payload)["held"])
    return list(held)

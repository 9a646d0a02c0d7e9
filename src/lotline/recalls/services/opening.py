"""Opening a case (or a drill) from a supplier's notice, our lot codes or a complaint, and adding to
its scope what a recompute found."""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Sequence
from typing import Any

from django.db.models import Max

from lotline.catalog.queries import find_item, find_supplier
from lotline.errors import ErrorCode, LotlineError
from lotline.ledger.kinds import EventKind
from lotline.ledger.log import record, writing
from lotline.lots.payloads import table
from lotline.lots.queries import find_lot, lookup_one

from ..answers import CaseDetails, ScopeChange
from ..models import PREFIXES, Action, Case, CaseKind
from ..queries import case_details, scope_change
from ..scope import SCOPE_COLUMNS, SHIPMENT_COLUMNS, CaseTrigger, Scope, scope_of
from .common import case_to_change, person_acting, record_action, text


def _kind(kind: CaseKind | str) -> CaseKind:
    try:
        return CaseKind(kind)
    except ValueError:
        raise LotlineError(ErrorCode.BAD_CHOICE, f"{kind!r} is not a kind of case: recall or drill",
                           field="kind") from None


def _supplier_trigger(supplier: str, item: str | None, first: dt.date | None, last: dt.date | None) -> CaseTrigger:
    if first is None or last is None:
        field = "from" if first is None else "to"
        raise LotlineError(ErrorCode.MISSING, "a supplier's notice names the receiving dates it covers: give the "
                           "first and the last", field=field)
    if last < first:
        raise LotlineError(ErrorCode.IMPOSSIBLE_DATE, f"the window ends ({last}) before it starts ({first})",
                           field="to")
    the_supplier = find_supplier(supplier)
    the_item = find_item(item) if item else None
    trigger: CaseTrigger = {"by": "supplier", "supplier": the_supplier.ref, "supplier_name": the_supplier.name,
                            "item": the_item.code if the_item else None, "from": first.isoformat(),
                            "to": last.isoformat()}
    return trigger


def _lot_codes(codes: Sequence[str]) -> list[str]:
    """Our lot codes for the codes a person holds (a lot code in any case, a supplier's lot code, a
    unit serial: lots.queries.lookup_one); unknown or ambiguous ones are refused, naming the lot."""
    found = []
    for code in codes:
        if not code.strip():
            continue
        match = lookup_one(code, field="lot")
        if match is None:
            raise LotlineError(ErrorCode.UNKNOWN_LOT, f"unknown lot {code!r}: no lot, batch, supplier lot or unit "
                               "serial has that code", field="lot")
        found.append(match.code)
    if not found:
        raise LotlineError(ErrorCode.MISSING, "name at least one lot code", field="lot")
    return list(dict.fromkeys(found))


def _complaint_trigger(ref: str) -> CaseTrigger:
    """The lot a complaint points at (complaints.queries.complaint, read when asked: the app is optional here)."""
    try:
        complaints = importlib.import_module("lotline.complaints.queries")
    except ImportError:
        raise LotlineError(ErrorCode.BAD_INPUT, "this Lotline keeps no complaints", field="complaint") from None
    view = complaints.complaint(ref)
    if not view.get("lot"):
        raise LotlineError(ErrorCode.COMPLAINT_HAS_NO_LOT, f"complaint {view['id']} points at no lot yet: pick its "
                           "lot first", field="complaint")
    return {"by": "complaint", "complaint": view["id"], "lots": [find_lot(view["lot"], field="complaint").code]}


def _trigger(supplier: str | None, item: str | None, first: dt.date | None, last: dt.date | None,
             lots: Sequence[str], complaint: str | None) -> CaseTrigger:
    starts = [name for name, given in (("supplier", supplier), ("lot", any(c.strip() for c in lots)),
                                       ("complaint", complaint)) if given]
    if not starts:
        raise LotlineError(ErrorCode.MISSING, "open a case on a supplier's notice (supplier, from, to), on lot codes "
                           "or on a complaint", field="supplier")
    if len(starts) > 1:
        raise LotlineError(ErrorCode.BAD_INPUT, f"a case starts from one of a supplier's notice, lot codes or a "
                           f"complaint, not {' and '.join(starts)}", field=starts[1])
    if item and not supplier:
        raise LotlineError(ErrorCode.BAD_INPUT, "an item narrows a supplier's notice: name the supplier too",
                           field="item")
    if supplier:
        return _supplier_trigger(supplier, item, first, last)
    if complaint:
        return _complaint_trigger(complaint)
    return {"by": "lots", "lots": _lot_codes(lots)}


def _title(trigger: CaseTrigger, kind: CaseKind) -> str:
    what = "Drill" if kind == CaseKind.DRILL else "Recall"
    if trigger["by"] == "supplier":
        item = trigger.get("item") or "every item"
        return f"{what}: {trigger.get('supplier_name')}, {item} received {trigger.get('from')} to {trigger.get('to')}"
    lots = trigger.get("lots", [])
    named = ", ".join(lots[:3]) + (f" and {len(lots) - 3} more" if len(lots) > 3 else "")
    if trigger["by"] == "complaint":
        return f"{what}: complaint {trigger.get('complaint')} on {named}"
    return f"{what}: {named}"


def _next_code(kind: CaseKind) -> str:
    """The next id of its kind (inside writing(), which serialises writers: no two cases take one)."""
    last = Case.objects.filter(kind=kind).aggregate(n=Max("number"))["n"] or 0
    return f"{PREFIXES[kind]}-{last + 1}"


def _scope_payload(scope: Scope) -> dict[str, Any]:
    return {"scope": table(SCOPE_COLUMNS, scope.lot_rows()), "shipments": table(SHIPMENT_COLUMNS,
                                                                                scope.shipment_rows()),
            "not_affected_total": scope.not_affected_total}


def open_case(*, supplier: str | None = None, item: str | None = None, first: dt.date | None = None,
              last: dt.date | None = None, lots: Sequence[str] = (), complaint: str | None = None, title: str = "",
              kind: CaseKind | str = CaseKind.RECALL, actor: str) -> CaseDetails:
    """Open a recall case (or a drill, kind "drill") on one start: a supplier's notice (supplier, item,
    receiving dates), our lot codes, or a complaint's lot. The trace engine's answer is frozen as its
    scope, in the case.opened event; the answer is the case as `case_details` reads it."""
    person_acting(actor)
    the_kind = _kind(kind)
    title = text(title, "title", limit="title")
    with writing():
        trigger = _trigger(supplier, item, first, last, lots, complaint)
        scope = scope_of(trigger)
        code = _next_code(the_kind)
        payload = {"case": code, "kind": the_kind.value, "title": title or _title(trigger, the_kind)[:200],
                   "trigger": trigger, **_scope_payload(scope),
                   "compared": {"from": scope.compared_from, "until": scope.compared_until}}
        record(EventKind.CASE_OPENED, payload, actor=actor, subject=code)
        return case_details(code)


def add_to_scope(case_id: str, *, actor: str) -> ScopeChange:
    """Add what a recompute finds (lots and shipments the frozen scope lacks, a batch's new role) to the
    case, in one case.scope_added event. Nothing found: nothing recorded (event_seq None)."""
    person_acting(actor)
    with writing():
        case = case_to_change(case_id, Action.SCOPE_ADDED)
        change, fresh = scope_change(case)
        if not (change["lots_added"] or change["shipments_added"]):
            return change
        rows = [[e["code"], e["role"], e["depth"]] for e in change["lots_added"]]
        ships = [[s["ref"], s["lot"], s["customer"], s["shipped_on"], s["quantity"], s["reference_doc"]]
                 for s in change["shipments_added"]]
        done = record_action(case, Action.SCOPE_ADDED, {
            "scope": table(SCOPE_COLUMNS, rows), "shipments": table(SHIPMENT_COLUMNS, ships),
            "not_affected_total": fresh.not_affected_total}, actor=actor)
    return ScopeChange(**{**change, "event_seq": done["action"]["event"]})

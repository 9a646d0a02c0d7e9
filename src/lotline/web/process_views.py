"""Process records on the web: the product's fields on the batch screen (with the unit, the target and
a warning for a value outside it), "make it like batch X", a batch's values on its lot page (a
correction is a new event), and the owner's page of a product's fields.

The checks are the process verbs' (lotline.process): these views parse, call and render.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import escape

from lotline.accounts.rights import Right, can, require
from lotline.catalog.models import Item, ItemKind
from lotline.errors import ErrorCode, LotlineError, Problem
from lotline.lots.stock import open_lots
from lotline.process.fields import FieldIn, set_fields
from lotline.process.models import LENGTHS, FieldKind
from lotline.process.numbers import read_number
from lotline.process.prefill import Prefill, like_batch
from lotline.process.queries import FieldOut, Reading, fields_of, history_of, in_target, target_text, values_of
from lotline.process.services import record_values
from lotline.quantities import exact, said, shown

from .access import needs
from .once import new_token, submit_once

PREFIX = "process_"  # a process field's input on the batch screen and the lot page: process_peak_temp
EXTRA_FIELDS = 2  # blank rows on the fields page, for new fields


@dataclass
class ProcessRow:
    """A process field as a form shows it: the value as typed, its target, and what is wrong or outside."""

    product: str
    code: str
    label: str
    kind: str
    unit: str
    target: str
    value: str = ""
    like: str = ""  # batch X's value, shown as the target to make again
    warning: str = ""
    errors: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return f"{PREFIX}{self.code}"

    @property
    def anchor(self) -> str:
        return f"process-{self.code}"


def warning(f: FieldOut | Reading, typed: str) -> str:
    """Words for a number outside its target ("above the target 103 to 105 °C"), or ""."""
    low, high = f.target_min, f.target_max
    try:
        value = read_number(typed, field="") if typed.strip() else None
    except LotlineError:
        return ""
    if in_target(value, low, high) is not False or value is None:
        return ""
    side = "below" if low is not None and value < low else "above"
    return f"{side} the target {target_text(low, high, f.unit)}: recorded as measured, check it"


def _shown(r: Reading) -> str:
    return r.text if r.value is None else f"{shown(r.value)}{' ' + r.unit if r.unit else ''}"


def process_rows(product: str, posted: Mapping[str, Any], like: Mapping[str, Reading] | None = None,
                 current: Mapping[str, Reading] | None = None, *, made_on: dt.date | None = None) -> list[ProcessRow]:
    """The product's fields still asked for (and, for a batch made on `made_on`, those retired since, or
    with a value) with what was typed, else the current value."""
    rows = []
    for f in fields_of(product) if product else []:
        now = (current or {}).get(f.code)
        if f.retired_on and not now and (made_on is None or made_on > f.retired_on):
            continue
        typed = posted.get(f"{PREFIX}{f.code}")
        value = typed if typed is not None else (exact(now.value) if now and now.value is not None
                                                 else now.text if now else "")
        earlier = (like or {}).get(f.code)
        target = target_text(f.target_min, f.target_max, f.unit)
        rows.append(ProcessRow(product, f.code, f.label, f.kind, f.unit, target, str(value),
                               _shown(earlier) if earlier else "", warning(f, str(value))))
    return rows


def typed_values(rows: list[ProcessRow]) -> dict[str, str]:
    return {row.code: row.value for row in rows}


def place_problems(rows: list[ProcessRow], error: LotlineError) -> list[Problem]:
    """Put each problem naming a process field on its row; the others are given back."""
    by_code = {row.code.upper(): row for row in rows}
    rest = []
    for problem in error.problems:
        row = by_code.get(problem.field.upper())
        if row is None:
            rest.append(problem)
        else:
            row.errors.append(problem.message.removeprefix(f"{row.label}: "))
    return rest


def row_problems(rows: list[ProcessRow]) -> list[tuple[str, str]]:
    """(message, anchor) of each row's problems, for the error summary at the top of the page."""
    return [(f"{row.label}: {e}", row.anchor) for row in rows for e in row.errors]


# --- make it like batch X --------------------------------------------------------------------


def like_targets(like: str, product: str) -> dict[str, Reading]:
    """Batch X's values, when X is of the product on the screen (else none)."""
    if not like or not product or _product_of(like) != product:
        return {}
    return values_of([like]).get(like, {})


def _product_of(code: str) -> str:
    from lotline.lots.queries import find_lots

    lot = find_lots([code]).get(code)
    return lot.item.code if lot else ""


def prefilled(code: str, site: str | None) -> Prefill | None:
    """The pre-fill of a new batch like `code`, or None when there is no such batch."""
    try:
        return like_batch(code, site=site or None)
    except LotlineError as error:
        if error.code in (ErrorCode.UNKNOWN_LOT, ErrorCode.NOT_A_BATCH):
            return None
        raise


def like_initial(prefill: Prefill) -> dict[str, Any]:
    return {"product": prefill.product, "quantity_produced": exact(prefill.quantity_produced), "site": prefill.site,
            "equipment": prefill.equipment, "made_by": prefill.made_by}


def like_sections(prefill: Prefill, section: type, row: type, on: Any, listed: int) -> list[Any]:
    """The batch screen's ingredient sections from the pre-fill: one per item, its lots taken the
    same supplier's first (web.batches.Section and Row, passed in to keep one definition)."""
    sections: dict[str, Any] = {}
    for got in prefill.inputs:
        s = sections.get(got.item)
        who = got.supplier_name or "earlier batches"
        if s is None:
            s = sections[got.item] = section(got.item, f"{got.item_name}", said(got.quantity, got.unit),
                                             lots=open_lots(got.item, site=prefill.site, on=on, limit=listed))
            s.like = []
        s.like.append(f"{said(got.quantity, got.unit)} from {who} (as {', '.join(got.used)})"
                      + (", some from another supplier now" if got.other_supplier else ""))
        s.rows += [row(got.item, line.lot, exact(line.quantity), line.unit) for line in got.lots]
        if got.short:
            s.short = said(got.short, got.unit)
            s.rows.append(row(got.item, quantity=exact(got.short), unit=got.unit))
    return list(sections.values())


@needs(Right.RECORD)
def process_warning(request: HttpRequest) -> HttpResponse:
    """The warning of one typed value (htmx, as the person leaves the field): outside its target or nothing."""
    code = request.GET.get("field", "")
    f = next((f for f in fields_of(request.GET.get("product", "")) if f.code == code), None)
    text = warning(f, request.GET.get(f"{PREFIX}{code}", "")) if f and f.kind == FieldKind.NUMBER else ""
    return HttpResponse(escape(text[:1].upper() + text[1:]))


# --- a batch's values on its lot page --------------------------------------------------------


def lot_context(lot: Mapping[str, Any], may_record: bool) -> dict[str, Any]:
    """What the lot page shows of a batch's process values: the current ones, the history, the form."""
    if lot["kind"] != "batch":
        return {}
    current = values_of([lot["code"]])[lot["code"]]
    rows = process_rows(lot["item"], {}, current=current,
                        made_on=dt.date.fromisoformat(str(lot["date"]))) if may_record else []
    shown = [{"label": r.label, "shown": _shown(r), "target": target_text(r.target_min, r.target_max, r.unit),
              "outside": r.in_target is False} for r in current.values()]
    earlier = [{"label": h.reading.label, "shown": _shown(h.reading), "recorded_seq": h.recorded_seq,
                "superseded_seq": h.superseded_seq} for h in history_of(lot["code"]) if h.superseded_seq]
    return {"process_values": shown, "process_history": earlier,
            "process_rows": rows, "process_reason_limit": LENGTHS["reason"],
            "may_like": may_record}


@needs(Right.RECORD)
def lot_process(request: HttpRequest, code: str) -> HttpResponse:
    """Record or correct a batch's process values (a new event; the earlier values stay in history)."""
    from .lot_views import _page

    if request.method != "POST":
        return _page(request, code)
    from lotline.lots.queries import find_lots

    lot = find_lots([code]).get(code)
    if lot is None:
        raise Http404(f"no batch {code}")
    current = values_of([lot.code])[lot.code]
    rows = process_rows(lot.item.code, request.POST, current=current, made_on=lot.lot_date)
    reason = request.POST.get("reason", "")

    def write() -> str:
        done = record_values(code, typed_values(rows), reason=reason, actor=request.user.get_username())
        outside = ", ".join(f"{r.label} {_shown(r)}" for r in done.outside_target)
        if not done.event_seq:
            messages.info(request, "Nothing changed: no process value was recorded.")
        else:
            messages.success(request, f"Process values of {done.batch} recorded (event #{done.event_seq})."
                             + (f" Outside target: {outside}." if outside else ""))
        return reverse("lot", args=[done.batch]) + "#process"

    try:
        return submit_once(request, write)
    except LotlineError as error:
        if error.code == ErrorCode.FORBIDDEN:
            raise
        rest = place_problems(rows, error)
        errors = [(p.message, "process-reason" if p.field == "reason" else "") for p in rest]
        return _page(request, code, bound={"process_rows": rows, "process_reason": reason,
                                            "error_lines": row_problems(rows) + errors}, status=error.status)


# --- the owner's page of a product's fields ---------------------------------------------------


@dataclass
class FieldRow:
    n: int
    code: str = ""
    label: str = ""
    kind: str = FieldKind.NUMBER
    unit: str = ""
    target_min: str = ""
    target_max: str = ""
    retired: bool = False
    errors: list[str] = field(default_factory=list)

    @property
    def blank(self) -> bool:
        return not (self.code or self.label or self.unit or self.target_min or self.target_max)


def _posted_field(post: Any, n: int) -> FieldRow:
    def value(name: str) -> str:
        return str(post.get(f"{name}_{n}", "")).strip()

    return FieldRow(n, value("code"), value("label"), value("kind"), value("unit"), value("target_min"),
                    value("target_max"), bool(post.get(f"retired_{n}")))


def _number_text(value: Decimal | None) -> str:
    return "" if value is None else exact(value)


@needs(Right.READ)
def fields_page(request: HttpRequest, code: str) -> HttpResponse:
    product = Item.objects.filter(code=code, kind=ItemKind.PRODUCT).first()
    if product is None:
        raise Http404(f"no product {code}")
    managing = can(request.user, Right.MANAGE)
    context: dict[str, Any] = {"product": product, "managing": managing, "kinds": FieldKind.values,
                               "lengths": LENGTHS}
    template = "web/process/fields.html"
    if request.method != "POST":
        rows = [FieldRow(n, f.code, f.label, f.kind, f.unit, _number_text(f.target_min), _number_text(f.target_max),
                         f.retired_on is not None) for n, f in enumerate(fields_of(code), 1)]
        rows += [FieldRow(len(rows) + i) for i in range(1, EXTRA_FIELDS + 1)]
        return render(request, template, context | {"rows": rows, "once": new_token()})
    require(request.user, Right.MANAGE)
    count = request.POST.get("rows", "")
    rows = [_posted_field(request.POST, n) for n in range(1, min(int(count), 200) + 1 if count.isdigit() else 1)]
    used = [row for row in rows if not row.blank]

    def write() -> str:
        set_fields(code, [FieldIn(r.code, r.label, r.kind or FieldKind.NUMBER, r.unit, r.target_min, r.target_max,
                                  r.retired) for r in used], actor=request.user.get_username())
        messages.success(request, f"Process fields of {code} saved.")
        return reverse("process_fields", args=[code])

    try:
        return submit_once(request, write)
    except LotlineError as error:
        top = []
        for problem in error.problems:
            n = problem.row or 0
            if 1 <= n <= len(used):
                used[n - 1].errors.append(f"{problem.field.replace('_', ' ')}: {problem.message}")
            else:
                top.append(problem.message)
        lines = [(f"Field {r.n}: {e}", f"code_{r.n}") for r in used for e in r.errors] + [(t, "") for t in top]
        return render(request, template, context | {"rows": rows, "once": new_token(), "error_lines": lines},
                      status=error.status)

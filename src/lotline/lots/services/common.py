"""What the lot verbs share: finding records by code, and turning findings into one error."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from lotline.accounts.rights import Right, Who, require
from lotline.catalog.models import Item, Site
from lotline.days import day_problem
from lotline.errors import ErrorCode, LotlineError, NeedsConfirmation, Problem
from lotline.lengths import too_long
from lotline.lots.lengths import LENGTHS
from lotline.lots.models import Lot
from lotline.lots.queries import find_lot, find_lots
from lotline.lots.stage import Source
from lotline.lots.stage.rules import Findings
from lotline.quantities import problem as quantity_problem


@dataclass(frozen=True)
class Recorded:
    """What a verb recorded: the code to write on the label (or shipment ref), and its event."""

    code: str
    event_seq: int


def settle(warnings: Sequence[Problem], confirmed: Collection[str]) -> dict[str, Any]:
    """What the event keeps of the warnings: each one, as confirmed (so an auditor sees that a
    person chose to record it anyway, and who: the event's actor). NeedsConfirmation, and nothing
    recorded, while one of them is not confirmed by its code."""
    if not warnings:
        return {}
    if [w for w in warnings if w.code not in confirmed]:
        raise NeedsConfirmation(list(warnings))
    return {"confirmed": [confirmation(w) for w in warnings]}


def confirmation(warning: Problem) -> dict[str, str]:
    """A confirmed warning as the event stores it."""
    return {"code": warning.code, "message": warning.message, "where": warning.where}


def get_item(code: str) -> Item:
    item = Item.objects.filter(code=code).first()
    if item is None:
        raise LotlineError(ErrorCode.UNKNOWN_ITEM, f"unknown item {code!r}", field="item")
    return item


def get_site(code: str | None) -> Site:
    """The named site, or the only one when the business has a single kitchen."""
    if code:
        site = Site.objects.filter(code=code).first()
        if site is None:
            raise LotlineError(ErrorCode.UNKNOWN_SITE, f"unknown site {code!r}", field="site")
        return site
    sites = list(Site.objects.all()[:2])
    if len(sites) != 1:
        raise LotlineError(ErrorCode.MISSING, "choose a site: there are several" if sites else "add a site first",
                           field="site")
    return sites[0]


def get_lot(code: str, *, field: str = "lot") -> Lot:
    """The lot a verb changes: our code, typed in any case (the one rule, lots.queries.find_lot)."""
    return find_lot(code, field=field)


# --- the guard of the lot verbs: recording happens at a site (accounts.rights says who may) ----


def site_to_record(actor: Who, code: str | None) -> Site:
    """The site of a receipt or batch: the one named, else the person's only site, else the
    business's only one; Forbidden unless the person may record there."""
    person = require(actor, Right.RECORD)
    if not code and person.sites and len(person.sites) == 1:
        code = next(iter(person.sites))
    site = get_site(code)
    require(person, Right.RECORD, site=site.code)
    return site


def lot_to_change(actor: Who, code: str, *, field: str = "lot") -> Lot:
    """The lot a verb changes (hold, discard, correct, add inputs): unknown_lot, or Forbidden unless
    the person may record at its site."""
    person = require(actor, Right.RECORD)
    lot = get_lot(code, field=field)
    require(person, Right.RECORD, site=lot.site.code)
    return lot


def require_lot_sites(actor: Who, codes: Iterable[str]) -> None:
    """Shipping or holding units of lots is recording at each lot's site. Unknown codes are left for
    the verb to name."""
    person = require(actor, Right.RECORD)
    if person.sites is None:
        return
    # the lot each code names in any case, as the verb will find it
    for site in sorted({lot.site.code for lot in find_lots(codes).values()}):
        require(person, Right.RECORD, site=site)


def reason_given(reason: str) -> str:
    """Why, as the log keeps it: required, and no longer than a hold's or a discard's reason holds."""
    if not reason.strip():
        raise LotlineError(ErrorCode.MISSING, "say why (a reason is kept in the log)", field="reason")
    if why := too_long(reason.strip(), LENGTHS["reason"]):
        raise LotlineError(ErrorCode.TOO_LONG, why, field="reason")
    return reason.strip()


def raise_problems(findings: Findings, what: str) -> None:
    if not findings.problems:
        return
    first = findings.problems[0]
    raise LotlineError(first.code, f"{what}: {first.message}", field=first.field, problems=findings.problems)


def refuse_existing(findings: Findings, what: str, code: str) -> None:
    """An import skips a row that is already recorded; a form must not record it twice."""
    table = {"lot": "lots", "shipment": "shipments"}[what]
    if findings.skipped.get(table):
        findings.problems.append(Problem(ErrorCode.DUPLICATE_CODE, f"{what} {code} is already recorded", "code"))


def form(columns: Mapping[str, str], row_label: str = "") -> Source:
    """A staging source for a form or command: problems name its fields, not file columns."""
    return Source(name="", columns={**FORM_FIELDS, **columns}, row_label=row_label)


# Staging columns every form calls by the verbs' own argument names
FORM_FIELDS = {"ref_type": "reference_doc_type", "ref_doc": "reference_doc"}


def check_quantity(value: Decimal, field: str = "quantity", *, zero_ok: bool = False) -> Decimal:
    """The quantity, or a LotlineError naming `field` (lotline.quantities: range and places)."""
    found = quantity_problem(value, zero_ok=zero_ok)
    if found:
        raise LotlineError(*found, field=field)
    return value


def check_day(day: dt.date, field: str) -> dt.date:
    """A date of something that happened, or a LotlineError naming `field` (lotline.days)."""
    found = day_problem(day)
    if found:
        raise LotlineError(*found, field=field)
    return day

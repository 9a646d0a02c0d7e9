"""The case's checklist and record: a site confirming, a customer told, notes, closing and reopening."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from lotline.accounts.rights import Right, require
from lotline.catalog.queries import find_customer, find_site
from lotline.days import day_problem
from lotline.errors import ErrorCode, LotlineError
from lotline.ledger.log import writing

from ..answers import ActionDone
from ..models import Action, CaseLot, CaseShipment, How, Role
from .common import case_to_change, person_acting, record_action, text


def confirm_site(case_id: str, *, site: str, note: str = "", actor: str) -> ActionDone:
    """A site confirms its part of the case: its affected lots on hand are held (a recall) and counted."""
    person = person_acting(actor)
    note = text(note, "note")
    with writing():
        case = case_to_change(case_id, Action.SITE_CONFIRMED)
        the_site = find_site(site)
        require(person, Right.RECORD, site=the_site.code)
        if not CaseLot.objects.filter(case=case, lot__site=the_site).exclude(role=Role.NOT_AFFECTED).exists():
            raise LotlineError(ErrorCode.NOT_IN_CASE, f"no lot of {case.code} is at site {the_site.code}",
                               field="site")
        return record_action(case, Action.SITE_CONFIRMED, {"site": the_site.code, "note": note}, actor=actor,
                             site=the_site.code)


def _how(how: str) -> How:
    try:
        return How(how.strip().lower())
    except ValueError:
        raise LotlineError(ErrorCode.BAD_CHOICE, f"{how!r} is not a way to tell a customer: "
                           f"{', '.join(How.values)}", field="how") from None


def _when(when: dt.datetime | None) -> dt.datetime:
    """When the customer was told: now by default; a time without a zone is the business's."""
    if when is None:
        return timezone.now()
    if timezone.is_naive(when):
        when = timezone.make_aware(when)
    if found := day_problem(timezone.localtime(when).date()):
        raise LotlineError(*found, field="when")
    return when


def notify_customer(case_id: str, *, customer: str, how: str, when: dt.datetime | None = None, by: str = "",
                    note: str = "", actor: str) -> ActionDone:
    """A customer who received units of the case was told: when, how (phone, email, visit, letter), by
    whom (the person recording, unless named) and a note."""
    person_acting(actor)
    the_how, at = _how(how), _when(when)
    by, note = text(by, "by", limit="by") or actor, text(note, "note")
    with writing():
        case = case_to_change(case_id, Action.CUSTOMER_NOTIFIED)
        who = find_customer(customer)
        if not CaseShipment.objects.filter(case=case, customer=who).exists():
            raise LotlineError(ErrorCode.NOT_IN_CASE, f"{who.name} ({who.ref}) received nothing of {case.code}",
                               field="customer")
        return record_action(case, Action.CUSTOMER_NOTIFIED, {
            "customer": who.ref, "how": the_how.value, "notified_at": at.isoformat(timespec="seconds"), "by": by,
            "note": note}, actor=actor)


def add_note(case_id: str, *, note: str, actor: str) -> ActionDone:
    """A note on the case's timeline (a call with the supplier, the regulator's reference)."""
    person_acting(actor)
    note = text(note, "note", required=True, what="what to note")
    with writing():
        case = case_to_change(case_id, Action.NOTE_ADDED)
        return record_action(case, Action.NOTE_ADDED, {"note": note}, actor=actor)


def close_case(case_id: str, *, reason: str, actor: str) -> ActionDone:
    """Close the case, saying why: it is read-only from then on. Its holds stay (release_holds first)."""
    person_acting(actor)
    reason = text(reason, "reason", required=True, what="why it is closed")
    with writing():
        case = case_to_change(case_id, Action.CLOSED)
        return record_action(case, Action.CLOSED, {"reason": reason}, actor=actor)


def reopen_case(case_id: str, *, reason: str, actor: str) -> ActionDone:
    """Reopen a closed case, saying why: an event, so the log keeps that it was closed meanwhile."""
    person_acting(actor)
    reason = text(reason, "reason", required=True, what="why it is reopened")
    with writing():
        case = case_to_change(case_id, Action.REOPENED)
        return record_action(case, Action.REOPENED, {"reason": reason}, actor=actor)

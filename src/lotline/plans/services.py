"""The plan's two writes: an owner changes its settings (plan.set), and a new version is issued
(plan.issued) whenever the text the settings and the catalog give differs from the last version's.

A version is issued when someone looks at the plan (`lotline plan`, the page, the API) or sets it:
the catalog's FTL marks and products change without the plan knowing, and the version in effect must
be the text a person was shown. An unchanged plan records nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone

from lotline.accounts.rights import Right, Who, require
from lotline.errors import ErrorCode, LotlineError
from lotline.ledger.kinds import EventKind
from lotline.ledger.log import record, writing
from lotline.lengths import too_long

from .document import database_in_use, default_records, markdown, plan_document
from .models import LENGTHS, PlanVersion
from .queries import PlanSetup, VersionRow, current_plan_settings, digest, latest_version, version_rows


@dataclass(frozen=True)
class Plan:
    """The plan in effect, what it still lacks, its settings and every version."""

    version: int
    issued_at: str
    issued_by: str
    sha256: str
    markdown: str
    missing: list[str]
    settings: PlanSetup
    default_records: str  # what `records` says while the business has not written its own
    versions: list[VersionRow]


def _checked(changes: dict[str, str | None]) -> dict[str, str]:
    given = {name: value.strip() for name, value in changes.items() if value is not None}
    for name, value in given.items():
        if why := too_long(value, LENGTHS[name]):
            raise LotlineError(ErrorCode.TOO_LONG, why, field=name)
    if given.get("contact_email"):
        try:
            validate_email(given["contact_email"])
        except ValidationError:
            raise LotlineError(ErrorCode.NOT_AN_EMAIL, f"{given['contact_email']!r} is not an e-mail address: "
                               "write it as name@example.com", field="contact_email") from None
    if given.get("records") == default_records(database_in_use()):
        given["records"] = ""  # Lotline's own words, kept following the database in use
    return given


def set_plan(*, actor: Who, business: str | None = None, contact_name: str | None = None,
             contact_phone: str | None = None, contact_email: str | None = None, records: str | None = None,
             backups: str | None = None, farm_map: str | None = None, note: str | None = None) -> Plan:
    """Change the plan's settings (owners: the right to manage the business's settings); a value left
    None stays as it was, "" clears it. The new version, if the text changed, is issued at once."""
    person = require(actor, Right.MANAGE)
    given = _checked({"business": business, "contact_name": contact_name, "contact_phone": contact_phone,
                      "contact_email": contact_email, "records": records, "backups": backups,
                      "farm_map": farm_map, "note": note})
    with writing():
        settings = current_plan_settings()
        if any(settings[name] != value for name, value in given.items()):  # type: ignore[literal-required]
            record(EventKind.PLAN_SET, {**settings, **given}, actor=person.name)
        _issue(person.name)
    return _plan()


def current_plan(*, actor: Who) -> Plan:
    """The plan in effect, issuing a new version first if the settings or the catalog changed since."""
    person = require(actor, Right.READ)
    if _changed(latest_version()) is not None:
        with writing():  # checked again under the lock: two people looking at once issue one version
            _issue(person.name)
    return _plan()


def _changed(last: PlanVersion | None, now: dt.datetime | None = None) -> str | None:
    """The text of a new version, or None when the last version's text still says it all."""
    doc = plan_document()
    if last is not None and markdown(doc, version=last.version, issued_at=last.issued_at) == last.markdown:
        return None
    return markdown(doc, version=last.version + 1 if last else 1, issued_at=now or timezone.now())


def _issue(actor: str) -> None:
    last = latest_version()
    now = timezone.now()
    text = _changed(last, now)
    if text is None:
        return
    version = last.version + 1 if last else 1
    record(EventKind.PLAN_ISSUED, {"version": version, "issued_at": now.isoformat(), "by": actor,
                                   "markdown": text, "sha256": digest(text)}, actor=actor, subject=f"v{version}")


def _plan() -> Plan:
    last = latest_version()
    assert last is not None, "a version is issued before the plan is read"
    settings = current_plan_settings()
    return Plan(version=last.version, issued_at=last.issued_at.isoformat(), issued_by=last.issued_by,
                sha256=last.sha256, markdown=last.markdown, missing=list(plan_document().missing),
                settings=settings, default_records=default_records(database_in_use()), versions=version_rows())

"""Reading the plan's settings and its versions (no writes: services.py issues versions)."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import TypedDict

from django.utils import timezone

from lotline.errors import ErrorCode, LotlineError

from .models import LENGTHS, PlanSettings, PlanVersion

KEEP_FOR = dt.timedelta(days=731)  # 1.1315(b): a superseded plan is kept 2 years (a leap day included)


class PlanSetup(TypedDict):
    """The business's settings for its plan; blank until set (records: blank is Lotline's own words)."""

    business: str
    contact_name: str
    contact_phone: str
    contact_email: str
    records: str
    backups: str
    farm_map: str
    note: str


class VersionRow(TypedDict):
    version: int
    issued_at: str
    issued_by: str
    superseded_at: str | None
    keep_until: str | None  # None: in effect
    must_keep: bool  # in effect, or superseded less than 2 years ago
    sha256: str


def current_plan_settings() -> PlanSetup:
    """The settings in use: the business's, or blanks until an owner sets them."""
    row = PlanSettings.objects.first()
    return PlanSetup(**{name: getattr(row, name) if row else "" for name in LENGTHS})  # type: ignore[typeddict-item]


def latest_version() -> PlanVersion | None:
    return PlanVersion.objects.order_by("-version").first()


def find_version(number: int | str) -> PlanVersion:
    """One version by its number (1, 2, "v2"), or unknown_plan_version."""
    text = str(number).strip().lower().removeprefix("v")
    found = PlanVersion.objects.filter(version=int(text)).first() if text.isdigit() and len(text) < 9 else None
    if found is None:
        raise LotlineError(ErrorCode.UNKNOWN_PLAN_VERSION, f"the plan has no version {number}", field="version")
    return found


def version_rows() -> list[VersionRow]:
    """Every version, newest first, with how long the rule keeps a superseded one."""
    now = timezone.now()
    rows = []
    for v in PlanVersion.objects.order_by("-version"):
        until = v.superseded_at + KEEP_FOR if v.superseded_at else None
        rows.append(VersionRow(version=v.version, issued_at=v.issued_at.isoformat(), issued_by=v.issued_by,
                               superseded_at=v.superseded_at.isoformat() if v.superseded_at else None,
                               keep_until=timezone.localtime(until).date().isoformat() if until else None,
                               must_keep=until is None or now < until, sha256=v.sha256))
    return rows


def digest(markdown: str) -> str:
    return hashlib.sha256(markdown.encode()).hexdigest()

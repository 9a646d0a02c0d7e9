"""Projectors: how plan events change the plan's read tables. Replayed as-is by `verify --rebuild`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from lotline.ledger.kinds import EventKind
from lotline.ledger.log import projector
from lotline.ledger.rebuild import read_table

from .models import LENGTHS, PlanSettings, PlanVersion


@projector(EventKind.PLAN_SET)
def plan_set(payload: Mapping[str, Any], seq: int) -> None:
    PlanSettings.objects.all().delete()
    PlanSettings.objects.create(**{name: payload.get(name, "") for name in LENGTHS}, set_seq=seq)


@projector(EventKind.PLAN_ISSUED)
def plan_issued(payload: Mapping[str, Any], seq: int) -> None:
    at = dt.datetime.fromisoformat(payload["issued_at"])
    PlanVersion.objects.filter(superseded_seq__isnull=True).update(superseded_at=at, superseded_seq=seq)
    PlanVersion.objects.create(version=payload["version"], markdown=payload["markdown"], sha256=payload["sha256"],
                               issued_at=at, issued_by=payload["by"], issued_seq=seq)


read_table("plan_settings", 0, "SELECT business, contact_name, contact_phone, contact_email, records, backups, "
                               "farm_map, note, set_seq FROM plan_settings")
read_table("plan_version", 0, "SELECT version, markdown, sha256, issued_at, issued_by, issued_seq, superseded_at, "
                              "superseded_seq FROM plan_version")

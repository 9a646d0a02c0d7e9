"""The demo business's full EPCIS export, made once per run (in a transaction rolled back), with the
answers of a few traces, for the round trip into an empty database."""

from __future__ import annotations

import datetime as dt
import importlib
import io
import json
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import transaction

TRACED = ("SJ-20260304-A", "STRAW-20260302-A")
# GS1's EPCIS 2.0 schema and examples, and the FSMA 204 community's: in the shared folder beside the checkout
# (found as `make bench` finds the dataset generator there, also from a git worktree)
STANDARDS = importlib.import_module("bench.datasets").GENERATOR.parents[1] / "standards" / "epcis"


EARLY = dt.date(2025, 12, 4)  # the demo's first days: receipts, batches and shipments, 33 events
MIDDLE = dt.date(2026, 1, 22)  # its first two months: every kind of event, a hold and its release too


@dataclass(frozen=True)
class DemoExport:
    text: str  # everything
    traces: dict[str, Any]
    early: str  # up to EARLY: a small document, closed (every lot its events name is in it)
    middle: str  # up to MIDDLE
    jam: str  # the trace of SJ-20260304-A, both ways


def trace_answers() -> dict[str, Any]:
    """What a trace both ways of a few demo lots answers (contacts aside: they stay home)."""
    from lotline.trace.queries import trace_back, trace_forward

    def kept(result: Any) -> str:
        customers = [{k: v for k, v in c.items() if k != "contact"} for c in result["customers"]]
        return json.dumps({**result, "customers": customers}, default=str, sort_keys=True)

    return {code: {"back": kept(trace_back(code)), "forward": kept(trace_forward(code))} for code in TRACED}


def _written(scope: Any) -> str:
    from lotline.epcis.export import write_document

    out = io.StringIO()
    write_document(scope, out)
    return out.getvalue()


@pytest.fixture(scope="session")
def demo_export(demo_snapshot, django_db_setup, django_db_blocker) -> DemoExport:
    from lotline.epcis.scope import Scope
    from lotline.testing import restore

    with django_db_blocker.unblock(), transaction.atomic():
        restore(demo_snapshot[1])
        export = DemoExport(_written(Scope()), trace_answers(), _written(Scope(last=EARLY)),
                            _written(Scope(last=MIDDLE)), _written(Scope(trace="SJ-20260304-A")))
        transaction.set_rollback(True)
    return export

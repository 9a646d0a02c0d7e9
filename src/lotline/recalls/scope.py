"""A case's scope, as the trace engine answers it for the case's trigger.

The trigger is kept as plain data in the case.opened event: a supplier's notice (supplier, item,
receiving window) or our lot codes (given, or a complaint's lot). `scope_of` runs the trace for it:
when the case opens (the scope then frozen) and on `recompute` (compared with the frozen one).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, NotRequired, TypedDict

from lotline.trace.queries import Trace, TraceLot, compared_until, not_affected, recall, trace_forward_lots

from .models import Role

# Batches made up to this many days after the last batch that used a matched lot are compared
# (the supplier recall's own default)
MARGIN_DAYS = 7

SCOPE_COLUMNS = ["lot", "role", "depth"]
SHIPMENT_COLUMNS = ["ref", "lot", "customer", "shipped_on", "quantity", "reference_doc"]

# "from" is a keyword: this shape is written as a call
CaseTrigger = TypedDict("CaseTrigger", {
    "by": str,  # supplier | lots | complaint
    "supplier": NotRequired[str],
    "supplier_name": NotRequired[str],
    "item": NotRequired[str | None],
    "from": NotRequired[str],
    "to": NotRequired[str],
    "complaint": NotRequired[str],
    "lots": NotRequired[list[str]],
})


@dataclass(frozen=True)
class Scope:
    """What the trace engine answers for a trigger: the forward trace, the lots the trigger named,
    and the batches of the same products and sites in the period that are NOT affected."""

    trace: Trace
    matched: frozenset[str]
    not_affected: list[TraceLot]
    not_affected_total: int
    compared_from: dt.date | None
    compared_until: dt.date | None

    def affected(self) -> list[TraceLot]:
        """The lots and batches in scope (the matched ones and those downstream), nearest first."""
        return self.trace["lots"] + self.trace["batches"]

    def role_of(self, code: str) -> Role:
        return Role.MATCHED if code in self.matched else Role.AFFECTED

    def lot_rows(self) -> list[list[Any]]:
        """The scope as the event keeps it: lot, role, depth (none for a batch not affected)."""
        rows: list[list[Any]] = [[lot["code"], self.role_of(lot["code"]), lot.get("depth", 0)]
                                 for lot in self.affected()]
        return rows + [[lot["code"], Role.NOT_AFFECTED, None] for lot in self.not_affected]

    def shipment_rows(self) -> list[list[Any]]:
        return [[s["ref"], s["lot"], s["customer"], s["shipped_on"], s["quantity"], s["reference_doc"]]
                for s in self.trace.get("shipments", [])]


def scope_of(trigger: Mapping[str, Any]) -> Scope:
    """Run the trace for a case's trigger (as open_case wrote it: refs, codes and ISO dates)."""
    if trigger["by"] == "supplier":
        first, last = dt.date.fromisoformat(trigger["from"]), dt.date.fromisoformat(trigger["to"])
        answer = recall(supplier=trigger["supplier"], item=trigger.get("item"), first=first, last=last,
                        margin_days=MARGIN_DAYS)
        until = dt.date.fromisoformat(answer["query"]["compared_until"])
        return Scope(answer, frozenset(lot["code"] for lot in answer["lots"]), answer["not_affected"],
                     answer["not_affected_total"], first, until)
    codes = list(trigger["lots"])
    traced = trace_forward_lots(codes)
    seeds = [lot for lot in traced["lots"] + traced["batches"] if lot.get("depth") == 0]
    days = sorted(dt.date.fromisoformat(lot["date"]) for lot in seeds)
    first, last = days[0], days[-1]
    until = compared_until(traced, last, MARGIN_DAYS)
    shown, total = not_affected(traced, first, until)
    return Scope(traced, frozenset(lot["code"] for lot in seeds), shown, total, first, until)

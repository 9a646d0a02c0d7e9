"""The owner's specs: per item (a product or an ingredient), one limit per analyte."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from lotline.accounts.rights import Right, require
from lotline.catalog.queries import find_item
from lotline.errors import ErrorCode, LotlineError
from lotline.ledger.kinds import EventKind
from lotline.ledger.log import record, writing

from ..judging import analyte_key
from ..models import SpecRule
from .common import each_line, measured, text

SPEC_COLUMNS = ["analyte", "rule", "number", "unit", "expected", "per"]


@dataclass(frozen=True)
class SpecLine:
    """One limit: at most / at least a number in a unit, or an expected finding ("not detected" in 25 g)."""

    analyte: str
    rule: str  # at_most, at_least, expected
    number: Decimal | None = None
    unit: str = ""
    expected: str = ""  # for rule expected: "not detected"
    per: str = ""  # for rule expected: the portion tested, "25 g"


@dataclass(frozen=True)
class SpecsSet:
    item: str
    specs: list[SpecLine]
    event_seq: int


def _spec(line: SpecLine) -> SpecLine:
    analyte = text(line.analyte, "analyte", required="name the analyte (pH, Listeria monocytogenes)")
    if line.rule not in SpecRule.values:
        raise LotlineError(ErrorCode.BAD_CHOICE, f"{line.rule!r} is not one of {', '.join(SpecRule.values)}",
                           field="rule")
    if line.rule == SpecRule.EXPECTED:
        expected = text(line.expected, "expected", required=f"say what {analyte} should be (not detected)")
        if line.number is not None:
            raise LotlineError(ErrorCode.WRONG_KIND_OF_RESULT, f"{analyte} expects a finding: leave the number out",
                               field="number")
        return SpecLine(analyte, line.rule, None, "", expected, text(line.per, "per"))
    number = measured(line.number)
    if number is None:
        raise LotlineError(ErrorCode.MISSING, f"give the limit of {analyte}", field="number")
    return SpecLine(analyte, line.rule, number, text(line.unit, "unit"), "", "")


def set_specs(item: str, specs: Sequence[SpecLine], *, actor: str) -> SpecsSet:
    """Set an item's specs, all of them (an analyte left out no longer has a spec): the owner's."""
    lines = each_line(specs, _spec)
    seen: set[str] = set()
    for line in lines:
        if analyte_key(line.analyte) in seen:
            raise LotlineError(ErrorCode.DUPLICATE_CODE, f"{line.analyte} is given twice: one limit per analyte",
                               field="analyte")
        seen.add(analyte_key(line.analyte))
    with writing():
        require(actor, Right.MANAGE)
        the_item = find_item(item, field="item")
        rows = [[s.analyte, s.rule, s.number, s.unit, s.expected, s.per] for s in lines]
        event = record(EventKind.SPECS_SET, {"item": the_item.code, "specs": {"columns": SPEC_COLUMNS, "rows": rows}},
                       actor=actor, subject=the_item.code)
    return SpecsSet(the_item.code, lines, event.seq)

"""A result against its item's spec: in spec, out of spec, or no spec (None).

One rule, used by every way in (a form, the API, a lab's CSV): a number is compared with the spec's
number only in the spec's unit, and a unit that differs is refused naming the field `unit`, never
compared as if it were the same (4.6 pH is not 4.6 g/100 g). A finding (not detected) is compared
with the spec's expected finding, after reading the words labs use for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from lotline.errors import ErrorCode, LotlineError
from lotline.quantities import exact

from .models import Spec, SpecRule

# Units a number of this analyte carries without being a unit at all: pH 4.2 is "4.2", aw 0.85 is "0.85"
NO_UNIT = {"ph", "aw", "a_w", "a w"}

# The words labs write for one finding, as the spec's expected finding is read
FINDINGS: dict[str, str] = {
    **dict.fromkeys(["not detected", "nd", "n.d.", "negative", "neg", "absent", "not found", "none detected"],
                    "not detected"),
    **dict.fromkeys(["detected", "positive", "pos", "present", "found"], "detected"),
}


def analyte_key(analyte: str) -> str:
    """An analyte as specs and results are matched: "Water activity" is "water activity"."""
    return " ".join(analyte.split()).casefold()


def unit_key(unit: str) -> str:
    """A unit as two are compared: case, spaces and a leading "/" or "per" aside ("/25 g" is "25g")."""
    text = "".join(unit.split()).casefold().removeprefix("per").removeprefix("/")
    return "" if text in {u.replace(" ", "") for u in NO_UNIT} else text


def finding(text: str) -> str:
    """A qualitative result in the spec's words: "ND" and "Negative" are "not detected"."""
    words = " ".join(text.split()).casefold()
    return FINDINGS.get(words, words)


def spec_text(spec: Spec) -> str:
    """The spec's limit as people read it: "at most 4.6 pH", "not detected in 25 g"."""
    if spec.rule == SpecRule.EXPECTED:
        return f"{spec.expected} in {spec.per}" if spec.per else spec.expected
    unit = f" {spec.unit}" if spec.unit else ""
    return f"{SpecRule(spec.rule).label} {exact(spec.number if spec.number is not None else Decimal(0))}{unit}"


@dataclass(frozen=True)
class Judged:
    in_spec: bool | None
    spec: str  # the spec's limit as text; "" with no spec


NO_SPEC = Judged(None, "")


def judge(spec: Spec | None, *, value: Decimal | None, text: str, unit: str) -> Judged:
    """The result against `spec`; LotlineError (field `unit` or `value`) when they cannot be compared."""
    if spec is None:
        return NO_SPEC
    limit = spec_text(spec)
    if unit.strip() and unit_key(unit) != unit_key(spec.unit if spec.rule != SpecRule.EXPECTED else spec.per):
        wanted = spec.unit if spec.rule != SpecRule.EXPECTED else spec.per
        raise LotlineError(ErrorCode.UNIT_MISMATCH, f"{spec.analyte} is in {unit!r}, its spec in "
                           f"{wanted or 'no unit'!r} ({limit}): give the result in the spec's unit", field="unit")
    if spec.rule == SpecRule.EXPECTED:
        if value is not None or not text.strip():
            raise LotlineError(ErrorCode.WRONG_KIND_OF_RESULT, f"the spec of {spec.analyte} is a finding ({limit}): "
                               "give the lab's finding as text (not detected, detected)", field="value")
        return Judged(finding(text) == finding(spec.expected), limit)
    if value is None:
        raise LotlineError(ErrorCode.WRONG_KIND_OF_RESULT, f"the spec of {spec.analyte} is a number ({limit}): "
                           "give the measured value", field="value")
    if not unit.strip() and unit_key(spec.unit):
        raise LotlineError(ErrorCode.UNIT_MISMATCH, f"{spec.analyte} has no unit, its spec is in {spec.unit!r}: "
                           "give the unit", field="unit")
    assert spec.number is not None
    within = value <= spec.number if spec.rule == SpecRule.AT_MOST else value >= spec.number
    return Judged(within, limit)

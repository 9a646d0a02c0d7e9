"""Quantities read the same on every way in (a form, the API, a command, an import cell, a recipe),
and are shown one way everywhere."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django import forms
from django.core.management import CommandError
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from lotline.api.schemas import Quantity
from lotline.catalog.recipes import _positive
from lotline.commands import parse_quantity as command_quantity
from lotline.imports.csvfiles import parse_quantity as cell_quantity
from lotline.quantities import QuantityError, problem, said, shown
from lotline.web.recording import QuantityField

D = Decimal
API = TypeAdapter(Quantity)


def by_form(text: str) -> tuple[str, object]:
    try:
        return "ok", QuantityField().clean(text)
    except forms.ValidationError as exc:
        return "refused", "missing" if exc.code == "required" else exc.code


def by_api(text: str) -> tuple[str, object]:
    try:
        value = API.validate_python(text)
    except ValidationError as exc:
        return "refused", exc.errors()[0]["type"]
    found = problem(value)  # what the verb then checks
    return ("refused", found[0]) if found else ("ok", value)


def by_command(text: str) -> tuple[str, object]:
    try:
        return "ok", command_quantity(text)
    except CommandError as exc:
        return "refused", re.search(r"\[(\w+)\]$", str(exc))[1]


def by_import(text: str) -> tuple[str, object]:
    try:
        value = cell_quantity(text.strip())  # the CSV reader trims every cell
    except QuantityError as exc:
        return "refused", exc.code
    if value is None:
        return "refused", "missing"
    found = problem(value)  # the staging row check
    return ("refused", found[0]) if found else ("ok", value)


def by_recipe(text: str) -> tuple[str, object]:
    value, problems = _positive(text, "quantity")
    return ("refused", problems[0].code) if problems else ("ok", value)


WAYS_IN = {"form": by_form, "api": by_api, "command": by_command, "import": by_import, "recipe": by_recipe}

NUMBER_LIKE = st.one_of(
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.decimals(min_value=0, max_value=10 ** 10, places=8).map(lambda d: format(d, "f")),
    st.integers(-10, 10 ** 10).map(str),
    st.text(alphabet="0123456789.,-+eE ٣٤۵", min_size=0, max_size=12),
)


def same_everywhere(text: str) -> tuple[str, object]:
    outcomes = {way: read(text) for way, read in WAYS_IN.items()}
    kinds = {(kind, D(value).normalize() if kind == "ok" else value) for kind, value in outcomes.values()}
    assert len(kinds) == 1, f"{text!r} is read differently: {outcomes}"
    return next(iter(outcomes.values()))


@settings(deadline=None)  # a shared machine's pauses are not the parsers' doing
@given(NUMBER_LIKE)
def test_every_way_in_reads_a_quantity_alike(text: str) -> None:
    same_everywhere(text)


@pytest.mark.parametrize(("text", "outcome"), [
    ("8", ("ok", D(8))), ("0.25", ("ok", D("0.25"))), ("1,5", ("ok", D("1.5"))), (" 12 ", ("ok", D(12))),
    ("0.000001", ("ok", D("0.000001"))), ("999999999.999999", ("ok", D("999999999.999999"))),
    ("1.50000000", ("ok", D("1.5"))),
    ("1e-400", ("refused", "not_a_number")), ("0.0000001", ("refused", "too_precise")),
    ("٣", ("refused", "not_a_number")), ("1000000000", ("refused", "too_large")),
    ("1,500", ("refused", "not_a_number")), ("0", ("refused", "not_positive")), ("-3", ("refused", "not_positive")),
    ("NaN", ("refused", "not_a_number")), ("Infinity", ("refused", "not_a_number")), ("", ("refused", "missing")),
])
def test_each_way_in_takes_or_refuses_these_quantities(text: str, outcome: tuple[str, object]) -> None:
    kind, value = same_everywhere(text)
    assert (kind, D(value).normalize() if kind == "ok" else value) == (outcome[0], D(outcome[1]).normalize()
                                                                       if kind == "ok" else outcome[1])


@pytest.mark.parametrize(("value", "text"), [
    (D("13.227736"), "13.228"), (D("8.818490"), "8.818"), (D("40.000000"), "40"), (D("0.5"), "0.5"),
    (D("1E+1"), "10"), (D("0.0004"), "0.0004"), (D("0.000001"), "0.000001"), (D("-2.50"), "-2.5"),
    (D("-0.000"), "0"), (12.1, "12.1"), (3, "3"), (D("999999999.9999"), "1000000000"),
])
def test_a_quantity_is_shown_with_at_most_three_decimals_and_never_an_exponent(value: object, text: str) -> None:
    assert shown(value) == text  # type: ignore[arg-type]


def test_a_quantity_is_said_with_its_unit() -> None:
    assert [said(D(40), "unit"), said(D(1), "unit"), said(D("13.227736"), "lb"), said("0.5", "kg")] == [
        "40 units", "1 unit", "13.228 lb", "0.5 kg"]

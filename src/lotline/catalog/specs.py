"""What each kind of catalog record holds, and the checks a new or changed record passes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models

from lotline.codes import code_problem
from lotline.ledger.kinds import EventKind

from .allergens import BIG_9, parse_allergens
from .models import Customer, CustomerKind, Equipment, Item, ItemKind, NumberFormat, Site, Supplier
from .units import UNITS, canonical_unit

Check = Callable[[dict[str, Any]], list[tuple[str, str, str]]]  # -> [(field, code, message)]


@dataclass(frozen=True)
class Spec:
    entity: str                # "site", "supplier"...: the word in events and messages
    plural: str                # payload key and file stem: "sites"
    model: type[models.Model]
    key: str                   # the natural key people use: code or ref
    columns: list[str]         # stored fields, in payload order
    required: list[str]
    event: EventKind
    check: Check


def _code(field: str, max_len: int) -> Check:
    """The rule for our codes (lotline/codes.py): a catalog code is one of them."""
    def check(row: dict[str, Any]) -> list[tuple[str, str, str]]:
        problem = code_problem(row.get(field) or "", max_length=max_len, what=f"a {field}")
        return [(field, *problem)] if problem else []
    return check


def _choice(field: str, choices: type[models.TextChoices]) -> Check:
    def check(row: dict[str, Any]) -> list[tuple[str, str, str]]:
        value = row.get(field)
        if value and value not in choices.values:
            return [(field, "bad_choice", f"{value!r} is not one of {', '.join(choices.values)}")]
        return []
    return check


def _item(row: dict[str, Any]) -> list[tuple[str, str, str]]:
    problems = _code("code", 20)(row) + _choice("kind", ItemKind)(row) + _choice("number_format", NumberFormat)(row)
    if row.get("unit"):
        unit = canonical_unit(row["unit"])
        if unit is None:
            problems.append(("unit", "unknown_unit", f"unknown unit {row['unit']!r}; use one of {', '.join(UNITS)}"))
        else:
            row["unit"] = unit
    known, unknown = parse_allergens(row.get("allergens") or "")
    if unknown:
        problems.append(("allergens", "unknown_allergen",
                         f"{', '.join(unknown)} is not one of the Big 9: {', '.join(BIG_9)}"))
    row["allergens"] = ";".join(known)
    return problems


def _known_site(row: dict[str, Any]) -> list[tuple[str, str, str]]:
    if row.get("site") and not Site.objects.filter(code=row["site"]).exists():
        return [("site", "unknown_site", f"unknown site {row['site']!r}: add it first")]
    return []


def _all(*checks: Check) -> Check:
    return lambda row: [p for check in checks for p in check(row)]


SPECS: dict[str, Spec] = {
    s.entity: s
    for s in [
        Spec("site", "sites", Site, "code", ["code", "name", "address"], ["code", "name"],
             EventKind.SITE_ADDED, _code("code", 12)),
        Spec("supplier", "suppliers", Supplier, "ref", ["ref", "name", "contact", "address"], ["ref", "name"],
             EventKind.SUPPLIER_ADDED, _code("ref", 40)),
        Spec("customer", "customers", Customer, "ref", ["ref", "name", "kind", "contact", "address"],
             ["ref", "name", "kind"], EventKind.CUSTOMER_ADDED, _all(_code("ref", 40), _choice("kind", CustomerKind))),
        Spec("item", "items", Item, "code",
             ["code", "name", "kind", "unit", "allergens", "number_format", "on_traceability_list"],
             ["code", "name", "kind", "unit"], EventKind.ITEM_ADDED, _item),
        Spec("equipment", "equipment", Equipment, "code", ["code", "name", "site"], ["code", "name"],
             EventKind.EQUIPMENT_ADDED, _all(_code("code", 20), _known_site)),
    ]
}
DEFAULTS: dict[str, Any] = {"address": "", "contact": "", "allergens": "", "number_format": "date", "site": "",
                            "on_traceability_list": False}

"""Which items FSMA 204 covers: those on the Food Traceability List, and the products that contain
one, which the owner confirms (a food containing a listed food in the same form is covered too;
a cooked one may not be: the owner decides, and `on_traceability_list` is the answer)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from lotline.catalog.models import Item, RecipeLine


@dataclass(frozen=True)
class PossiblyCovered:
    """A product whose recipe names a listed food, at any depth."""

    code: str
    name: str
    because: list[str]  # the listed items it contains
    confirmed: bool  # the owner has decided
    covered: bool  # the decision (or, undecided, False)


def _contains() -> dict[int, set[int]]:
    """Product id -> the item ids its recipe names, at any depth (jam in tarts in a hamper)."""
    direct: dict[int, set[int]] = defaultdict(set)
    for product_id, ingredient_id in RecipeLine.objects.values_list("recipe__product_id", "ingredient_id"):
        direct[product_id].add(ingredient_id)
    closed: dict[int, set[int]] = {}

    def walk(product: int, seen: frozenset[int]) -> set[int]:
        if product in closed:
            return closed[product]
        found: set[int] = set()
        for item in direct.get(product, ()):
            found.add(item)
            if item not in seen:
                found |= walk(item, seen | {item})
        closed[product] = found
        return found

    for product in list(direct):
        walk(product, frozenset({product}))
    return closed


def possibly_covered() -> list[PossiblyCovered]:
    """Products that contain a listed food, with whether the owner has decided and what."""
    listed = dict(Item.objects.filter(on_traceability_list=True).values_list("id", "code"))
    answer = []
    contains = _contains()
    for product in Item.objects.filter(kind="product", id__in=list(contains)).order_by("code"):
        because = sorted(listed[i] for i in contains[product.id] if i in listed)
        if because:
            answer.append(PossiblyCovered(product.code, product.name, because, product.ftl_confirmed,
                                          product.on_traceability_list))
    return answer


def listed_items() -> list[Item]:
    """The items a date-range request takes when it names none: those on the list, and the products
    containing one that the owner has not confirmed as not covered."""
    pending = {p.code for p in possibly_covered() if not p.confirmed}
    return list(Item.objects.filter(on_traceability_list=True) | Item.objects.filter(code__in=pending))

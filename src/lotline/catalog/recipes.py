"""Recipes: what one batch of a product takes. They pre-fill the batch form; what a batch really
used is what its inputs record, so changing a recipe never changes a batch already made."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from lotline.accounts.rights import Right, require
from lotline.errors import ErrorCode, LotlineError, Problem
from lotline.ledger.kinds import EventKind
from lotline.ledger.log import projector, record, writing
from lotline.ledger.rebuild import read_table
from lotline.quantities import QuantityError, exact, read
from lotline.quantities import problem as quantity_problem

from .models import Item, ItemKind, Recipe, RecipeLine
from .units import canonical_unit, dimension

RECIPE_COLUMNS = ["ingredient", "quantity", "unit"]


@dataclass(frozen=True)
class RecipeLineIn:
    ingredient: str  # item code (an ingredient, or a product made here: jam in tarts)
    quantity: Decimal | str  # text as typed is read here, and refused with the reason
    unit: str


@dataclass(frozen=True)
class RecipeLineOut:
    """A line of a recipe as recorded."""

    ingredient: str
    quantity: Decimal
    unit: str


def _positive(value: Any, field: str, row: int | None = None) -> tuple[Decimal | None, list[Problem]]:
    """A quantity as every way in reads it (lotline.quantities): text as typed, or a number."""
    try:
        number = read(value) if isinstance(value, str) else Decimal(str(value))
    except QuantityError as exc:
        return None, [Problem(exc.code, exc.message, field, row=row)]
    except (InvalidOperation, ValueError):
        return None, [Problem(ErrorCode.NOT_A_NUMBER, f"{value!r} is not a number", field, row=row)]
    found = quantity_problem(number)
    if found:
        return None, [Problem(*found, field, row=row)]
    return number, []


def _check_line(n: int, line: RecipeLineIn, product: Item) -> tuple[list[Any] | None, list[Problem]]:
    item = Item.objects.filter(code=line.ingredient.strip()).first()
    if item is None:
        return None, [Problem(ErrorCode.UNKNOWN_ITEM, f"unknown item {line.ingredient!r}", "ingredient", row=n)]
    if item.pk == product.pk:
        return None, [Problem(ErrorCode.CIRCULAR_INPUTS, "a product is not an ingredient of itself", "ingredient",
                              row=n)]
    quantity, problems = _positive(line.quantity, "quantity", n)
    unit = canonical_unit(line.unit or item.unit)
    if unit is None or dimension(unit) != dimension(item.unit):
        problems.append(Problem(ErrorCode.UNIT_MISMATCH, f"{line.unit!r} does not convert to {item.unit}, the unit "
                                f"{item.code} is counted in", "unit", row=n))
    if problems or quantity is None:
        return None, problems
    return [item.code, exact(quantity), unit], []


def set_recipe(product: str, lines: Sequence[RecipeLineIn], *, batch_quantity: Decimal | str, actor: str) -> None:
    """Set (or replace) a product's recipe: one event, refused whole if any line is wrong."""
    with writing():
        require(actor, Right.MANAGE)
        item = Item.objects.filter(code=product.strip(), kind=ItemKind.PRODUCT).first()
        if item is None:
            raise LotlineError(ErrorCode.UNKNOWN_PRODUCT, f"no product {product!r}", field="product")
        quantity, problems = _positive(batch_quantity, "batch_quantity")
        rows = []
        for n, line in enumerate(lines, 1):
            row, bad = _check_line(n, line, item)
            problems += bad
            rows.append(row)
        if not lines:
            problems.append(Problem(ErrorCode.MISSING, "a recipe has at least one ingredient", "lines"))
        if len({r[0] for r in rows if r}) < len([r for r in rows if r]):
            problems.append(Problem(ErrorCode.DUPLICATE_CODE, "each ingredient once per recipe", "ingredient"))
        if problems or quantity is None:
            raise LotlineError(problems[0].code, f"the recipe of {item.code} was not set", field=problems[0].field,
                               problems=problems)
        payload = {"product": item.code, "batch_quantity": exact(quantity), "unit": item.unit,
                   "lines": {"columns": RECIPE_COLUMNS, "rows": rows}}
        record(EventKind.RECIPE_SET, payload, actor=actor, subject=item.code)


@projector(EventKind.RECIPE_SET)
def recipe_set(payload: Mapping[str, Any], seq: int) -> None:
    product = Item.objects.get(code=payload["product"])
    recipe, _ = Recipe.objects.update_or_create(
        product=product, defaults={"batch_quantity": Decimal(payload["batch_quantity"]), "unit": payload["unit"],
                                   "event_seq": seq})
    RecipeLine.objects.filter(recipe=recipe).delete()  # a read table: the events keep every version
    items = dict(Item.objects.filter(code__in=[r[0] for r in payload["lines"]["rows"]]).values_list("code", "id"))
    RecipeLine.objects.bulk_create([
        RecipeLine(recipe=recipe, position=n, ingredient_id=items[code], quantity=Decimal(qty), unit=unit)
        for n, (code, qty, unit) in enumerate(payload["lines"]["rows"], 1)])


@dataclass(frozen=True)
class RecipeOut:
    product: str
    batch_quantity: Decimal
    unit: str
    lines: list[RecipeLineOut]


def recipe_for(product: str) -> RecipeOut | None:
    """The product's recipe, ingredients in the order written; None when it has none."""
    recipe = Recipe.objects.filter(product__code=product).first()
    if recipe is None:
        return None
    lines = [RecipeLineOut(code, q, unit) for code, q, unit in
             recipe.lines.order_by("position").values_list("ingredient__code", "quantity", "unit")]
    return RecipeOut(product, recipe.batch_quantity, recipe.unit, lines)


read_table("recipe", 1, "SELECT i.code, r.batch_quantity, r.unit, r.event_seq FROM recipe r "
                        "JOIN item i ON i.id = r.product_id")
read_table("recipe_line", 2, "SELECT p.code AS product, l.position, i.code AS ingredient, l.quantity, l.unit "
                             "FROM recipe_line l "
                             "JOIN recipe r ON r.id = l.recipe_id JOIN item p ON p.id = r.product_id "
                             "JOIN item i ON i.id = l.ingredient_id")

"""Recipes, later discards and holds: the import files recorded after the lots, row by row.

They name lots and items of the same import, so they can only be checked once those are written,
and they go through the ledger's own verbs (set_recipe, discard_units, place_hold, release_hold)
so their rules are the ledger's, not a copy. They are small (a few rows a week), so one event per
row costs nothing. A row a verb refuses becomes a problem at its file and line, and the caller
rolls the whole import back. A row already recorded exactly so is skipped: importing the same
files twice adds nothing.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from lotline.catalog.recipes import RecipeLineIn, recipe_for, set_recipe
from lotline.catalog.units import canonical_unit, convert
from lotline.errors import ErrorCode, LotlineError, Problem
from lotline.lots.models import Discard, Hold, Lot
from lotline.lots.queries import find_lots
from lotline.lots.services import discard_units, place_hold, release_hold

from .csvfiles import parse_day, parse_quantity

Row = dict[str, str]  # CSV column -> trimmed value
STORED = Decimal("0.000001")  # the read tables keep 6 places


@dataclass
class Outcome:
    """What one file's rows came to: problems at their lines, rows added, rows already there."""

    file: str
    problems: list[Problem] = field(default_factory=list)
    added: int = 0
    unchanged: int = 0

    def bad(self, line: int, column: str, code: ErrorCode, message: str) -> None:
        self.problems.append(Problem(code, message, column, self.file, line))

    def refused(self, line: int, error: LotlineError, columns: dict[str, str]) -> None:
        """A verb's refusal, its fields named as the file's columns."""
        for p in error.problems:
            self.bad(line, columns.get(p.field, p.field), p.code, p.message)


def _parsed(out: Outcome, line: int, row: Row, dates: tuple[str, ...], quantities: tuple[str, ...],
            optional: tuple[str, ...] = ()) -> dict | None:
    """The row's dates and quantities as values (an empty `optional` one as None), or None after
    reporting each one that does not read."""
    values: dict[str, object] = {}
    for column in dates + quantities:
        text = row.get(column, "")
        try:
            if not text and column in optional:
                values[column] = None
            elif column in dates:
                values[column] = parse_day(text)
            elif not text:
                raise ValueError("a quantity is required")
            else:
                values[column] = parse_quantity(text)
        except ValueError as exc:
            # a QuantityError has its code; a date parse_day refused has none
            code = getattr(exc, "code", None) or (ErrorCode.NOT_A_DATE if text else ErrorCode.MISSING)
            out.bad(line, column, code, str(exc))
    return values if len(values) == len(dates + quantities) else None


def _lots(rows: list[tuple[int, Row]]) -> dict[str, Lot]:
    """The lot each row's lot_code names, in any case (lots.queries.find_lots)."""
    return find_lots({row["lot_code"] for _, row in rows})


# ---- discards.csv ----------------------------------------------------------------------------

def _discard_key(lot: Lot, on: dt.date, quantity: Decimal, unit: str, reason: str) -> tuple | None:
    """How a discard is stored: in the lot's unit, to 6 places (None when the unit does not convert)."""
    the_unit = canonical_unit(unit) if unit else lot.unit
    qty = convert(quantity, the_unit, lot.unit) if the_unit else None
    return None if qty is None else (lot.code, on, qty.quantize(STORED), reason)


def discards(rows: list[tuple[int, Row]], actor: str) -> Outcome:
    out = Outcome("discards.csv")
    lots = _lots(rows)
    stored = Discard.objects.filter(lot__in=lots.values()).values_list("lot__code", "discarded_on", "quantity",
                                                                       "reason")
    recorded = Counter((code, on, qty.quantize(STORED), reason) for code, on, qty, reason in stored)
    for line, row in rows:
        values = _parsed(out, line, row, ("discarded_on",), ("quantity",))
        if values is None:
            continue
        lot, reason = lots.get(row["lot_code"]), row["reason"].strip()
        key = lot and _discard_key(lot, values["discarded_on"], values["quantity"], row.get("unit", ""), reason)
        if key and recorded[key]:  # identical to one recorded: counted off, so two identical rows add one
            recorded[key] -= 1
            out.unchanged += 1
            continue
        try:
            # two identical rows are two discards (the file says so): not a near-twin to confirm
            discard_units(row["lot_code"], values["quantity"], reason=reason, unit=row.get("unit", ""),
                          on=values["discarded_on"], confirmed={ErrorCode.NEAR_TWIN}, actor=actor)
            out.added += 1
        except LotlineError as exc:
            out.refused(line, exc, {"lot": "lot_code", "on": "discarded_on"})
    return out


# ---- holds.csv -------------------------------------------------------------------------------

# The verbs' fields as the columns of holds.csv, while placing a hold and while releasing it
PLACING = {"lot": "lot_code", "reason": "reason", "on": "placed_on"}
RELEASING = {"lot": "lot_code", "reason": "release_reason", "on": "released_on"}


def holds(rows: list[tuple[int, Row]], actor: str) -> Outcome:
    """Each row is one hold, placed and (when released_on is given) released, in the file's order."""
    out = Outcome("holds.csv")
    lots = _lots(rows)
    for line, row in rows:
        values = _parsed(out, line, row, ("placed_on", "released_on"), (), optional=("released_on",))
        if values is None:
            continue
        placed, released = values["placed_on"], values["released_on"]
        release_reason = row.get("release_reason", "").strip()
        if released and released < placed:
            out.bad(line, "released_on", ErrorCode.IMPOSSIBLE_DATE, f"released on {released} but placed on {placed}")
            continue
        if released and not release_reason:
            out.bad(line, "release_reason", ErrorCode.MISSING, "say why it was released (a reason is kept in the log)")
            continue
        lot = lots.get(row["lot_code"])
        existing = Hold.objects.filter(lot=lot, placed_on=placed, reason=row["reason"].strip()) \
            .order_by("placed_seq").last() if lot else None
        columns = PLACING
        try:
            if existing is None:
                place_hold(row["lot_code"], reason=row["reason"], on=placed, actor=actor)
            elif existing.released_on == released or not released:
                out.unchanged += 1
                continue
            columns = RELEASING
            if released:
                release_hold(row["lot_code"], reason=release_reason, on=released, actor=actor)
            out.added += 1
        except LotlineError as exc:
            out.refused(line, exc, columns)
    return out


# ---- recipes.csv -----------------------------------------------------------------------------

def recipes(rows: list[tuple[int, Row]], actor: str) -> Outcome:
    """A product's rows, wherever they are in the file, make its recipe: one event per product."""
    out = Outcome("recipes.csv")
    by_product: dict[str, list[tuple[int, Row, dict]]] = {}
    for line, row in rows:
        values = _parsed(out, line, row, (), ("batch_quantity", "quantity"))
        if values is not None:
            by_product.setdefault(row["product_code"], []).append((line, row, values))
    for product, lines in by_product.items():
        first_line, _, first = lines[0]
        if differ := [line for line, _, v in lines if v["batch_quantity"] != first["batch_quantity"]]:
            out.bad(differ[0], "batch_quantity", ErrorCode.DIFFERS,
                    f"{product} makes {first['batch_quantity']} a batch on line {first_line}; one figure per recipe")
            continue
        wanted = [RecipeLineIn(row["ingredient_code"], v["quantity"], row.get("unit", "")) for _, row, v in lines]
        if _same_recipe(product, first["batch_quantity"], wanted):
            out.unchanged += len(lines)
            continue
        try:
            set_recipe(product, wanted, batch_quantity=first["batch_quantity"], actor=actor)
            out.added += len(lines)
        except LotlineError as exc:
            _recipe_refused(out, exc, [line for line, _, _ in lines])
    return out


def _same_recipe(product: str, batch_quantity: Decimal, wanted: list[RecipeLineIn]) -> bool:
    have = recipe_for(product)
    if have is None or have.batch_quantity != batch_quantity or len(have.lines) != len(wanted):
        return False
    return all(h.ingredient == w.ingredient and h.quantity == w.quantity and (not w.unit or canonical_unit(w.unit)
               == h.unit) for h, w in zip(have.lines, wanted, strict=True))


def _recipe_refused(out: Outcome, error: LotlineError, file_lines: list[int]) -> None:
    """set_recipe numbers its lines 1, 2, 3; the file names the line that row is on."""
    columns = {"product": "product_code", "ingredient": "ingredient_code", "lines": "ingredient_code"}
    for p in error.problems:
        n = p.row or 1
        out.bad(file_lines[n - 1], columns.get(p.field, p.field), p.code, p.message)


# ---- process_fields.csv, process.csv (lotline.process.importing) -----------------------------

def process_fields(rows: list[tuple[int, Row]], actor: str) -> Outcome:
    from lotline.process.importing import fields_file

    out = Outcome("process_fields.csv")
    fields_file(rows, actor, out)
    return out


def process_values(rows: list[tuple[int, Row]], actor: str) -> Outcome:
    from lotline.process.importing import values_file

    out = Outcome("process.csv")
    values_file(rows, actor, out)
    return out


# file -> the recorder of its rows, in the order they run (recipes first: a batch never needs one)
RECORDERS: dict[str, Callable[[list[tuple[int, Row]], str], Outcome]] = {
    "recipes.csv": recipes,
    "process_fields.csv": process_fields,
    "process.csv": process_values,
    "discards.csv": discards,
    "holds.csv": holds,
}

"""A market day's sales typed as text, one shipment a line, recorded as one shipment event.

Each line reads: QUANTITY [UNIT] LOT-CODE [to|for] CUSTOMER, for example

    24 jars SJ-20260304-A to Saturday market
    6 HS-20260301-B order #1847
    12 SJ-20260304-A

The unit is optional (the lot's own unit), "to"/"for" are optional, the customer is a customer
ref (SATMKT), its name or words of it ("Saturday market"); a line without one goes to the day's
customer. Several sales may share a line, separated by ";" or by a comma and a space before the
next quantity ("24 SJ-... to market, 6 HS-... to order #1847"). Lot codes may be typed in lower case.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from decimal import Decimal

from lotline.catalog.models import Customer
from lotline.catalog.queries import find_customer
from lotline.catalog.units import canonical_unit
from lotline.errors import ErrorCode, LotlineError, NeedsConfirmation, Problem
from lotline.quantities import QuantityError, read

from .services import ShipmentLine, Shipped, ship_units
from .stock import stored_codes

SEPARATOR = re.compile(r";|,\s+(?=\d)")  # "1,5 kg" is one and a half kilos, not two sales
TO_WORDS = {"to", "for", "->", "@"}


@dataclass(frozen=True)
class MarketLine:
    """One sale as typed, the line it was typed on (several sales may share one), and what it records."""

    line: int
    text: str
    shipment: ShipmentLine


def _unit(words: list[str]) -> tuple[str, int]:
    """The unit the words after the quantity start with, and how many words it takes (0: none).

    The lot code must still follow, so "24 unit" reads as a lot named "unit", not a missing code."""
    for size in (2, 1):
        if len(words) > size and (unit := canonical_unit(" ".join(words[:size]))):
            return unit, size
    return "", 0


def _parts(text: str) -> list[tuple[int, str, bool]]:
    """(line, text, shares its line) of each sale typed: blank lines are skipped, line numbers are the
    typed ones."""
    parts = []
    for n, line in enumerate(text.splitlines(), 1):
        pieces = [p.strip() for p in SEPARATOR.split(line) if p.strip()]
        parts += [(n, piece, len(pieces) > 1) for piece in pieces]
    return parts


def _by_every_word(words: str) -> str | None:
    """The one customer whose name has every word typed ("Saturday market" for Saturday farmers
    market), or None: a stall keeper writes a short name, but two customers are never guessed between."""
    found = Customer.objects.all()
    for word in words.split():
        found = found.filter(name__icontains=word)
    refs = list(found.values_list("ref", flat=True)[:2])
    return refs[0] if len(refs) == 1 else None


def parse_market_day(text: str, *, shipped_on: dt.date, customer: str = "", reference_doc_type: str = "",
                     reference_doc: str = "") -> list[MarketLine]:
    """The sales in `text`; a LotlineError naming every line that cannot be read (nothing is recorded)."""
    problems: list[Problem] = []
    found: list[tuple[int, str, Decimal, str, str, str]] = []
    customers: dict[str, str] = {}

    def customer_ref(words: str) -> str:
        if words not in customers:
            try:
                customers[words] = find_customer(words).ref
            except LotlineError as error:
                if error.code != ErrorCode.UNKNOWN_CUSTOMER or (ref := _by_every_word(words)) is None:
                    raise
                customers[words] = ref
        return customers[words]

    for n, piece, shared in _parts(text):
        def refuse(code: ErrorCode, message: str, field: str, n: int = n, piece: str = piece,
                shared: bool = shared) -> None:
            """A problem at the line, and the sale as typed when the line has several."""
            problems.append(Problem(code, message, field, row=n, typed=piece if shared else ""))

        words = piece.split()
        try:
            quantity = read(words[0].lower().removesuffix("x"))  # "24x" as on a tally sheet
        except QuantityError as error:
            message = error.message if error.code != ErrorCode.NOT_A_NUMBER else (
                f"{words[0]!r} is not a quantity: start with how many (\"24 SJ-20260304-A to Saturday market\")")
            refuse(error.code, message, "quantity")
            continue
        unit, size = _unit(words[1:])
        rest = words[1 + size:]
        if not rest:
            refuse(ErrorCode.MISSING, "which lot? write its code after the quantity", "lot")
            continue
        lot, rest = rest[0], rest[1:]
        if rest and rest[0].lower() in TO_WORDS:
            rest = rest[1:]
        who = " ".join(rest) or customer.strip()
        if not who:
            refuse(ErrorCode.MISSING, "to which customer? end the line with \"to\" and the customer, or choose the "
                "day's customer", "customer")
            continue
        try:
            found.append((n, piece, quantity, unit, lot, customer_ref(who)))
        except LotlineError as error:
            refuse(error.code, error.message, "customer")
    if not found and not problems:
        problems.append(Problem(ErrorCode.MISSING, "nothing to ship: write one sale a line", "lines"))
    if problems:
        raise LotlineError(problems[0].code, "nothing was shipped: fix the lines named", field=problems[0].field,
                           problems=problems)
    codes = stored_codes({lot for *_, lot, _ref in found})
    return [MarketLine(n, piece, ShipmentLine(codes[lot], ref, quantity, shipped_on, unit, reference_doc_type,
                                              reference_doc))
            for n, piece, quantity, unit, lot, ref in found]


def ship_market_day(lines: Sequence[MarketLine], *, confirmed: Collection[str] = frozenset(),
                    actor: str) -> list[Shipped]:
    """Record every sale in one shipment event, or none; a problem (or warning) names the line as typed."""
    try:
        return ship_units([line.shipment for line in lines], confirmed=confirmed, actor=actor)
    except LotlineError as error:
        problems = [_typed(p, lines) for p in error.problems]
        if isinstance(error, NeedsConfirmation):
            raise NeedsConfirmation(problems) from error
        raise LotlineError(error.code, error.message, field=error.field, problems=problems) from error


def _typed(problem: Problem, lines: Sequence[MarketLine]) -> Problem:
    """ship_units numbers its lines 1, 2, 3 (a problem of a single line may have no number); say
    where each was typed, and what."""
    n = problem.row if problem.row is not None else 1 if len(lines) == 1 else 0
    if not 1 <= n <= len(lines):
        return problem
    line = lines[n - 1]
    return problem.at(line.line, row_label="line", typed=line.text)

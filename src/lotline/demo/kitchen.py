"""The demo kitchen's memory of what it holds, recording everything through the domain verbs.

The kitchen remembers, per ingredient, the open lots and how much of each is still free, and per
product the batches with units still unsold. A scripted story reserves what it will need later
(`keep`), so the ordinary history never takes the jars the story ships on a given day.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from lotline.catalog import services as catalog
from lotline.catalog.units import convert
from lotline.errors import ErrorCode
from lotline.lots import services as lots
from lotline.lots.services import InputLine, ShipmentLine
from lotline.process.services import make_batch

from .cast import LOT_PREFIX, MAKERS, RECIPES, SOURCES

# The process values the demo's cooks write down: (lowest, highest, decimal places) of each, on target
MEASURED = {"SJ": {"cook_time": (21, 29, 0), "peak_temp": (103.2, 104.9, 1), "brix": (65.2, 68.5, 1)},
            "HS": {"cook_time": (16, 24, 0), "peak_temp": (86.0, 94.0, 1), "ph": (3.4, 3.9, 2),
                   "fill_temp": (86.0, 92.0, 1)}}

ACTORS = {"Maria": "maria", "Sam": "sam"}
MARGIN = Decimal("0.001")  # a lot is taken to the end rather than leave a crumb (rounding between units)
# The kitchen takes lots oldest first, as a busy kitchen does: berries a day past their best-by
# date go into jam, and Maria confirms it (the lot pages show it).
AS_IT_WAS = frozenset({ErrorCode.EXPIRED_INPUT})


@dataclass
class Stock:
    """A lot or batch the kitchen still has free units of (in the lot's own unit)."""

    code: str
    unit: str
    day: dt.date
    left: Decimal


class Kitchen:
    def __init__(self, seed: int) -> None:
        self.rnd = random.Random(seed)
        self.probe = random.Random(seed + 1)  # process values: their own numbers, so the rest stays as it was
        self.pantry: dict[str, list[Stock]] = defaultdict(list)  # ingredient -> open lots, oldest first
        self.shelf: dict[str, list[Stock]] = defaultdict(list)  # product -> batches with free units
        self.held: set[str] = set()
        self.counts: Counter[str] = Counter()
        self._docs: Counter[str] = Counter()

    # --- receiving ---------------------------------------------------------------------------

    def doc(self, prefix: str, start: int = 1000) -> str:
        self._docs[prefix] += 1
        return f"{prefix}{start + self._docs[prefix]}"

    def receive(self, item: str, day: dt.date, *, supplier: str = "", quantity: Decimal | None = None,
                unit: str = "", supplier_lot: str = "", doc_type: str = "invoice", doc: str = "",
                keep: Decimal = Decimal(0), at_least: Decimal = Decimal(0)) -> str:
        """Buy a lot; `keep` of it is set aside for the story, the rest is free for ordinary batches."""
        source = SOURCES[item]
        supplier = supplier or self.rnd.choice(source.suppliers)
        unit = unit or source.unit
        if quantity is None:
            usual = source.size * Decimal(str(round(self.rnd.uniform(0.8, 1.3), 1)))
            quantity = max(usual, (at_least * Decimal("1.2")).quantize(Decimal("1")))
        prefix = LOT_PREFIX[supplier]
        if not supplier_lot:
            serial = self.rnd.randrange(10000, 99000) if supplier == "AMAZON" else f"{day:%y%m%d}"
            supplier_lot = f"{prefix}{serial}"
        if not doc and supplier == "AMAZON":
            doc_type, doc = "order", f"114-{self.rnd.randrange(10**6, 10**7)}"
        elif not doc:
            doc = self.doc(f"{prefix.rstrip('-')}-INV-")
        best_by = day + dt.timedelta(days=source.keeps_days) if source.keeps_days else None
        code = lots.receive_lot(item=item, supplier=supplier, quantity=quantity, unit=unit, received_on=day,
                                supplier_lot=supplier_lot, best_by=best_by, reference_doc_type=doc_type,
                                reference_doc=doc, confirmed=AS_IT_WAS, actor="maria").code
        self.pantry[item].append(Stock(code, unit, day, quantity - keep))
        self.counts["received lots"] += 1
        return code

    def take(self, item: str, quantity: Decimal, unit: str, day: dt.date) -> list[InputLine]:
        """Use ingredient from the oldest open lots, buying more when they run out."""
        lines, need = [], quantity
        while need > 0:
            open_lots = [s for s in self.pantry[item] if s.left > 0]
            if not open_lots:
                self.receive(item, day, at_least=convert(need, unit, SOURCES[item].unit) or need)
                continue
            lot = open_lots[0]
            have = convert(lot.left, lot.unit, unit)
            assert have is not None
            if have > need + MARGIN:
                lines.append(InputLine(lot.code, need, unit))
                used = convert(need, unit, lot.unit)
                assert used is not None
                lot.left -= used
                need = Decimal(0)
            else:
                lines.append(InputLine(lot.code, lot.left, lot.unit))
                need -= have
                lot.left = Decimal(0)
        self.pantry[item] = [s for s in self.pantry[item] if s.left > 0]
        return lines

    # --- products ------------------------------------------------------------------------------

    def free(self, product: str) -> Decimal:
        return sum((s.left for s in self.shelf[product] if s.code not in self.held), Decimal(0))

    def pick(self, product: str, quantity: Decimal) -> list[tuple[str, Decimal]]:
        """Units of a product from the oldest batches (at most `quantity`, fewer if the shelf is short)."""
        picked, need = [], quantity
        for stock in self.shelf[product]:
            if need <= 0:
                break
            if stock.code in self.held or stock.left <= 0:
                continue
            q = min(need, stock.left)
            picked.append((stock.code, q))
            stock.left -= q
            need -= q
        self.shelf[product] = [s for s in self.shelf[product] if s.left > 0]
        return picked

    def make(self, product: str, day: dt.date, *, given: dict[str, list[InputLine]] | None = None,
             made: int | None = None, discarded: int | None = None, keep: int = 0, rework: bool = False,
             scale: Decimal = Decimal(1), made_by: str = "") -> str | None:
        """Make a batch to its recipe; `given` names the exact lots for some of its items.

        Returns None (and records nothing) when an earlier product it needs is not on the shelf.
        """
        given = given or {}
        recipe = RECIPES[product]
        needs = [(code, qty * scale) for code, qty in recipe.products if code not in given]
        if any(self.free(code) < qty for code, qty in needs):
            return None
        lines = [line for lines in given.values() for line in lines]
        for code, qty, unit in recipe.ingredients:
            if code not in given:
                lines += self.take(code, qty * scale, unit, day)
        for code, qty in needs:
            lines += [InputLine(c, q) for c, q in self.pick(code, qty)]
        if rework and (earlier := self.pick(product, Decimal(2))):
            lines += [InputLine(c, q) for c, q in earlier]
            self.counts["reworked batches"] += 1
        if made is None:
            made = max(1, int(recipe.units * scale * Decimal(str(round(self.rnd.uniform(0.85, 1.05), 2)))))
        if discarded is None:
            discarded = max(1, int(made * self.rnd.uniform(0.02, 0.08))) if self.rnd.random() < 0.15 else 0
        made_by = made_by or self.rnd.choice(MAKERS)
        batch: dict[str, Any] = {
            "product": product, "quantity_produced": Decimal(made), "produced_on": day, "inputs": lines,
            "quantity_discarded": Decimal(discarded), "made_by": made_by, "equipment": recipe.equipment,
            "confirmed": AS_IT_WAS, "actor": ACTORS[made_by]}
        if product in MEASURED:
            code = make_batch(process=self.measure(product), **batch)[0].code
        else:
            code = lots.record_batch(**batch).code
        self.shelf[product].append(Stock(code, "unit", day, Decimal(made - discarded - keep)))
        self.counts["batches"] += 1
        return code

    def measure(self, product: str) -> dict[str, str]:
        """What the cook wrote down: on target, but one batch in eight boiled over (above its peak)."""
        values = {name: f"{self.probe.uniform(low, high):.{places}f}"
                  for name, (low, high, places) in MEASURED[product].items()}
        if self.probe.random() < 0.125:
            _low, high, places = MEASURED[product]["peak_temp"]
            values |= {"peak_temp": f"{high + self.probe.uniform(1, 2.5):.{places}f}", "notes": "boiled over once"}
        return values

    # --- customers -------------------------------------------------------------------------------

    def ship(self, customer: str, day: dt.date, picks: Iterable[tuple[str, Decimal]], *, doc_type: str = "",
             doc: str = "") -> list[str]:
        lines = [ShipmentLine(code, customer, qty, day, reference_doc_type=doc_type, reference_doc=doc)
                 for code, qty in picks if qty > 0]
        if not lines:
            return []
        self.counts["shipments"] += len(lines)
        return [r.code for r in lots.ship_units(lines, confirmed=AS_IT_WAS, actor="maria")]

    def order(self, customer: str, day: dt.date, wants: Sequence[tuple[str, int]], *, doc_type: str,
              doc: str) -> list[str]:
        """Ship what a customer asked for, as far as the shelf allows."""
        picks = [p for product, qty in wants for p in self.pick(product, Decimal(qty))]
        return self.ship(customer, day, picks, doc_type=doc_type, doc=doc)

    def add_customer(self, ref: str, name: str, kind: str, contact: str) -> None:
        catalog.add_records("customer", [{"ref": ref, "name": name, "kind": kind, "contact": contact}],
                            actor="maria")
        self.counts["online orders"] += 1

    # --- housekeeping ---------------------------------------------------------------------------

    def throw_out_old(self, day: dt.date, what: str, older_than_days: int, reason: str) -> None:
        """Discard what is left of lots or batches older than a number of days (spoiled, stale)."""
        stocks = self.pantry[what] if what in SOURCES else self.shelf[what]
        for stock in stocks:
            if stock.left > 0 and stock.code not in self.held and (day - stock.day).days > older_than_days:
                lots.discard_units(stock.code, stock.left, unit=stock.unit, reason=reason, on=day,
                                   confirmed=AS_IT_WAS, actor="maria")
                stock.left = Decimal(0)
                self.counts["discards"] += 1

    def latest(self, product: str) -> Stock:
        return self.shelf[product][-1]

    def hold(self, code: str, day: dt.date, reason: str) -> None:
        lots.place_hold(code, reason=reason, on=day, actor="maria")
        self.held.add(code)

    def release(self, code: str, day: dt.date, reason: str) -> None:
        lots.release_hold(code, reason=reason, on=day, actor="maria")
        self.held.discard(code)

    def fail(self, code: str, day: dt.date, reason: str) -> None:
        lots.mark_failed(code, reason=reason, on=day, actor="maria")
        for stocks in self.shelf.values():
            stocks[:] = [s for s in stocks if s.code != code]
        self.counts["failed batches"] += 1

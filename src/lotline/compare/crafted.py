"""A crafted history for the comparison's tests: 20 batches of strawberry jam where the batches made
with Hillside Orchard's strawberries failed and equipment and people vary with no pattern.

The supplier is the cause and must rank first. Equipment and people are shuffled (seeded) but
balanced within each supplier's batches, so that they separate nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from lotline.lots.services import InputLine, receive_lot, record_batch
from lotline.testing import ACTOR, ANYWAY, add_jam_seller_catalog

FIRST_DAY = dt.date(2026, 1, 5)


@dataclass(frozen=True)
class Crafted:
    good: str        # a batch made with Valley Farm's strawberries (A)
    failed: str      # a failed batch made with Hillside Orchard's (B)
    batches: tuple[str, ...]


def record_crafted_history(*, actor: str = ACTOR) -> Crafted:
    """10 strawberry lots (7 Valley Farm, 3 Hillside Orchard), each into two batches a day and two
    days after it came; the 6 Hillside batches failed."""
    add_jam_seller_catalog(actor=actor)
    shuffle = random.Random(15).shuffle
    sugar = receive_lot(item="SUGAR", supplier="COSTCO", quantity=Decimal(100), unit="kg",
                        received_on=FIRST_DAY - dt.timedelta(days=3), supplier_lot="C-SUG-9", actor=actor).code
    suppliers = ["VALLEY"] * 7 + ["HILL"] * 3
    shuffle(suppliers)
    kit = {s: [(k, p) for k in ("KETTLE1", "KETTLE2") for p in ("alice", "bob")] * 4 for s in ("VALLEY", "HILL")}
    for pairs in kit.values():
        shuffle(pairs)
    batches, good, failed = [], "", ""
    for n, supplier in enumerate(suppliers):
        on = FIRST_DAY + dt.timedelta(days=3 * n)
        straw = receive_lot(item="STRAW", supplier=supplier, quantity=Decimal(20), unit="kg", received_on=on,
                            supplier_lot=f"{supplier[:2]}-{n:02d}", actor=actor).code
        for later in (1, 2):
            kettle, person = kit[supplier].pop()
            code = record_batch(product="SJ", quantity_produced=Decimal(40), produced_on=on + dt.timedelta(days=later),
                                inputs=[InputLine(straw, Decimal(8)), InputLine(sugar, Decimal(4))],
                                equipment=kettle, made_by=person, failed=supplier == "HILL", confirmed=ANYWAY,
                                actor=actor).code
            batches.append(code)
            if supplier == "VALLEY" and later == 1 and (kettle, person) == ("KETTLE1", "alice"):
                good = good or code
            if supplier == "HILL" and later == 2 and (kettle, person) == ("KETTLE2", "bob"):
                failed = failed or code
    return Crafted(good, failed, tuple(batches))

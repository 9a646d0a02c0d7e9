"""The jam story, carried further for recall cases: tarts packed into gift hampers, broken tarts
reworked into a later batch of tarts, a second kitchen. Recorded through the verbs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from lotline.catalog.services import add_records
from lotline.lots.services import InputLine, ShipmentLine, record_batch, ship_units
from lotline.recalls.answers import CaseDetails
from lotline.recalls.services import open_case
from lotline.testing import ACTOR, JamStory


def open_valley_case(actor: str = ACTOR) -> CaseDetails:
    """R-1: Valley Farm's notice about the strawberries it sold from 1 to 5 March (the jam story's lot)."""
    return open_case(supplier="Valley Farm", item="STRAW", first=dt.date(2026, 3, 1), last=dt.date(2026, 3, 5),
                     actor=actor)


@dataclass(frozen=True)
class Hampers:
    hamper: str  # gift hampers (3/9) holding 12 of the tarts
    rework: str  # tarts (3/10) made with 5 broken tarts of the 3/6 batch: the same product again


def pack_hampers_and_rework(story: JamStory) -> Hampers:
    """Jam in tarts in a hamper, and tarts reworked into tarts; 2 hampers go to the co-op."""
    add_records("item", [{"code": "GH", "name": "Gift hamper", "kind": "product", "unit": "unit"}], actor=ACTOR)
    hamper = record_batch(product="GH", quantity_produced=Decimal(6), produced_on=dt.date(2026, 3, 9),
                          inputs=[InputLine(story.tarts, Decimal(12))], actor=ACTOR).code
    rework = record_batch(product="JT", quantity_produced=Decimal(20), produced_on=dt.date(2026, 3, 10),
                          inputs=[InputLine(story.tarts, Decimal(5))], actor=ACTOR).code
    ship_units([ShipmentLine(hamper, "GOODEARTH", Decimal(2), dt.date(2026, 3, 11))], actor=ACTOR)
    return Hampers(hamper, rework)


def second_kitchen() -> None:
    add_records("site", [{"code": "K2", "name": "Market kitchen"}], actor=ACTOR)

"""The quality answers, typed once: the verbs return them, the queries read them back, the pages,
the API and `lotline results` show them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class ResultView:
    """One lab result as recorded, judged against its item's spec when it was recorded."""

    result: str  # LR-n
    lot: str
    sample: str  # "" when the lot was tested with no sample drawn
    analyte: str
    method: str
    value: Decimal | None
    text: str
    unit: str
    limit: str  # the lab's limit, as stated
    lab: str
    tested_on: dt.date | None
    in_spec: bool | None  # None: the item has no spec for the analyte
    spec: str  # the spec's limit as text ("at most 4.6 pH"), "" with no spec
    coa_sha256: str
    coa_name: str
    recorded_by: str
    event_seq: int
    corrects: str = ""  # the result this one corrects (LR-n)
    reason: str = ""  # why it corrects it
    corrected_by: str = ""  # the result that corrects this one: "" while it is current

    @property
    def shown(self) -> str:
        """The result as people read it: "4.2 pH", "not detected"."""
        from lotline.quantities import exact

        said = exact(self.value) if self.value is not None else self.text
        return f"{said} {self.unit}".strip() if self.value is not None else said


@dataclass(frozen=True)
class RecordedResults:
    """What record_results (or a correction) recorded: its event, the lot and sample tested, each
    result with its in_spec, the lots held because of it and the recall case proposal made ("")."""

    seq: int
    lot: str
    sample: str
    results: list[ResultView]
    held: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # lots already on hold, whose release now needs two people
    proposal: str = ""

    @property
    def out_of_spec(self) -> list[ResultView]:
        return [r for r in self.results if r.in_spec is False]

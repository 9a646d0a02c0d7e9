"""Sites compared: for a network of sites, each site's figures per product side by side, and the
figures that differ most from the network's highlighted.

A column is one small function from the period to its figures by (site, product): adding one (the
lab's out-of-spec rate was the last) is a function and a line in COLUMNS. The rule for highlighting, the same for
every column: among the sites making a product (three at least), a site's figure is highlighted when
it lies more than 2 median absolute deviations from the median of the sites' figures, the deviation
taken as at least the column's `floor` so that sites all but alike are not told apart by a hair.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import Annotated

from django.db import connection

from lotline.days import today
from lotline.quality.queries import spec_failures

from . import groups, sql
from .queries import BatchYield, check_period, yields_between

WINDOW_DAYS = 365
SPREAD = 2  # median absolute deviations
MIN_SITES = 3
Key = tuple[str, str]  # (site code, product code)


@dataclass(frozen=True)
class Cell:
    """One figure of a site for a product."""

    column: str
    value: Annotated[Decimal | None, "The figure (a %, a median, a rate); null: none"]
    count: Annotated[int | None, "What it counts: failed batches, complaints, lots out of spec"] = None
    of: Annotated[Decimal | None, "Out of: batches, units shipped, lots tested"] = None
    network: Annotated[Decimal | None, "The median of the network's sites making the product"] = None
    highlighted: Annotated[bool, "Differs most from the network (the rule is in `rule`)"] = False


@dataclass(frozen=True)
class Period:
    first: dt.date
    last: dt.date

    @cached_property
    def batches(self) -> list[BatchYield]:
        return yields_between(self.first, self.last)

    @cached_property
    def by_site(self) -> dict[Key, groups.Group]:
        return {(g.key.split("|")[0], g.key.split("|")[1]): g
                for g in groups.grouped(self.batches, lambda b: [f"{b.site}|{b.product}"])}


Figures = Callable[[Period], dict[Key, Cell]]


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    figures: Figures
    floor: Decimal  # the smallest deviation that counts (see the rule)
    counted: str = ""  # what a cell's count is, in words: "failed"
    out_of: str = ""  # what it is out of: "batches"


def median_yield(period: Period) -> dict[Key, Cell]:
    return {k: Cell("median_yield", g.median_yield, g.with_yield, Decimal(g.batches))
            for k, g in period.by_site.items()}


def failed_rate(period: Period) -> dict[Key, Cell]:
    return {k: Cell("failed_rate", g.failed_rate, g.failed, Decimal(g.batches)) for k, g in period.by_site.items()}


def complaints_per_1000(period: Period) -> dict[Key, Cell]:
    """Complaints (by the day they came) per 1,000 units of our batches shipped (by the day they left)."""
    with connection.cursor() as cur:
        bounds, params = sql.when("c.complained_on", period.first, period.last)
        cur.execute(sql.COMPLAINTS.format(when=bounds), params)
        complaints = {(s, p): n for s, p, n in cur.fetchall()}
        bounds, params = sql.when("s.shipped_on", period.first, period.last)
        cur.execute(sql.SHIPPED.format(when=bounds), params)
        shipped = {(s, p): sql.micro(q) for s, p, q in cur.fetchall()}
    cells = {}
    for key in complaints.keys() | shipped.keys():
        n, units = complaints.get(key, 0), shipped.get(key, Decimal(0))
        rate = (Decimal(1000 * n) / units).quantize(groups.PERCENT) if units else None
        cells[key] = Cell("complaints_per_1000", rate, n, units)
    return cells


def out_of_spec_rate(period: Period) -> dict[Key, Cell]:
    """Of the batches made in the period and tested, the share with a current out-of-spec result (quality's
    specs). Ingredient lots are a supplier's, not a site's: only the products the site made are counted."""
    made = period.by_site
    return {key: Cell("out_of_spec_rate", (Decimal(100 * bad) / tested).quantize(groups.PERCENT), bad, Decimal(tested))
            for key, (tested, bad) in spec_failures(period.first, period.last).items() if key in made and tested}


COLUMNS: list[Column] = [
    Column("median_yield", "median yield %", median_yield, Decimal(1), "with a yield", "batches"),
    Column("failed_rate", "failed batches %", failed_rate, Decimal(1), "failed", "batches"),
    Column("complaints_per_1000", "complaints per 1,000 units shipped", complaints_per_1000, Decimal("0.5"),
           "complaints", "units shipped"),
    Column("out_of_spec_rate", "batches out of spec %", out_of_spec_rate, Decimal(1), "out of spec", "batches tested"),
]

def rule(columns: list[Column]) -> str:
    """The rule in words, with each column's floor (a column added says its own)."""
    floors = "; ".join(f"{c.floor} for {c.label}" for c in columns)
    return (f"Figures are over the batches made, units shipped and complaints received in the period. The yield is "
            f"the median of the batches that did not fail and whose yield is known (output kg over inputs kg). A "
            f"figure is highlighted when at least {MIN_SITES} sites make the product and it lies more than {SPREAD} "
            f"median absolute deviations from the median of those sites' figures (the network's figure shown beside "
            f"it); the deviation is taken as at least {floors}.")


@dataclass(frozen=True)
class SiteRow:
    site: str
    product: str
    cells: list[Cell]

    @property
    def highlighted(self) -> bool:
        return any(c.highlighted for c in self.cells)


@dataclass(frozen=True)
class ColumnHead:
    key: str
    label: str
    counted: str
    out_of: str


@dataclass(frozen=True)
class SitesCompared:
    first: dt.date
    last: dt.date
    columns: list[ColumnHead]
    rows: Annotated[list[SiteRow], "One per site and product, by product then site"]
    rule: str


def sites_compared(*, first: dt.date | None = None, last: dt.date | None = None,
                   columns: list[Column] | None = None) -> SitesCompared:
    """Each site's figures per product, over a period (by default the 12 months up to today)."""
    last = last or today()
    first = first or last - dt.timedelta(days=WINDOW_DAYS - 1)
    check_period(first, last)
    period, columns = Period(first, last), columns or COLUMNS
    figures = {c.key: highlighted(c.figures(period), c.floor) for c in columns}
    keys = sorted({k for cells in figures.values() for k in cells}, key=lambda k: (k[1], k[0]))
    rows = [SiteRow(site, product, [figures[c.key].get((site, product), Cell(c.key, None)) for c in columns])
            for site, product in keys]
    return SitesCompared(first, last, [ColumnHead(c.key, c.label, c.counted, c.out_of) for c in columns], rows,
                         rule(columns))


def highlighted(cells: dict[Key, Cell], floor: Decimal) -> dict[Key, Cell]:
    """The cells with the network's figure for their product and, by the rule, whether they stand out."""
    by_product: dict[str, list[Decimal]] = defaultdict(list)
    for (_site, product), cell in cells.items():
        if cell.value is not None:
            by_product[product].append(cell.value)
    out = {}
    for (site, product), cell in cells.items():
        values = by_product[product]
        middle = Decimal(statistics.median(values)).quantize(groups.PERCENT) if values else None
        spread = max(Decimal(statistics.median([abs(v - middle) for v in values])), floor) if middle is not None \
            else floor
        stands_out = (cell.value is not None and middle is not None and len(values) >= MIN_SITES
                      and abs(cell.value - middle) > SPREAD * spread)
        out[(site, product)] = Cell(cell.column, cell.value, cell.count, cell.of, middle, stands_out)
    return out

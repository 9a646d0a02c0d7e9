"""The plots of a product's yields, each with the rows of its CSV: the same numbers draw the chart and
fill the file, so what a person downloads is what they saw.

The page shows a window of the product's history (by default the 12 months up to its last batch);
the time charts draw at most the window's last 500 batches (the page says so when there are more),
and the bars group every batch of the window.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from . import charts, groups
from .groups import Group, percent
from .queries import BatchYield, product_yields

MAX_POINTS = 500
WINDOW_DAYS = 365
PLOTS = ("yield", "discarded", "site", "equipment", "supplier")


@dataclass(frozen=True)
class Plot:
    slug: str  # in the CSV's address: yield, discarded, site...
    title: str
    description: str
    svg: str
    header: tuple[str, ...]
    rows: Sequence[tuple[str, ...]]


@dataclass(frozen=True)
class ProductPlots:
    product: str
    first: dt.date | None
    last: dt.date | None
    batches: int  # in the window
    drawn: int  # batches on the time charts
    main_ingredient: str
    unknown: str  # why no yield is known, when none is
    plots: list[Plot] = field(default_factory=list)

    def plot(self, slug: str) -> Plot | None:
        return next((p for p in self.plots if p.slug == slug), None)


def window(product: str, first: dt.date | None, last: dt.date | None) -> tuple[dt.date | None, dt.date | None]:
    """The dates asked for, or the 12 months up to the product's last batch."""
    if first or last:
        return first, last
    latest = product_latest(product)
    return (latest - dt.timedelta(days=WINDOW_DAYS - 1), latest) if latest else (None, None)


def product_latest(product: str) -> dt.date | None:
    from lotline.catalog.queries import find_item
    from lotline.lots.models import Lot

    item = find_item(product, kind="product", field="product")
    # lot_item_site_date_idx starts with the item: its last date is read from the index
    return Lot.objects.filter(item=item, kind="batch").order_by("-lot_date").values_list("lot_date", flat=True).first()


def product_plots(product: str, *, first: dt.date | None = None, last: dt.date | None = None) -> ProductPlots:
    first, last = window(product, first, last)
    batches = product_yields(product, first=first, last=last)
    shown = batches[-MAX_POINTS:]
    code = batches[0].product if batches else product.upper()
    main = batches[-1].main_ingredient if batches else ""
    known = any(b.ratio is not None for b in batches)
    unknown = "" if known else next((b.why for b in batches if b.why), "")
    plots = []
    if batches:
        if known:
            plots.append(_yield_plot(code, shown, len(batches)))
        plots.append(_discarded_plot(code, shown, len(batches)))
        if known:
            plots += [_group_plot(code, batches, g, main) for g in ("site", "equipment", "supplier")]
    return ProductPlots(code, first, last, len(batches), len(shown), main, unknown, plots)


def _period(batches: Sequence[BatchYield]) -> str:
    return "week" if (batches[-1].produced_on - batches[0].produced_on).days <= 120 else "month"


def _of_how_many(shown: int, total: int) -> str:
    return f"the last {shown} of {total} batches" if shown < total else f"{total} batches"


def _yield_plot(code: str, batches: Sequence[BatchYield], total: int) -> Plot:
    period = _period(batches)
    medians = {g.key: g for g in groups.by(batches, period)}
    key = groups.GROUPINGS[period]
    points = [charts.Point(b.produced_on, percent(b.ratio) if b.ratio is not None else None, b.failed, b.batch)
              for b in batches if b.ratio is not None or b.failed]
    line: dict[str, tuple[dt.date, Decimal]] = {}
    for b in batches:
        g = medians[key(b)[0]]
        if g.median_yield is not None:
            line.setdefault(g.key, (b.produced_on, g.median_yield))
    failed = sum(b.failed for b in batches)
    description = (f"Yield of each batch of {code} (output kg over inputs kg, %), {_of_how_many(len(batches), total)}"
                   f", with the median of each {period}; {failed} failed batches are crosses.")
    svg = charts.time_chart(f"plot-yield-{code}", title=f"Yield of {code} by batch", description=description,
                            y_label="yield %", points=points, line=list(line.values()),
                            line_label=f"median of the {period}")
    rows = [(b.batch, str(b.produced_on), b.site, "" if b.ratio is None else str(percent(b.ratio)),
             "yes" if b.failed else "no", key(b)[0], _text(medians[key(b)[0]].median_yield))
            for b in batches if b.ratio is not None or b.failed]
    return Plot("yield", f"Yield by batch ({period}ly median)", description, svg,
                ("batch", "produced_on", "site", "yield_percent", "failed", period, "median_yield_percent"), rows)


def _share(b: BatchYield) -> Decimal:
    return percent(b.discarded / b.output) if b.output else Decimal(0)


def _discarded_plot(code: str, batches: Sequence[BatchYield], total: int) -> Plot:
    points = [charts.Point(b.produced_on, _share(b), b.failed, b.batch) for b in batches]
    description = (f"Units discarded at production and after, % of what each batch of {code} made, "
                   f"{_of_how_many(len(batches), total)}; failed batches are crosses.")
    svg = charts.time_chart(f"plot-discarded-{code}", title=f"Discarded from each batch of {code}",
                            description=description, y_label="discarded %", points=points, from_zero=True)
    rows = [(b.batch, str(b.produced_on), b.site, str(b.output), str(b.discarded), b.unit, str(_share(b)),
             "yes" if b.failed else "no") for b in batches]
    return Plot("discarded", "Discarded by batch", description, svg,
                ("batch", "produced_on", "site", "made", "discarded", "unit", "discarded_percent", "failed"), rows)


TITLES = {"site": "by site", "equipment": "by equipment", "supplier": "by supplier of the main ingredient"}


def _group_plot(code: str, batches: Sequence[BatchYield], grouping: str, main: str) -> Plot:
    found = groups.by(batches, grouping)
    what = f"by supplier of {main}" if grouping == "supplier" and main else TITLES[grouping]
    bars = [charts.Bar(g.key, g.median_yield, f"{g.batches} batches", g.failed) for g in found]
    description = (f"Median yield of {code}'s batches {what} (failed batches left out of the median and counted "
                   f"apart), over {len(batches)} batches.")
    svg = charts.bar_chart(f"plot-{grouping}-{code}", title=f"Yield of {code} {what}", description=description,
                           bars=bars)
    return Plot(grouping, f"Yield {what}", description, svg, GROUP_HEADER, [group_row(g) for g in found])


GROUP_HEADER = ("group", "batches", "failed", "failed_percent", "with_yield", "median_yield_percent")


def group_row(g: Group) -> tuple[str, ...]:
    return (g.key, str(g.batches), str(g.failed), str(g.failed_rate), str(g.with_yield), _text(g.median_yield))


def _text(value: Decimal | None) -> str:
    return "" if value is None else str(value)

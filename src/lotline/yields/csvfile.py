"""The CSV behind each plot and behind the sites table, every cell neutralised (lotline.cells)."""

from __future__ import annotations

import io
from decimal import Decimal

from lotline.cells import CsvWriter

from .plots import Plot
from .sites import SitesCompared


def plot_csv(plot: Plot) -> str:
    """The plot's numbers, as plotted."""
    out = io.StringIO()
    writer = CsvWriter(out, lineterminator="\r\n")
    writer.writerow(plot.header)
    writer.writerows(plot.rows)
    return out.getvalue()


def _text(value: Decimal | int | None) -> str:
    return "" if value is None else str(value)


def sites_csv(table: SitesCompared) -> str:
    """One row per site and product: each column's figure, what it counts, out of what, the network's
    figure and whether it is highlighted."""
    out = io.StringIO()
    writer = CsvWriter(out, lineterminator="\r\n")
    header = ["site", "product"]
    for c in table.columns:
        header += [c.key, f"{c.key}_count", f"{c.key}_of", f"{c.key}_network", f"{c.key}_highlighted"]
    writer.writerow(header)
    for row in table.rows:
        cells = [row.site, row.product]
        for cell in row.cells:
            cells += [_text(cell.value), _text(cell.count), _text(cell.of), _text(cell.network),
                      "yes" if cell.highlighted else "no"]
        writer.writerow(cells)
    return out.getvalue()

"""The label stock a sheet is printed on, as data: one entry per stock, so another is one line.

Sizes are in points (1/72 in), as reportlab draws; `inch` and `mm` say them in the maker's units.
The Avery figures are the maker's templates (5160: 30 per US Letter sheet; L7160: 21 per A4 sheet).
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import inch, mm


@dataclass(frozen=True)
class Stock:
    """A sheet (or a roll's one label) of `columns` x `rows` labels of `width` x `height`: the first
    label's top-left corner is `left`, `top` from the page's; `across`, `down` are the pitch (one label's
    start to the next's)."""

    name: str
    said: str
    page: tuple[float, float]
    columns: int
    rows: int
    width: float
    height: float
    left: float
    top: float
    across: float
    down: float

    @property
    def per_page(self) -> int:
        return self.columns * self.rows

    def corner(self, index: int) -> tuple[float, float]:
        """The bottom-left corner of the index-th label of a page (across, then down), in reportlab's
        coordinates (from the page's bottom-left)."""
        column, row = index % self.columns, index // self.columns
        return self.left + column * self.across, self.page[1] - self.top - row * self.down - self.height


STOCKS: dict[str, Stock] = {s.name: s for s in (
    Stock("avery-5160", "Avery 5160 (US Letter, 30 labels of 2 5/8 x 1 in)", LETTER, 3, 10, 2.625 * inch, 1 * inch,
          0.1875 * inch, 0.5 * inch, 2.75 * inch, 1 * inch),
    Stock("avery-l7160", "Avery L7160 (A4, 21 labels of 63.5 x 38.1 mm)", A4, 3, 7, 63.5 * mm, 38.1 * mm,
          7.2 * mm, 15.15 * mm, 66 * mm, 38.1 * mm),
    Stock("roll-2x1", "Thermal roll, 2 x 1 in (one label a page)", (2 * inch, 1 * inch), 1, 1, 2 * inch, 1 * inch,
          0, 0, 2 * inch, 1 * inch),
)}
DEFAULT_STOCK = "avery-5160"

"""A product's yields as the API and `lotline yields` give them: each batch, and the groupings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated

from . import groups
from .groups import Group
from .queries import BatchYield, product_yields


@dataclass(frozen=True)
class ProductYields:
    product: str
    site: Annotated[str | None, "Only this site's batches; null: every site"]
    first: dt.date | None
    last: dt.date | None
    main_ingredient: Annotated[str, "The input item with the most kilograms over these batches (else the "
                                    "recipe's first line): its suppliers are compared in by_supplier"]
    batches: Annotated[list[BatchYield], "Oldest first"]
    by_week: list[Group]
    by_month: list[Group]
    by_site: list[Group]
    by_equipment: Annotated[list[Group], "A batch on a kettle and a sterilizer counts in both"]
    by_supplier: Annotated[list[Group], "By the supplier of the main ingredient the batch used most of"]


def product_report(product: str, *, site: str | None = None, first: dt.date | None = None,
                   last: dt.date | None = None) -> ProductYields:
    batches = product_yields(product, site=site, first=first, last=last)
    code = batches[0].product if batches else product.upper()
    return ProductYields(
        product=code, site=site, first=first, last=last,
        main_ingredient=batches[-1].main_ingredient if batches else "", batches=batches,
        **{f"by_{g}": groups.by(batches, g) for g in ("week", "month", "site", "equipment", "supplier")})

"""Yields through the API: a product's batches with their yields and the groupings, and the sites
compared. The same queries the product page, the sites page and `lotline yields` / `lotline sites` call."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from lotline.accounts.rights import Right, require
from lotline.yields.answers import ProductYields, product_report
from lotline.yields.sites import SitesCompared, sites_compared

from ..answers import derived
from ..schemas import CodeInPath, ErrorOut

router = Router(tags=["yields"])
ERRORS: dict[int, Any] = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut}
ProductYieldsOut = derived(ProductYields)
SitesComparedOut = derived(SitesCompared)


class PeriodIn(Schema):
    first: dt.date | None = Field(None, alias="from", description="First day, included (blank: no bound)")
    last: dt.date | None = Field(None, alias="to", description="Last day, included (blank: no bound)")


class ProductPeriodIn(PeriodIn):
    site: str | None = Field(None, description="Only this site's batches (its code)")


@router.get("/products/{text:code}/yields", response={200: ProductYieldsOut, **ERRORS},
            summary="A product's yields", by_alias=True)
def product_yields_endpoint(request: HttpRequest, code: CodeInPath, params: Query[ProductPeriodIn]) -> dict:
    """Each batch's yield (output kg over inputs kg, `ratio`; null with `why` when a unit has no weight),
    discards and failure, and the groupings by week, month, site, equipment and the supplier of the main
    ingredient (median yield of the batches not failed, failed count and rate)."""
    require(request.user, Right.READ)
    return dataclasses.asdict(product_report(code, site=params.site, first=params.first, last=params.last))


@router.get("/sites-compared", response={200: SitesComparedOut, **ERRORS}, summary="Sites compared",
            by_alias=True)
def sites_compared_endpoint(request: HttpRequest, params: Query[PeriodIn]) -> dict:
    """Each site's figures per product side by side (median yield, failed batches, complaints per 1,000 units
    shipped), with the network's figure and the ones that differ most highlighted (the rule is in `rule`).
    Blank dates: the 12 months up to today."""
    require(request.user, Right.READ)
    table: SitesCompared = sites_compared(first=params.first, last=params.last)
    return dataclasses.asdict(table)

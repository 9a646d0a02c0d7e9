"""Where a person records: the site of a receipt or batch, the sites of the lots shipped.

Staff may be limited to some sites; the pages and the API ask these before calling a verb.
"""

from __future__ import annotations

from collections.abc import Iterable

from lotline.accounts.rights import Right, User, require, sites_of
from lotline.catalog.models import Site

from .models import Lot
from .queries import find_lot, find_lots
from .services.common import get_site


def recording_site(user: User, code: str | None = None) -> str:
    """The site named, else the person's only site, else the business's only site; Forbidden when
    the person may not record there."""
    if not code:
        mine = sites_of(user)
        if mine and len(mine) == 1:
            code = next(iter(mine))
    site = get_site(code)
    require(user, Right.RECORD, site=site.code)
    return site.code


def site_choices(user: User) -> list[tuple[str, str]]:
    """(code, "code name") of the sites the person may record at."""
    mine = sites_of(user)
    sites = Site.objects.all() if mine is None else Site.objects.filter(code__in=mine)
    return [(s.code, f"{s.code} {s.name}") for s in sites.order_by("code")]


def lot_to_record(user: User, code: str) -> Lot:
    """The lot a person is about to change: NotFound, or Forbidden unless they may record at its site."""
    require(user, Right.RECORD)
    lot = find_lot(code)
    require(user, Right.RECORD, site=lot.site.code)
    return lot


def require_lot_sites(user: User, codes: Iterable[str]) -> None:
    """Shipping units of a lot is recording at the lot's site: the lot each code names in any case,
    as the verb will find it. Unknown codes are left for the verb to name."""
    require(user, Right.RECORD)
    if sites_of(user) is None:
        return
    for site in sorted({lot.site.code for lot in find_lots(codes).values()}):
        require(user, Right.RECORD, site=site)

"""Where a person records: the site of a receipt or batch, the sites of the lots shipped.

Staff may be limited to some sites. The verbs ask the same guard (lots.services.common); the pages
and the API ask these first to pick a person's default site, list the sites they may choose and
answer 403 before reading a form.
"""

from __future__ import annotations

from lotline.accounts.rights import Right, User, require, sites_of
from lotline.catalog.models import Site

from .models import Lot
from .queries import find_lot
from .services.common import require_lot_sites, site_to_record

__all__ = ["lot_to_record", "recording_site", "require_lot_sites", "site_choices"]


def recording_site(user: User, code: str | None = None) -> str:
    """The site named, else the person's only site, else the business's only site; Forbidden when
    the person may not record there."""
    return site_to_record(user, code).code


def site_choices(user: User) -> list[tuple[str, str]]:
    """(code, "code name") of the sites the person may record at."""
    mine = sites_of(user)
    sites = Site.objects.all() if mine is None else Site.objects.filter(code__in=mine)
    return [(s.code, f"{s.code} {s.name}") for s in sites.order_by("code")]


def lot_to_record(user: User, code: str) -> Lot:
    """The lot a person is about to change: unknown_lot, or Forbidden unless they may record at its site."""
    require(user, Right.RECORD)
    lot = find_lot(code)
    require(user, Right.RECORD, site=lot.site.code)
    return lot

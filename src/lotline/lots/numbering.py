"""Lot codes and batch numbers: allocated inside the write's transaction, unique forever.

Formats (per product, `Item.number_format`), with the site code in front when there are several:
  date        SJ-20260304-A      product, date made, letter of the day (A..Z, AA..)
  sequential  SJ-0042            product, running number
  hybrid      2026-0304-SJ-01    date, product, number of the day
"""

from __future__ import annotations

import datetime as dt

from lotline.catalog.models import Item, NumberFormat, Site

from .models import NumberCounter
from .queries import code_taken


def letters(n: int) -> str:
    """1 -> A, 26 -> Z, 27 -> AA: the batch-of-the-day sequence."""
    text = ""
    while n:
        n, r = divmod(n - 1, 26)
        text = chr(65 + r) + text
    return text


def render(fmt: str, product: str, on: dt.date, n: int, prefix: str = "") -> str:
    if fmt == NumberFormat.SEQUENTIAL:
        return f"{prefix}{product}-{n:04d}"
    if fmt == NumberFormat.HYBRID:
        return f"{prefix}{on:%Y}-{on:%m%d}-{product}-{n:02d}"
    return f"{prefix}{product}-{on:%Y%m%d}-{letters(n)}"


def _scope(fmt: str, product: str, on: dt.date, prefix: str) -> str:
    return f"{prefix}{product}" if fmt == NumberFormat.SEQUENTIAL else f"{prefix}{product}@{on.isoformat()}"


def next_lot_code(item: Item, site: Site, on: dt.date) -> str:
    """The next free code for a lot of `item` made or received at `site` on `on`.

    Runs inside ledger.writing(), which serialises writers, so the counter is read and moved by one
    writer at a time; codes typed by hand or imported are skipped over, never reused.
    """
    prefix = f"{site.code}-" if Site.objects.count() > 1 else ""
    counter, _ = NumberCounter.objects.get_or_create(scope=_scope(item.number_format, item.code, on, prefix))
    n = counter.last
    while True:
        n += 1
        code = render(item.number_format, item.code, on, n, prefix)
        if not code_taken(code):  # in any case: sj-20260304-a typed by hand takes SJ-20260304-A
            break
    NumberCounter.objects.filter(pk=counter.pk).update(last=n)
    return code

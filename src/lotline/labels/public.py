"""What anyone who scans a label's QR code may see without signing in: the product, the batch, its
best-by, and whether an open recall covers it. Nothing else of the records (who supplied it, where it went)."""

from __future__ import annotations

from typing import TypedDict

from lotline.lots.models import Lot
from lotline.lots.queries import find_lots
from lotline.recalls.models import Case, CaseKind, CaseStatus

from .queries import best_by_of


class PublicLot(TypedDict):
    product: str
    lot: str
    serial: str | None
    best_by: str | None
    recalled: bool
    recall_title: str


def public_lot(code: str, serial: str | None = None) -> PublicLot | None:
    """The short public page of a scanned unit; None when the code names no batch of ours."""
    lot: Lot | None = find_lots([code]).get(code)
    if lot is None:
        return None
    recall = (Case.objects.filter(kind=CaseKind.RECALL, status=CaseStatus.OPEN, scope__lot=lot)
              .order_by("number").first())
    best_by = best_by_of(lot)
    return PublicLot(product=lot.item.name, lot=lot.code, serial=serial,
                     best_by=best_by.isoformat() if best_by else None, recalled=recall is not None,
                     recall_title=recall.title if recall else "")

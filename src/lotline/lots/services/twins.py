"""Near-twins: what looks like the record this same person made a few minutes ago.

Back, then submit again, on a flaky phone: the form's once-only token stops the very same
submission, but a form loaded afresh with the same values is a new one. So before a receipt,
batch, shipment or discard is written, the ledger is asked whether the same person recorded the
same thing (same item, supplier, site, quantity and date; same product...; same lot, customer,
quantity and date; same lot and quantity) in the last WINDOW. If so, it is a warning the person
confirms ("yes, a second one"), never a silent second record.

Each look-up starts from the read table's own index for the record (a lot by item, site and date;
a shipment by lot; a discard by lot), then reads those few rows' events by their key.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.db import connection
from django.utils import timezone

from lotline.errors import ErrorCode, Problem
from lotline.ledger.models import Event
from lotline.lots.models import Discard, Lot
from lotline.lots.stage import Stage
from lotline.lots.stage.rules import SHIPPED_QTY
from lotline.quantities import said

WINDOW = dt.timedelta(minutes=10)
MINUTES = f"in the last {int(WINDOW.total_seconds() // 60)} minutes"

# lot_item_site_date_idx finds the item's lots of that site and day
LOT_TWINS_SQL = """SELECT s.src, s.line, s.kind, l.code, l.event_seq FROM stage_lot s
    JOIN item i ON i.code = s.item_code JOIN site t ON t.code = s.site_code
    JOIN lot l ON l.item_id = i.id AND l.site_id = t.id AND l.lot_date = s.lot_date
    LEFT JOIN supplier p ON p.id = l.supplier_id
    WHERE s.skip = 0 AND l.kind = s.kind AND l.unit = s.unit AND ABS(l.quantity - s.quantity) < 1e-9
        AND COALESCE(p.ref, '') = COALESCE(s.supplier_ref, '')"""
# shipment_lot_idx finds the lot's shipments
SHIPMENT_TWINS_SQL = f"""SELECT stage_shipment.src, stage_shipment.line, sh.ref, sh.event_seq FROM stage_shipment
    JOIN lot l ON l.code = stage_shipment.lot_code JOIN shipment sh ON sh.lot_id = l.id
    JOIN customer c ON c.id = sh.customer_id
    WHERE stage_shipment.skip = 0 AND c.ref = stage_shipment.customer_ref
        AND sh.shipped_on = stage_shipment.shipped_on AND ABS(sh.quantity - {SHIPPED_QTY}) < 1e-9"""


def _recent(seqs: Iterable[int], actor: str) -> set[int]:
    """Of these events, those `actor` recorded within WINDOW."""
    wanted = set(seqs)
    if not wanted:
        return set()
    since = timezone.now() - WINDOW
    return set(Event.objects.filter(seq__in=wanted, actor=actor, recorded_at__gte=since).values_list("seq", flat=True))


def lot_twins(stage: Stage, actor: str) -> list[Problem]:
    """Receipts and batches staged that `actor` recorded minutes ago with the same facts."""
    with connection.cursor() as cur:
        cur.execute(LOT_TWINS_SQL)
        rows = cur.fetchall()
    recent = _recent((seq for *_, seq in rows), actor)
    found: dict[tuple[int, int], Problem] = {}
    for src, line, kind, code, seq in rows:
        if seq in recent and (src, line) not in found:
            what = "received lot" if kind == "received" else "batch"
            same = "item, supplier, site, quantity and date" if kind == "received" else \
                "product, site, quantity and date"
            found[src, line] = stage.sources[src].problem(line, "", ErrorCode.NEAR_TWIN, f"you recorded {what} {code} "
                                                          f"with the same {same} {MINUTES}: is this a second one?")
    return list(found.values())


def shipment_twins(stage: Stage, actor: str) -> list[Problem]:
    """Shipment lines staged that `actor` recorded minutes ago (same lot, customer, quantity, date)."""
    with connection.cursor() as cur:
        cur.execute(SHIPMENT_TWINS_SQL)
        rows = cur.fetchall()
    recent = _recent((seq for *_, seq in rows), actor)
    found: dict[tuple[int, int], Problem] = {}
    for src, line, ref, seq in rows:
        if seq in recent and (src, line) not in found:
            found[src, line] = stage.sources[src].problem(line, "", ErrorCode.NEAR_TWIN, f"you recorded shipment {ref} "
                                                          "of the same lot to the same customer, quantity and date "
                                                          f"{MINUTES}: is this a second one?")
    return list(found.values())


def discard_twins(lot: Lot, quantity: Decimal, actor: str) -> list[Problem]:
    """The same quantity of the same lot discarded by `actor` minutes ago."""
    seqs = Discard.objects.filter(lot=lot, quantity=quantity).values_list("event_seq", flat=True)
    if not _recent(seqs, actor):
        return []
    return [Problem(ErrorCode.NEAR_TWIN, f"you discarded {said(quantity, lot.unit)} of {lot.code} "
                    f"{MINUTES}: is this a second discard?", "quantity")]

"""Patterns: two or more complaints (not closed) whose lots meet upstream, in the same batch or in a
lot that went into each of them at any depth, and the shared lot most likely to be the cause.

The likely cause is the most specific shared lot: the one whose forward trace reaches the fewest
batches. Two complaints about jams made with the same strawberries and the same sugar share both,
but the sugar went into every jam of the month and the strawberries into three batches: the
strawberries are named, the sugar is listed as also shared. This prefers a received ingredient lot
over an everyday one (sugar, salt, lemon juice) by what the ledger shows, with no list of everyday
items to keep. At equal reach, a batch before a received lot (complaints about one batch are about
that batch first, though a lot used only in it is as likely), then by code.

Cost: one walk back from the complaints' lots (their ancestry, input_back_idx), and one forward
walk from the shared lots counting the batches each reaches (input_forward_idx): it grows with the
open complaints and their lineage, never with the ledger. A home page with no open complaint about
a lot reads one index range and nothing else.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Annotated, TypedDict

from django.db import connection

from lotline.lots.models import Lot, LotKind

from .models import PREFIX, Complaint, ComplaintStatus

NOT_CLOSED = (ComplaintStatus.OPEN, ComplaintStatus.ANSWERED)
ALSO_SHOWN = 5  # other shared lots named under a pattern

# Every lot upstream of each complaint's lot, the lot itself included: (root, lot). UNION keeps each
# lot once per root, so diamonds and rework cannot loop. Walks input_back_idx (batch_id, input_lot_id).
ANCESTRY = """WITH RECURSIVE up(root, id) AS (
    SELECT id, id FROM lot WHERE id IN ({marks})
    UNION
    SELECT up.root, li.input_lot_id FROM lot_input li JOIN up ON li.batch_id = up.id
)
SELECT root, id FROM up"""

# How many batches each shared lot's forward trace reaches (the lot itself, when it is a batch).
# Walks input_forward_idx (input_lot_id, batch_id).
REACH = """WITH RECURSIVE down(root, id) AS (
    SELECT id, id FROM lot WHERE id IN ({marks})
    UNION
    SELECT down.root, li.batch_id FROM lot_input li JOIN down ON li.input_lot_id = down.id
)
SELECT d.root, COUNT(*) FROM down d JOIN lot l ON l.id = d.id WHERE l.kind = 'batch' GROUP BY d.root"""


class SharedLot(TypedDict):
    """A lot upstream of (or the same as) the lots of every complaint of a pattern."""

    code: str
    kind: Annotated[str, LotKind]
    item: str
    item_name: str
    supplier: Annotated[str, "The supplier's name, for a received lot"]
    date: str
    reaches: Annotated[int, "Batches its forward trace reaches: the fewer, the more specific"]


class Pattern(TypedDict):
    """Complaints whose lots share a lot upstream, and the one most likely to be the cause."""

    cause: Annotated[SharedLot, "The likely cause: the shared lot whose forward trace reaches the fewest batches"]
    same_batch: Annotated[bool, "Every complaint of the pattern is about the cause itself"]
    complaints: Annotated[list[str], "Their ids, C-<n>"]
    lots: Annotated[list[str], "The lots the complaints point at"]
    also_shared: Annotated[list[SharedLot], "Other lots they all share, the more specific first (the first 5)"]


def _marks(n: int) -> str:
    return ", ".join(["%s"] * n)


def _pairs(sql: str, ids: list[int]) -> list[tuple[int, int]]:
    with connection.cursor() as cur:
        cur.execute(sql.format(marks=_marks(len(ids))), ids)
        return cur.fetchall()


def patterns() -> list[Pattern]:
    """Every pattern among the complaints not closed, the most specific cause first (then the most complaints)."""
    open_ones = list(Complaint.objects.filter(status__in=NOT_CLOSED, lot__isnull=False)
                     .values_list("number", "lot_id", "lot__code"))  # complaint_open_idx
    if len(open_ones) < 2:
        return []
    by_lot: dict[int, set[int]] = defaultdict(set)
    for number, lot_id, _code in open_ones:
        by_lot[lot_id].add(number)
    codes = {lot_id: code for _number, lot_id, code in open_ones}
    meeting: dict[int, set[int]] = defaultdict(set)  # lot -> the complaints whose lots it is in
    for root, lot_id in _pairs(ANCESTRY, sorted(by_lot)):
        meeting[lot_id] |= by_lot[root]
    shared = {lot_id: frozenset(numbers) for lot_id, numbers in meeting.items() if len(numbers) >= 2}
    if not shared:
        return []
    lots = _shared_lots(sorted(shared))
    rank = {lot_id: (lot["reaches"], lot["kind"] != LotKind.BATCH, lot["code"]) for lot_id, lot in lots.items()}
    groups: dict[frozenset[int], list[int]] = defaultdict(list)
    for lot_id, numbers in shared.items():
        groups[numbers].append(lot_id)
    causes = {numbers: min(ids, key=rank.__getitem__) for numbers, ids in groups.items()}
    found = []
    for numbers, cause in causes.items():
        # a group that a larger one explains as specifically adds nothing (two of three complaints
        # share the strawberries that all three share)
        if any(numbers < other and rank[c][0] <= rank[cause][0] for other, c in causes.items()):
            continue
        also = sorted((i for i, n in shared.items() if n >= numbers and i != cause), key=rank.__getitem__)
        complained = sorted(lot_id for lot_id, n in by_lot.items() if n & numbers)
        found.append(Pattern(
            cause=lots[cause], same_batch=all(lot_id == cause for lot_id in complained),
            complaints=[f"{PREFIX}{n}" for n in sorted(numbers)],
            lots=sorted(codes[lot_id] for lot_id in complained),
            also_shared=[lots[i] for i in also[:ALSO_SHOWN]]))
    found.sort(key=lambda p: (p["cause"]["reaches"], -len(p["complaints"]), p["cause"]["code"]))
    return found


def _shared_lots(ids: list[int]) -> dict[int, SharedLot]:
    reaches = dict(_pairs(REACH, ids))
    return {lot.pk: SharedLot(code=lot.code, kind=lot.kind, item=lot.item.code, item_name=lot.item.name,
                              supplier=lot.supplier.name if lot.supplier else "", date=lot.lot_date.isoformat(),
                              reaches=reaches.get(lot.pk, 0))
            for lot in Lot.objects.filter(pk__in=ids).select_related("item", "supplier")}


def patterns_about(code: str) -> list[Pattern]:
    """The patterns a lot is in: as the lot of one of their complaints, or as their likely cause."""
    wanted = code.upper()
    return [p for p in patterns() if wanted in {c.upper() for c in p["lots"]} or p["cause"]["code"].upper() == wanted]

"""Two batches compared through the API: the same query `lotline compare` and the comparison page call."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from lotline.accounts.rights import Right, require
from lotline.compare.queries import Comparison, compare_batches, compare_with_best
from lotline.errors import ErrorCode, LotlineError

from ..answers import derived
from ..schemas import ErrorOut

router = Router(tags=["compare"])
ERRORS: dict[int, Any] = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut}
ComparisonOut = derived(Comparison)


@router.get("/compare", response={200: ComparisonOut, **ERRORS}, summary="Compare two batches")
def compare(request: HttpRequest, b: str, a: str = "", best: str = "") -> Comparison:
    """What differs between batches `a` and `b` (input lots, suppliers and their lot codes, quantities per unit
    made, equipment, people, days from receipt to use, best-by), the differences that also separate the product's
    other good and poor batches first, each with its score, counts and a sentence (`history.score_rule` says how).
    With `best` (`yield`) instead of `a`, A is the best other batch of B's product by that measure."""
    require(request.user, Right.READ)
    if best and a:
        raise LotlineError(ErrorCode.BAD_INPUT, "give a or best, not both", field="a")
    if best:
        return compare_with_best(b, by=best)
    if not a:
        raise LotlineError(ErrorCode.MISSING, "name batch a, or best=yield", field="a")
    return compare_batches(a, b)

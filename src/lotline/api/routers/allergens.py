"""Allergens through the API: a lot's Big 9 with their reasons, and recording a clean-down of equipment.
The same query and verb `lotline allergens`, `lotline clean` and the pages call."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from lotline.accounts.rights import Right, require
from lotline.allergens.models import LENGTHS
from lotline.allergens.queries import LotAllergens, lot_allergens
from lotline.allergens.services import Cleaned, clean_equipment

from ..answers import derived
from ..schemas import CodeInPath, ErrorOut

router = Router(tags=["allergens"])
ERRORS: dict[int, Any] = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut}
AllergensOut = derived(LotAllergens)


class CleaningIn(Schema):
    at: dt.datetime | None = Field(None, description="When it was cleaned (blank: now; without an offset: the "
                                                     "business's time)")
    note: str = Field("", description="What was done: washed, sanitised",
                      json_schema_extra={"maxLength": LENGTHS["note"]})


CleaningOut = derived(Cleaned)


@router.get("/lots/{text:code}/allergens", response={200: AllergensOut, **ERRORS}, summary="A lot's allergens")
def allergens_of_lot(request: HttpRequest, code: CodeInPath) -> LotAllergens:
    """The Big 9 a lot contains and may contain, derived from the lots it actually used (to any depth) and from
    shared equipment not cleaned down in between; each with `because` (our lot codes from the lot that brought
    it to this one, that lot first) and a reason in words. `undeclared`: what its label statement misses."""
    require(request.user, Right.READ)
    return lot_allergens(code)


@router.post("/equipment/{text:code}/cleanings", response={201: CleaningOut, **ERRORS},
             summary="Record a clean-down of equipment")
def clean(request: HttpRequest, code: CodeInPath, payload: CleaningIn) -> Status:
    """A clean-down ends cross-contact: batches made on the equipment after it no longer may contain what the
    batches made on it before contained."""
    at = payload.at
    if at is not None and at.tzinfo is None:
        from django.utils import timezone
        at = timezone.make_aware(at)
    done = clean_equipment(code, at=at, note=payload.note, actor=request.user.get_username())
    return Status(201, dataclasses.asdict(done))

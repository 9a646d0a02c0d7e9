"""The two-person release of a lot held for an out-of-spec lab result.

A lot with an out-of-spec result recorded since its last release (quality_hold) is released only
after a sign-off (release.signed_off) recorded since that result, and by someone other than the
person who signed off. The rule is registered with the lot verbs (lots.services.holds.release_rules),
so every way of releasing (the lot page, the API, an import, a recall case's release) obeys it, and
the lot.released event names the person who signed off beside its own actor. Other holds keep their
one-person release.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Max

from lotline.accounts.rights import person
from lotline.errors import ErrorCode, LotlineError
from lotline.lots.models import Hold, Lot
from lotline.lots.services.holds import release_rules

from .models import QualityHold, ReleaseSignoff


def owed_hold(lot: Lot) -> QualityHold | None:
    """The latest out-of-spec hold of the lot since its last release, or None."""
    since = Hold.objects.filter(lot=lot).aggregate(last=Max("released_seq"))["last"] or 0
    return QualityHold.objects.filter(lot=lot, result_seq__gt=since).order_by("-result_seq").first()


def sign_off_of(lot: Lot, owed: QualityHold) -> ReleaseSignoff | None:
    """The latest sign-off of the lot's release since its out-of-spec result."""
    return ReleaseSignoff.objects.filter(lot=lot, event_seq__gt=owed.result_seq).order_by("-event_seq").first()


def same_person(a: str, b: str) -> bool:
    """Two names of one person: user names are found whatever their case."""
    return person(a).name.casefold() == person(b).name.casefold()


def two_people(lot: Lot, actor: str) -> dict[str, Any]:
    owed = owed_hold(lot)
    if owed is None:
        return {}
    signed = sign_off_of(lot, owed)
    if signed is None:
        raise LotlineError(ErrorCode.NEEDS_SIGN_OFF, f"lot {lot.code} is held for an out-of-spec result "
                           f"({owed.reason}): one person signs its release off, then another releases it",
                           field="lot")
    if same_person(signed.signed_by, actor):
        raise LotlineError(ErrorCode.SAME_PERSON, f"{signed.signed_by} signed off the release of lot {lot.code}: "
                           "a second person completes it", field="lot")
    return {"signed_off_by": signed.signed_by, "signed_off_seq": signed.event_seq}


release_rules.append(two_people)

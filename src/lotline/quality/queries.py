"""Reading the quality records: a lot's results (corrections applied), the out-of-spec rates, the
samples awaiting results, the open proposals and the holds awaiting a second person."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import connection
from django.db.models import Exists, OuterRef, QuerySet, Subquery

from lotline.ledger.models import Event
from lotline.lots.models import Lot, LotStatus
from lotline.lots.queries import find_lots, lot_keys

from .answers import ResultView
from .models import RESULT_PREFIX, LabResult, Proposal, ProposalStatus, QualityHold, Sample, Spec
from .release_rule import owed_hold, sign_off_of


def _views(rows: Iterable[LabResult]) -> list[ResultView]:
    found = list(rows)

    def said(n: int | None) -> str:
        return f"{RESULT_PREFIX}{n}" if n is not None else ""

    return [ResultView(r.id_text, r.lot.code, r.sample.code if r.sample else "", r.analyte, r.method, r.value, r.text,
                       r.unit, r.lab_limit, r.lab, r.tested_on, r.in_spec, r.spec, r.coa_sha256, r.coa_name,
                       getattr(r, "recorded_by", "") or "", r.event_seq, said(r.corrects), r.reason,
                       said(r.corrected_by))
            for r in found]


def _results() -> QuerySet[LabResult]:
    """Results with their lot, sample and who recorded them (the actor of their event), in one query."""
    actor = Event.objects.filter(seq=OuterRef("event_seq")).values("actor")[:1]
    return LabResult.objects.select_related("lot", "sample").annotate(recorded_by=Subquery(actor)).order_by("number")


def results_of(lots: Sequence[str]) -> dict[str, list[ResultView]]:
    """Each lot's current results (corrections applied), with analyte, value/text, unit, lab,
    tested_on, in_spec (True/False/None when no spec), the spec's limit as text. Codes in any case,
    answered by the code asked; unknown codes are left out."""
    found = lot_keys(lots)
    by_id: dict[int, list[str]] = {}
    for asked, (pk, _code) in found.items():
        by_id.setdefault(pk, []).append(asked)
    answer: dict[str, list[ResultView]] = {asked: [] for asked in found}
    current = _results().filter(lot_id__in=list(by_id), corrected_by__isnull=True)
    for view, row in zip(_views(current), current, strict=True):
        for asked in by_id[row.lot_id]:
            answer[asked].append(view)
    return answer


def history_of(lot: Lot) -> list[ResultView]:
    """Every result of a lot, corrected ones too (the page strikes them through), oldest first."""
    return _views(_results().filter(lot=lot))


def results_of_sample(sample: Sample) -> list[ResultView]:
    return _views(_results().filter(sample=sample))


def recent_results(limit: int = 30) -> list[ResultView]:
    """The latest results, newest first."""
    return _views(_results().order_by("-number")[:limit])


def spec_failures(first: dt.date | None = None, last: dt.date | None = None) -> dict[tuple[str, str], tuple[int, int]]:
    """(site code, product/item code) -> (lots tested, lots with a current out-of-spec result),
    for lots made or received between first and last (None: no bound)."""
    where, params = ["r.corrected_by IS NULL"], []
    if first is not None:
        where.append("l.lot_date >= %s")
        params.append(first)
    if last is not None:
        where.append("l.lot_date <= %s")
        params.append(last)
    with connection.cursor() as cur:
        cur.execute(f"""
            SELECT s.code, i.code, COUNT(DISTINCT l.id),
                   COUNT(DISTINCT CASE WHEN r.in_spec = %s THEN l.id END)
            FROM quality_result r JOIN lot l ON l.id = r.lot_id JOIN site s ON s.id = l.site_id
            JOIN item i ON i.id = l.item_id
            WHERE {' AND '.join(where)} GROUP BY s.code, i.code""", [False, *params])
        return {(site, item): (tested, failed) for site, item, tested, failed in cur.fetchall()}


def samples_awaiting() -> list[Sample]:
    """Samples drawn with no result yet, oldest first."""
    return list(Sample.objects.select_related("lot", "lot__item")
                .filter(~Exists(LabResult.objects.filter(sample=OuterRef("pk")))).order_by("drawn_on", "code"))


def samples_of(lot: Lot) -> list[Sample]:
    return list(Sample.objects.filter(lot=lot).order_by("drawn_on", "code"))


def open_proposals() -> list[Proposal]:
    return list(Proposal.objects.select_related("lot").filter(status=ProposalStatus.OPEN).order_by("number"))


def proposals_of(lot: Lot) -> list[Proposal]:
    return list(Proposal.objects.filter(lot=lot).order_by("number"))


@dataclass(frozen=True)
class AwaitingRelease:
    """A lot held for an out-of-spec result, and who (if anyone) has signed its release off."""

    lot: str
    item: str
    site: str
    reason: str
    result: str
    signed_by: str
    signed_reason: str
    signed_seq: int | None


def awaiting_release(lot: Lot) -> AwaitingRelease | None:
    """The lot's out-of-spec hold, when it is on hold for one."""
    if lot.status != LotStatus.ON_HOLD:
        return None
    owed = owed_hold(lot)
    if owed is None:
        return None
    signed = sign_off_of(lot, owed)
    return AwaitingRelease(lot.code, lot.item.code, lot.site.code, owed.reason, f"{RESULT_PREFIX}{owed.result}",
                           signed.signed_by if signed else "", signed.reason if signed else "",
                           signed.event_seq if signed else None)


def holds_awaiting_release() -> list[AwaitingRelease]:
    """Every lot on hold for an out-of-spec result, signed off or not."""
    held = Lot.objects.select_related("item", "site").filter(
        status=LotStatus.ON_HOLD, pk__in=QualityHold.objects.values("lot_id")).order_by("code")
    return [found for lot in held if (found := awaiting_release(lot)) is not None]


def specs_of(item_id: int) -> list[Spec]:
    return list(Spec.objects.filter(item_id=item_id).order_by("analyte_key"))



@dataclass(frozen=True)
class SampleView:
    sample: str
    lot: str
    lab: str
    drawn_on: dt.date
    drawn_by: str
    drawn_at: str
    event_seq: int


def sample_view(s: Sample) -> SampleView:
    return SampleView(s.code, s.lot.code, s.lab, s.drawn_on, s.drawn_by, s.drawn_at, s.event_seq)


@dataclass(frozen=True)
class ProposalView:
    proposal: str
    lot: str
    shipped: list[str]
    result: str
    reason: str
    status: str
    case: str
    decided_by: str
    dismissed_why: str
    event_seq: int


def proposal_view(p: Proposal) -> ProposalView:
    return ProposalView(p.id_text, p.lot.code, [c for c in p.shipped.split(";") if c], f"{RESULT_PREFIX}{p.result}",
                        p.reason, p.status, p.case_code, p.decided_by, p.dismissed_why, p.event_seq)


@dataclass(frozen=True)
class TwoPersonRelease:
    """A release of an out-of-spec hold: who signed it off and who completed it (both in the log)."""

    signed_off_by: str
    signed_off_seq: int
    released_by: str
    released_on: str
    released_seq: int


def two_person_releases(lot: Lot) -> list[TwoPersonRelease]:
    """The lot's releases that needed a second person, from their lot.released events."""
    import json

    from lotline.ledger.kinds import EventKind

    found = []
    for seq, actor, payload in Event.objects.filter(kind=EventKind.LOT_RELEASED, subject=lot.code).order_by(
            "seq").values_list("seq", "actor", "payload"):
        data = json.loads(payload)
        if data.get("lot") == lot.code and data.get("signed_off_by"):
            found.append(TwoPersonRelease(data["signed_off_by"], data["signed_off_seq"], actor, data["on"], seq))
    return found


@dataclass(frozen=True)
class LotQuality:
    """What `lotline results show CODE` and the lot page's "Samples and results" say: a lot's samples,
    every result (corrected ones too), its proposals and whether its release awaits a second person.
    For a sample's id, only that sample and its results."""

    lot: str
    item: str
    item_name: str
    samples: list[SampleView]
    results: list[ResultView]
    proposals: list[ProposalView]
    awaiting_release: AwaitingRelease | None
    releases: list[TwoPersonRelease]


def quality_of(code: str) -> LotQuality:
    """A lot's quality records (our lot code in any case), or one sample's (its id in any case)."""
    from lotline.errors import ErrorCode, LotlineError

    lot = find_lots([code]).get(code)
    sample = None
    if lot is None:
        sample = Sample.objects.select_related("lot", "lot__item").filter(code__iexact=code.strip()).first()
        if sample is None:
            raise LotlineError(ErrorCode.UNKNOWN_LOT, f"no lot or sample {code!r}: give our lot code or a sample's id",
                               field="code")
        lot = sample.lot
    samples = [sample] if sample else samples_of(lot)
    results = results_of_sample(sample) if sample else history_of(lot)
    return LotQuality(lot.code, lot.item.code, lot.item.name, [sample_view(s) for s in samples], results,
                      [proposal_view(p) for p in proposals_of(lot)], awaiting_release(lot), two_person_releases(lot))

"""Projectors: how each quality event changes the quality read tables. Replayed as-is by `verify
--rebuild`; codes in payloads are as stored, so they are found exactly."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from lotline.catalog.models import Item
from lotline.ledger.kinds import EventKind
from lotline.ledger.log import projector
from lotline.ledger.rebuild import read_table
from lotline.lots.models import Lot
from lotline.lots.payloads import decimal

from .judging import analyte_key
from .models import (
    PROPOSAL_PREFIX,
    RESULT_PREFIX,
    LabResult,
    Proposal,
    ProposalStatus,
    QualityHold,
    ReleaseSignoff,
    Sample,
    Spec,
)


def _lot(code: str) -> int:
    return Lot.objects.values_list("id", flat=True).get(code=code)


def _number(text: str, prefix: str) -> int:
    return int(text.removeprefix(prefix))


@projector(EventKind.SAMPLE_DRAWN)
def sample_drawn(payload: Mapping[str, Any], seq: int) -> None:
    Sample.objects.create(code=payload["sample"], lot_id=_lot(payload["lot"]), drawn_on=payload["drawn_on"],
                          drawn_by=payload["drawn_by"], drawn_at=payload["drawn_at"], lab=payload["lab"],
                          event_seq=seq)


def _results(payload: Mapping[str, Any], seq: int) -> list[LabResult]:
    lot_id = _lot(payload["lot"])
    sample_id = Sample.objects.values_list("id", flat=True).get(code=payload["sample"]) if payload["sample"] else None
    coa = payload["coa"] or {}
    table = payload["results"]
    rows = [dict(zip(table["columns"], row, strict=True)) for row in table["rows"]]
    made = [LabResult(
        number=_number(r["result"], RESULT_PREFIX), lot_id=lot_id, sample_id=sample_id, analyte=r["analyte"],
        method=r["method"], value=decimal(r["value"]) if r["value"] is not None else None, text=r["text"],
        unit=r["unit"], lab_limit=r["limit"], lab=payload["lab"], tested_on=r["tested_on"], in_spec=r["in_spec"],
        spec=r["spec"], coa_sha256=coa.get("sha256", ""), coa_name=coa.get("name", ""),
        corrects=_number(payload["corrects"], RESULT_PREFIX) if payload.get("corrects") else None,
        reason=payload.get("why", ""), event_seq=seq) for r in rows]
    LabResult.objects.bulk_create(made)
    failed = next((r for r in made if r.in_spec is False), None)
    if failed is not None:
        held = [(code, True) for code in payload["held"]] + [(code, False) for code in payload["kept"]]
        QualityHold.objects.bulk_create([QualityHold(lot_id=_lot(code), result_seq=seq, result=failed.number,
                                                     reason=payload["reason"], placed=placed)
                                         for code, placed in held])
    if proposal := payload["proposal"]:
        Proposal.objects.create(number=_number(proposal["proposal"], PROPOSAL_PREFIX), lot_id=lot_id,
                                shipped=";".join(proposal["lots"]), result=failed.number if failed else 0,
                                reason=payload["reason"], event_seq=seq, changed_seq=seq)
    return made


@projector(EventKind.RESULTS_RECORDED)
def results_recorded(payload: Mapping[str, Any], seq: int) -> None:
    _results(payload, seq)


@projector(EventKind.RESULT_CORRECTED)
def result_corrected(payload: Mapping[str, Any], seq: int) -> None:
    made = _results(payload, seq)
    LabResult.objects.filter(number=_number(payload["corrects"], RESULT_PREFIX)).update(corrected_by=made[0].number)


@projector(EventKind.SPECS_SET)
def specs_set(payload: Mapping[str, Any], seq: int) -> None:
    item_id = Item.objects.values_list("id", flat=True).get(code=payload["item"])
    Spec.objects.filter(item_id=item_id).delete()  # the event sets them all: an analyte left out has none now
    table = payload["specs"]
    Spec.objects.bulk_create([Spec(
        item_id=item_id, analyte=r["analyte"], analyte_key=analyte_key(r["analyte"]), rule=r["rule"],
        number=decimal(r["number"]) if r["number"] is not None else None, unit=r["unit"], expected=r["expected"],
        per=r["per"], event_seq=seq) for r in (dict(zip(table["columns"], row, strict=True)) for row in table["rows"])])


@projector(EventKind.RELEASE_SIGNED_OFF)
def release_signed_off(payload: Mapping[str, Any], seq: int) -> None:
    ReleaseSignoff.objects.create(lot_id=_lot(payload["lot"]), signed_by=payload["signed_by"],
                                  signed_on=payload["on"], reason=payload["reason"], event_seq=seq)


@projector(EventKind.PROPOSAL_CASE_OPENED)
def proposal_case_opened(payload: Mapping[str, Any], seq: int) -> None:
    Proposal.objects.filter(number=_number(payload["proposal"], PROPOSAL_PREFIX)).update(
        status=ProposalStatus.CASE_OPENED, case_code=payload["case"], decided_by=payload["by"], changed_seq=seq)


@projector(EventKind.PROPOSAL_DISMISSED)
def proposal_dismissed(payload: Mapping[str, Any], seq: int) -> None:
    Proposal.objects.filter(number=_number(payload["proposal"], PROPOSAL_PREFIX)).update(
        status=ProposalStatus.DISMISSED, dismissed_why=payload["reason"], decided_by=payload["by"], changed_seq=seq)


# Levels: the specs refer to the catalog (0), samples, holds, sign-offs to lots (1), results to
# samples, proposals to lots: each is emptied before what it refers to.
read_table("quality_spec", 1, """SELECT i.code AS item, s.analyte, s.analyte_key, s.rule, s.number, s.unit,
    s.expected, s.per, s.event_seq FROM quality_spec s JOIN item i ON i.id = s.item_id""")
read_table("quality_sample", 2, """SELECT s.code, l.code AS lot, s.drawn_on, s.drawn_by, s.drawn_at, s.lab,
    s.event_seq FROM quality_sample s JOIN lot l ON l.id = s.lot_id""")
read_table("quality_hold", 2, """SELECT l.code AS lot, h.result_seq, h.result, h.reason, h.placed
    FROM quality_hold h JOIN lot l ON l.id = h.lot_id""")
read_table("quality_signoff", 2, """SELECT l.code AS lot, s.signed_by, s.signed_on, s.reason, s.event_seq
    FROM quality_signoff s JOIN lot l ON l.id = s.lot_id""")
read_table("quality_proposal", 2, """SELECT p.number, l.code AS lot, p.shipped, p.result, p.reason, p.status,
    p.case_code, p.decided_by, p.dismissed_why, p.event_seq, p.changed_seq
    FROM quality_proposal p JOIN lot l ON l.id = p.lot_id""")
read_table("quality_result", 3, """SELECT r.number, l.code AS lot, s.code AS sample, r.analyte, r.method, r.value,
    r.text, r.unit, r.lab_limit, r.lab, r.tested_on, r.in_spec, r.spec, r.coa_sha256, r.coa_name, r.corrects,
    r.reason, r.corrected_by, r.event_seq
    FROM quality_result r JOIN lot l ON l.id = r.lot_id LEFT JOIN quality_sample s ON s.id = r.sample_id""")

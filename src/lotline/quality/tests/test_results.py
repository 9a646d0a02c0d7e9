"""Lab results in the hash chain: recorded, judged against the specs, corrected (never edited), a
tampered result or certificate found by verify, and the answers others read (results_of, spec_failures)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection

from lotline.errors import LotlineError
from lotline.ledger.models import Event
from lotline.ledger.verification import verify_ledger
from lotline.quality.models import CoaFile, LabResult
from lotline.quality.queries import results_of, spec_failures
from lotline.quality.services import ResultLine, SpecLine, correct_result, draw_sample, record_results, set_specs
from lotline.testing import ACTOR, JamStory

pytestmark = pytest.mark.django_db
D = Decimal
PDF = b"%PDF-1.4\n% a certificate of analysis\n%%EOF\n"
MARCH_12 = dt.date(2026, 3, 12)


@pytest.fixture
def specs(story: JamStory) -> JamStory:
    set_specs("SJ", [SpecLine("pH", "at_most", D("4.6"), "pH"),
                     SpecLine("Listeria monocytogenes", "expected", expected="not detected", per="25 g")], actor=ACTOR)
    return story


def refused(call, code: str, field: str) -> None:
    before = Event.objects.count()
    with pytest.raises(LotlineError) as err:
        call()
    assert (err.value.code, err.value.field) == (code, field)
    assert Event.objects.count() == before


def test_results_of_a_sample_are_one_event_judged_against_the_specs(specs: JamStory) -> None:
    sample = draw_sample(lot=specs.other_jam, lab="Valley Labs", drawn_on=MARCH_12, drawn_at="filler", actor=ACTOR)
    assert sample.code == "S-0001"
    done = record_results(lab="Valley Labs", sample=sample.code, coa=PDF, coa_name="coa 17.pdf", actor=ACTOR, results=[
        ResultLine("pH", value=D("4.2"), unit="pH", tested_on=MARCH_12),
        ResultLine("Listeria monocytogenes", text="ND", unit="/25 g", limit="ND in 25 g"),
        ResultLine("Brix", value=D("65"), unit="°Bx")])
    assert [(r.result, r.in_spec, r.spec) for r in done.results] == [
        ("LR-1", True, "at most 4.6 pH"), ("LR-2", True, "not detected in 25 g"), ("LR-3", None, "")]
    assert (done.lot, done.sample, done.held, done.proposal) == (specs.other_jam, "S-0001", [], "")
    event = Event.objects.get(seq=done.seq)
    assert event.kind == "results.recorded" and '"sha256"' in event.payload
    assert bytes(CoaFile.objects.get().content) == PDF
    assert [r.analyte for r in results_of([specs.other_jam.lower()])[specs.other_jam.lower()]] == [
        "pH", "Listeria monocytogenes", "Brix"]
    assert verify_ledger().ok


def test_a_correction_is_a_new_result_and_the_earlier_one_stays(specs: JamStory) -> None:
    first = record_results(lab="Valley Labs", lot=specs.other_jam, actor=ACTOR,
                           results=[ResultLine("pH", value=D("4.4"), unit="pH")])
    fixed = correct_result("lr-1", line=ResultLine("pH", value=D("4.3"), unit="pH"), reason="typed 4.4 for 4.3",
                           actor=ACTOR)
    assert fixed.results[0].corrects == "LR-1"
    current = results_of([specs.other_jam])[specs.other_jam]
    assert [(r.result, r.value) for r in current] == [("LR-2", D("4.3"))]
    assert LabResult.objects.get(number=1).value == D("4.4")  # kept, not edited
    assert first.seq < fixed.seq
    refused(lambda: correct_result("LR-1", line=ResultLine("pH", value=D("4"), unit="pH"), reason="again",
                                   actor=ACTOR), "already_corrected", "result")
    assert verify_ledger().ok


def test_verify_finds_a_result_changed_in_the_table_or_a_certificate_changed(specs: JamStory) -> None:
    record_results(lab="Valley Labs", lot=specs.other_jam, coa=PDF, actor=ACTOR,
                   results=[ResultLine("pH", value=D("4.8"), unit="pH")])
    with connection.cursor() as cur:
        cur.execute("UPDATE quality_result SET value = 4.2, in_spec = %s", [True])
    check = verify_ledger()
    assert not check.ok and "per lab result" in check.first_problem() and "LR-1" in check.first_problem()
    with connection.cursor() as cur:
        cur.execute("UPDATE quality_result SET value = 4.8, in_spec = %s", [False])
        assert verify_ledger().ok
        cur.execute("UPDATE quality_coa SET content = %s", [PDF.replace(b"analysis", b"analyses")])
    check = verify_ledger()
    assert not check.ok and "no longer match" in check.first_problem()


def test_a_unit_other_than_the_specs_is_refused_naming_the_unit(specs: JamStory) -> None:
    refused(lambda: record_results(lab="L", lot=specs.other_jam, actor=ACTOR,
                                   results=[ResultLine("pH", value=D("4.2"), unit="g/100g")]), "unit_mismatch", "unit")
    refused(lambda: record_results(lab="L", lot=specs.other_jam, actor=ACTOR,
                                   results=[ResultLine("Listeria monocytogenes", value=D("0"))]),
            "wrong_kind_of_result", "value")
    refused(lambda: record_results(lab="L", lot=specs.other_jam, coa=b"<html>", actor=ACTOR,
                                   results=[ResultLine("pH", value=D("4.2"), unit="pH")]), "not_a_pdf", "coa")


def test_spec_failures_count_lots_tested_and_failing_per_site_and_item(specs: JamStory) -> None:
    record_results(lab="L", lot=specs.other_jam, actor=ACTOR, results=[ResultLine("pH", value=D("4.2"), unit="pH")])
    record_results(lab="L", lot=specs.jam, actor=ACTOR, results=[ResultLine("pH", value=D("4.9"), unit="pH")])
    assert spec_failures() == {("K1", "SJ"): (2, 1)}
    assert spec_failures(first=dt.date(2026, 3, 5)) == {("K1", "SJ"): (1, 0)}

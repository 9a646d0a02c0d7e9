"""A lab's results file imported with its saved mapping: all of it, or nothing and every problem named."""

from __future__ import annotations

from decimal import Decimal

import pytest

from lotline.errors import ErrorCode, LotlineError
from lotline.labs.services import import_results
from lotline.ledger.models import Event
from lotline.quality.queries import results_of
from lotline.testing import ACTOR, JamStory

pytestmark = pytest.mark.django_db

VALLEY = ("Sample ID,Test,Method,Result,Units,Limit,Date Tested\r\n"
          "VL-1,pH,AOAC 981.12,4.2,pH,<= 4.6,03/12/2026\r\n"
          "VL-1,Listeria monocytogenes,AOAC 2016.07,Not detected,/25 g,ND in 25 g,03/12/2026\r\n")


def central(jam: str) -> str:
    return f"Lot;Analyse;Wert;Einheit;Datum\n{jam};pH;4,9;pH;13.03.2026\n{jam};Brix;65,5;°Bx;13.03.2026\n"


def test_a_labs_file_is_imported_with_its_saved_mapping(labs: JamStory) -> None:
    done = import_results(VALLEY.encode(), lab="valley labs", actor=ACTOR, file="valley.csv")
    assert [(r.line, r.sample, r.analyte, r.in_spec) for r in done.results] == [
        (2, "VL-1", "pH", True), (3, "VL-1", "Listeria monocytogenes", True)]
    assert len(done.events) == 1  # one sample: one record_results, one event
    current = results_of([labs.other_jam])[labs.other_jam]
    assert [(r.value, r.text, r.lab, str(r.tested_on)) for r in current] == [
        (Decimal("4.2"), "", "Valley Labs", "2026-03-12"), (None, "Not detected", "Valley Labs", "2026-03-12")]


def test_a_file_sent_twice_adds_only_its_new_rows(labs: JamStory) -> None:
    import_results(VALLEY.encode(), lab="Valley Labs", actor=ACTOR, file="valley.csv")
    again = import_results((VALLEY + "VL-1,Brix,,65,°Bx,,03/12/2026\r\n").encode(), lab="Valley Labs", actor=ACTOR)
    assert (again.unchanged, [r.analyte for r in again.results]) == (2, ["Brix"])
    assert len(results_of([labs.other_jam])[labs.other_jam]) == 3


def test_a_second_labs_layout_is_read_with_its_own_mapping_and_judged(labs: JamStory) -> None:
    done = import_results(central(labs.jam).encode(), lab="QA", actor=ACTOR, file="qa.csv")
    assert [(r.lot, r.analyte, r.value, r.in_spec) for r in done.results] == [
        (labs.jam, "pH", Decimal("4.9"), False), (labs.jam, "Brix", Decimal("65.5"), None)]
    assert (done.held, done.proposals) == ([labs.tarts], ["P-1"])  # what is on hand downstream; shipped: a proposal


def test_a_bad_row_is_refused_with_its_line_and_column_and_nothing_is_written(labs: JamStory) -> None:
    before = Event.objects.count()
    bad = (VALLEY + "NOSUCH,pH,,4.1,pH,,03/12/2026\r\n" + "VL-1,pH,,4.1,pH,,13/03/2026\r\n"
           + "VL-1,Brix,,65,°Bx,,03/12/2026\r\n")
    with pytest.raises(LotlineError) as refused:
        import_results(bad.encode(), lab="Valley Labs", actor=ACTOR, file="valley.csv")
    assert [(p.row, p.field, p.code) for p in refused.value.problems] == [
        (4, "Sample ID", ErrorCode.UNKNOWN_SAMPLE), (5, "Date Tested", ErrorCode.NOT_A_DATE)]
    assert str(refused.value.problems[0]).startswith("valley.csv line 4, column Sample ID: ")
    assert Event.objects.count() == before


def test_a_verbs_refusals_name_every_row_at_fault_in_a_sample(labs: JamStory) -> None:
    bad = VALLEY + "VL-1,pH,,7,kg,,03/12/2026\r\nVL-1,Listeria monocytogenes,,3,/25 g,,03/12/2026\r\n"
    with pytest.raises(LotlineError) as refused:  # pH's spec is in pH; Listeria's is a finding, not a number
        import_results(bad.encode(), lab="Valley Labs", actor=ACTOR, file="valley.csv")
    assert [(p.row, p.field, p.code) for p in refused.value.problems] == [
        (4, "Units", ErrorCode.UNIT_MISMATCH), (5, "Result", ErrorCode.WRONG_KIND_OF_RESULT)]


def test_a_dry_run_judges_everything_and_writes_nothing(labs: JamStory) -> None:
    before = Event.objects.count()
    done = import_results(central(labs.jam).encode(), lab="QA", actor=ACTOR, file="qa.csv", dry_run=True)
    assert (done.dry_run, len(done.results), done.held != []) == (True, 2, True)
    assert Event.objects.count() == before
    assert results_of([labs.jam])[labs.jam] == []


def test_an_unknown_lab_is_refused_naming_the_lab(labs: JamStory) -> None:
    with pytest.raises(LotlineError) as refused:
        import_results(VALLEY.encode(), lab="Nowhere Labs", actor=ACTOR)
    assert (refused.value.code, refused.value.field) == (ErrorCode.UNKNOWN_LAB, "lab")


def test_a_file_with_only_its_header_is_refused(labs: JamStory) -> None:
    with pytest.raises(LotlineError) as refused:
        import_results(VALLEY.splitlines()[0].encode(), lab="Valley Labs", actor=ACTOR, file="valley.csv")
    assert [(p.row, p.code) for p in refused.value.problems] == [(2, ErrorCode.MISSING)]


def test_a_row_naming_a_sample_of_another_lot_is_refused_at_its_line(labs: JamStory) -> None:
    from lotline.labs.layout import Layout
    from lotline.labs.services import set_mapping

    set_mapping(lab="Valley Labs", layout=Layout({"sample": "Sample", "lot": "Lot", "analyte": "Test",
                                                  "result": "Result"}), actor=ACTOR)
    text = f"Sample,Lot,Test,Result\nVL-1,{labs.other_jam},pH,4.2\nVL-1,{labs.jam},aw,0.8\n"
    with pytest.raises(LotlineError) as refused:
        import_results(text.encode(), lab="Valley Labs", actor=ACTOR, file="v.csv")
    assert [(p.row, p.field, p.code) for p in refused.value.problems] == [
        (3, "Lot", ErrorCode.SAMPLE_OF_ANOTHER_LOT)]

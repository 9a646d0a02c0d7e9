"""Process records: the fields an owner sets per product, values recorded with a batch and after it,
corrections as new events, and what the comparison reads (values_of)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from lotline.errors import ErrorCode, Forbidden, LotlineError
from lotline.ledger.kinds import EventKind
from lotline.ledger.models import Event
from lotline.ledger.rebuild import rebuild
from lotline.lots.services import InputLine
from lotline.process.fields import FieldIn, set_fields
from lotline.process.queries import Reading, fields_of, history_of, values_of
from lotline.process.services import make_batch, record_values
from lotline.testing import ACTOR

JAM_FIELDS = [FieldIn("cook_time", "Cook time", unit="min", target_min="20", target_max="30"),
              FieldIn("peak_temp", "Peak temperature", unit="°C", target_min="103", target_max="105"),
              FieldIn("brix", "Brix", unit="°Bx", target_min="65"),
              FieldIn("notes", "Notes", kind="text")]


@pytest.fixture
def jam_fields(story) -> None:
    set_fields("SJ", JAM_FIELDS, actor=ACTOR)


def test_an_owner_sets_a_products_process_fields_in_order_with_units_and_targets(jam_fields):
    fields = fields_of("SJ")
    assert [f.code for f in fields] == ["cook_time", "peak_temp", "brix", "notes"]
    assert fields[1].unit == "°C" and fields[1].target_min == 103 and fields[1].target_max == 105
    assert fields[2].target_max is None and fields[3].kind == "text"
    set_fields("SJ", JAM_FIELDS, actor=ACTOR)  # the same list again records nothing
    assert Event.objects.filter(kind=EventKind.PROCESS_FIELDS_SET).count() == 1


def test_staff_and_auditors_may_not_edit_process_fields(story, staff, auditor):
    for person in (staff, auditor):
        with pytest.raises(Forbidden):
            set_fields("SJ", JAM_FIELDS, actor=person.username)
    assert fields_of("SJ") == []


def test_a_wrong_field_is_refused_whole_naming_its_row_and_column(story):
    with pytest.raises(LotlineError) as refused:
        set_fields("SJ", [FieldIn("ph", "pH", unit="pH"), FieldIn("peak temp", "Peak", target_min="105",
                                                                   target_max="103"),
                          FieldIn("PH", "pH again"), FieldIn("notes", "Notes", kind="text", target_max="1")],
                   actor=ACTOR)
    found = {(p.row, p.field, p.code) for p in refused.value.problems}
    assert found == {(2, "code", ErrorCode.BAD_CODE), (2, "target_min", ErrorCode.BAD_TARGET),
                     (3, "code", ErrorCode.DUPLICATE_CODE), (4, "target_min", ErrorCode.BAD_TARGET)}
    assert fields_of("SJ") == []


def test_a_field_left_out_is_dropped_until_it_has_values_then_retired_with_its_history(jam_fields, story):
    record_values(story.jam, {"brix": "66"}, actor=ACTOR)
    set_fields("SJ", JAM_FIELDS[:2], actor=ACTOR)
    fields = {f.code: f for f in fields_of("SJ")}
    assert "notes" not in fields and fields["brix"].retired_on is not None
    assert [f.code for f in fields_of("SJ", retired=False)] == ["cook_time", "peak_temp"]
    assert values_of([story.jam])[story.jam]["brix"].value == 66  # kept, and correctable on that old batch
    with pytest.raises(LotlineError) as refused:  # a batch made from today on does not record it
        make_batch(product="SJ", quantity_produced=Decimal(10), inputs=[InputLine(story.sugar, Decimal(1))],
                   process={"brix": "65"}, actor=ACTOR)
    assert refused.value.code == ErrorCode.UNKNOWN_PROCESS_FIELD and refused.value.field == "brix"


def test_values_recorded_with_the_batch_are_one_write_and_a_value_outside_target_is_kept_and_flagged(jam_fields,
                                                                                                      story):
    made, values = make_batch(product="SJ", quantity_produced=Decimal(30), produced_on=dt.date(2026, 3, 12),
                              inputs=[InputLine(story.sugar, Decimal(4))], made_by="alice",
                              process={"cook_time": "25", "peak_temp": "106,5", "notes": "set well", "brix": ""},
                              actor=ACTOR)
    assert values.event_seq == made.event_seq + 1
    assert values.values == {
        "cook_time": Reading("cook_time", "Cook time", Decimal(25), "", "min", Decimal(20), Decimal(30), True),
        "peak_temp": Reading("peak_temp", "Peak temperature", Decimal("106.5"), "", "°C", Decimal(103),
                             Decimal(105), False),
        "notes": Reading("notes", "Notes", None, "set well", "", None, None, None)}
    assert [r.field for r in values.outside_target] == ["peak_temp"]


def test_a_bad_value_refuses_the_batch_too_naming_each_field(jam_fields, story):
    events = Event.objects.count()
    with pytest.raises(LotlineError) as refused:
        make_batch(product="SJ", quantity_produced=Decimal(30), inputs=[InputLine(story.sugar, Decimal(4))],
                   process={"peak_temp": "hot", "notes": "x" * 501, "oven_temp": "180"}, actor=ACTOR)
    found = {(p.field, p.code) for p in refused.value.problems}
    assert found == {("peak_temp", ErrorCode.NOT_A_NUMBER), ("notes", ErrorCode.TOO_LONG),
                     ("oven_temp", ErrorCode.UNKNOWN_PROCESS_FIELD)}
    assert Event.objects.count() == events


def test_a_correction_is_a_new_event_with_its_reason_and_the_earlier_value_stays_in_history(jam_fields, story):
    first = record_values(story.jam, {"peak_temp": "104", "cook_time": "22"}, actor=ACTOR)
    with pytest.raises(LotlineError) as refused:
        record_values(story.jam, {"peak_temp": "104.5"}, actor=ACTOR)
    assert refused.value.code == ErrorCode.MISSING and refused.value.field == "reason"
    fixed = record_values(story.jam, {"peak_temp": "104.5", "cook_time": "22"}, reason="thermometer misread",
                          actor=ACTOR)
    assert fixed.event_seq == first.event_seq + 1
    assert values_of([story.jam])[story.jam]["peak_temp"].value == Decimal("104.5")
    assert [(h.reading.field, h.reading.value, h.superseded_seq) for h in history_of(story.jam)] == [
        ("peak_temp", Decimal("104.5"), None), ("cook_time", Decimal(22), None),
        ("peak_temp", Decimal(104), fixed.event_seq)]
    event = Event.objects.get(seq=fixed.event_seq)
    assert event.kind == EventKind.PROCESS_RECORDED and "thermometer misread" in event.payload
    assert record_values(story.jam, {"cook_time": "22"}, actor=ACTOR).event_seq == 0  # unchanged: nothing


def test_only_those_who_record_at_the_batchs_site_record_its_values(jam_fields, story, auditor):
    with pytest.raises(Forbidden):
        record_values(story.jam, {"peak_temp": "104"}, actor=auditor.username)
    with pytest.raises(LotlineError) as refused:
        record_values(story.sugar, {"peak_temp": "104"}, actor=ACTOR)
    assert refused.value.code == ErrorCode.NOT_A_BATCH


def test_values_of_gives_each_batchs_current_values_by_field_in_one_query(jam_fields, story,
                                                                         django_assert_max_num_queries):
    record_values(story.jam, {"peak_temp": "104", "notes": "a little runny"}, actor=ACTOR)
    record_values(story.other_jam, {"peak_temp": "-1"}, actor=ACTOR)
    record_values(story.other_jam, {"peak_temp": "102"}, reason="typo", actor=ACTOR)
    with django_assert_max_num_queries(2):
        found = values_of([story.jam, story.other_jam, story.tarts])
    assert found[story.jam]["notes"].text == "a little runny" and found[story.jam]["peak_temp"].in_target
    assert found[story.other_jam]["peak_temp"].value == 102 and found[story.other_jam]["peak_temp"].in_target is False
    assert found[story.tarts] == {}


@pytest.mark.sqlite_only  # on PostgreSQL the demo's rebuild (demo/tests) replays these tables too
def test_verify_rebuild_gives_the_same_process_tables(jam_fields, story):
    record_values(story.jam, {"peak_temp": "104", "brix": "66"}, actor=ACTOR)
    record_values(story.jam, {"peak_temp": "103.5"}, reason="recalibrated", actor=ACTOR)
    set_fields("SJ", JAM_FIELDS[1:], actor=ACTOR)
    report = rebuild()
    assert report.tables["process_value"].rows_after == 3 and report.tables["process_field"].rows_after == 3
    assert report.differences == 0


def test_verify_names_a_process_value_changed_in_the_table_alone(jam_fields, story):
    from lotline.ledger.tallies import check_tallies
    from lotline.process.models import ProcessValue

    record_values(story.jam, {"peak_temp": "-1.5", "notes": "runny"}, actor=ACTOR)
    record_values(story.jam, {"peak_temp": "104"}, reason="probe", actor=ACTOR)
    assert {t.name: t.differences for t in check_tallies()}["per batch's process value"] == 0
    ProcessValue.objects.filter(field__code="peak_temp", superseded_seq__isnull=True).update(value=Decimal(105))
    found = {t.name: t for t in check_tallies()}["per batch's process value"]
    assert found.differences == 2
    assert found.examples == [f"batch_field {story.jam} peak_temp: value 104 in the events, 105 in the tables"]

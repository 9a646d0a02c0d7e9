"""Receiving lots and recording batches through the verbs, with the errors a person would make."""

import datetime as dt
from decimal import Decimal
from functools import partial

import pytest

from lotline.errors import LotlineError
from lotline.ledger.models import Event
from lotline.lots.models import Lot, LotInput
from lotline.lots.services import InputLine, receive_lot, record_batch
from lotline.testing import ACTOR, ANYWAY

pytestmark = pytest.mark.django_db
D = Decimal
MARCH_4 = dt.date(2026, 3, 4)


receive = partial(receive_lot, item="STRAW", supplier="VALLEY", quantity=D(20), unit="kg",
                  received_on=dt.date(2026, 3, 2), actor=ACTOR)


def nothing_written(before: int) -> bool:
    return Event.objects.count() == before


def test_a_received_lot_gets_our_own_code_and_keeps_the_suppliers_code_verbatim(jam_catalog):
    lot = receive(supplier_lot="vf-0302 b", reference_doc_type="invoice", reference_doc="INV-9")
    stored = Lot.objects.get(code=lot.code)
    assert lot.code == "STRAW-20260302-A"
    assert (stored.supplier.name, stored.supplier_lot, stored.supplier_lot_key) == ("Valley Farm", "vf-0302 b",
                                                                                    "VF-0302 B")
    assert (stored.reference_doc_type, stored.reference_doc) == ("invoice", "INV-9")
    assert Event.objects.get(seq=lot.event_seq).kind == "lot.received"


def test_it_converts_a_quantity_written_in_pounds_into_the_lots_unit(jam_catalog):
    lot = receive(quantity=D(10), unit="lb").code
    batch = record_batch(product="SJ", quantity_produced=D(30), produced_on=MARCH_4,
                         inputs=[InputLine(lot, D(16), "oz")], actor=ACTOR).code
    used = LotInput.objects.get(batch__code=batch)
    assert (used.quantity, used.unit, used.quantity_in_lot_unit) == (D(16), "oz", D(1))


@pytest.mark.parametrize(("change", "code", "field"), [
    ({"item": "NOPE"}, "unknown_item", "item"),
    ({"supplier": "NOPE"}, "unknown_supplier", "supplier"),
    ({"quantity": D(0)}, "not_positive", "quantity"),
    ({"quantity": D(-3)}, "not_positive", "quantity"),
    ({"unit": "bushel"}, "unknown_unit", "unit"),
    ({"unit": "l"}, "unit_mismatch", "unit"),
    ({"best_by": dt.date(2026, 1, 1)}, "impossible_date", "best_by"),
])
def test_it_refuses_a_bad_receipt_and_writes_nothing(jam_catalog, change, code, field):
    before = Event.objects.count()
    with pytest.raises(LotlineError) as err:
        receive(**change)
    assert (err.value.problems[0].code, err.value.problems[0].field) == (code, field)
    assert nothing_written(before) and not Lot.objects.exists()


def test_it_refuses_a_lot_code_that_is_already_taken(jam_catalog):
    receive(code="MY-LOT-1")
    with pytest.raises(LotlineError) as err:
        receive(code="MY-LOT-1")
    assert err.value.code == "duplicate_code"


def test_batch_numbers_follow_the_date_with_a_letter_per_batch_of_the_day(jam_catalog):
    made = [record_batch(product="SJ", quantity_produced=D(30), produced_on=MARCH_4, confirmed=ANYWAY,
                         actor=ACTOR).code for _ in range(3)]
    assert made == ["SJ-20260304-A", "SJ-20260304-B", "SJ-20260304-C"]


def test_a_hand_typed_batch_number_is_skipped_by_the_numbering(jam_catalog):
    record_batch(product="SJ", quantity_produced=D(30), produced_on=MARCH_4, code="SJ-20260304-A", confirmed=ANYWAY,
                 actor=ACTOR)
    assert record_batch(product="SJ", quantity_produced=D(30), produced_on=MARCH_4, confirmed=ANYWAY,
                        actor=ACTOR).code == "SJ-20260304-B"


def test_a_batch_can_use_an_earlier_batch_and_a_failed_batch_is_recorded_as_failed(story):
    failed = record_batch(product="JT", quantity_produced=D(0), produced_on=dt.date(2026, 3, 12),
                          inputs=[InputLine(story.other_jam, D(2))], failed=True, actor=ACTOR).code
    assert Lot.objects.get(code=failed).status == "failed"
    with pytest.raises(LotlineError) as err:
        record_batch(product="JT", quantity_produced=D(10), produced_on=dt.date(2026, 3, 12),
                     inputs=[InputLine(failed, D(1))], actor=ACTOR)
    assert err.value.code == "lot_unusable"


@pytest.mark.parametrize(("inputs", "code", "field"), [
    ([InputLine("NOPE", D(1))], "unknown_lot", "lot"),
    ([InputLine("STRAW-20260302-A", D(0))], "not_positive", "quantity"),
    ([InputLine("STRAW-20260302-A", D(1), "l")], "unit_mismatch", "unit"),
    ([InputLine("STRAW-20260302-A", D(21))], "more_than_on_hand", "quantity"),
    ([InputLine("STRAW-20260302-A", D(12)), InputLine("STRAW-20260302-A", D(9))], "more_than_on_hand", "quantity"),
])
def test_it_refuses_bad_inputs_and_writes_nothing(jam_catalog, inputs, code, field):
    receive()
    before = Event.objects.count()
    with pytest.raises(LotlineError) as err:
        record_batch(product="SJ", quantity_produced=D(30), produced_on=MARCH_4, inputs=inputs, actor=ACTOR)
    assert (err.value.problems[0].code, err.value.problems[0].field) == (code, field)
    assert nothing_written(before) and not Lot.objects.filter(kind="batch").exists()


def test_it_refuses_a_batch_made_before_its_ingredients_arrived(jam_catalog):
    lot = receive().code
    with pytest.raises(LotlineError) as err:
        record_batch(product="SJ", quantity_produced=D(30), produced_on=dt.date(2026, 3, 1),
                     inputs=[InputLine(lot, D(1))], actor=ACTOR)
    assert err.value.code == "impossible_date"
    assert "input 1" in str(err.value)


def test_it_refuses_an_ingredient_as_the_product_of_a_batch(jam_catalog):
    with pytest.raises(LotlineError) as err:
        record_batch(product="SUGAR", quantity_produced=D(3), produced_on=MARCH_4, actor=ACTOR)
    assert err.value.code == "not_a_product"


def test_it_refuses_more_discarded_than_made(jam_catalog):
    with pytest.raises(LotlineError) as err:
        record_batch(product="SJ", quantity_produced=D(3), quantity_discarded=D(4), produced_on=MARCH_4,
                     actor=ACTOR)
    assert (err.value.code, err.value.field) == ("discarded_exceeds_made", "quantity_discarded")

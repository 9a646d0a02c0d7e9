"""A read table edited directly is caught by plain `verify` (tallies), not only by `--rebuild`."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from lotline.ledger.tallies import check_tallies
from lotline.ledger.verification import verify_ledger
from lotline.lots.models import Shipment
from lotline.lots.services import (
    InputLine,
    correct_lot,
    discard_units,
    mark_failed,
    place_hold,
    record_batch,
    release_hold,
    void_shipment,
)

pytestmark = pytest.mark.django_db


def differences() -> dict[str, list[str]]:
    return {t.name: t.examples for t in check_tallies() if t.differences}


def sql(statement: str, params: list) -> None:
    with connection.cursor() as cur:
        cur.execute(statement, params)


def every_kind_of_movement(story) -> None:
    """Corrections, a voided shipment, discards, holds placed and released, a failed batch."""
    correct_lot(story.jam, {"quantity": Decimal("42.5"), "lot_date": dt.date(2026, 3, 5)}, reason="miscounted",
                actor="alice")
    correct_lot(story.jam, {"quantity": Decimal(41)}, reason="recounted", actor="alice")
    void_shipment(Shipment.objects.filter(lot__code=story.tarts).first().ref, reason="typo", actor="alice")
    discard_units(story.sugar, Decimal("0.25"), reason="bag split", actor="alice")
    place_hold(story.other_jam, reason="label check", actor="alice")
    release_hold(story.other_jam, reason="fine", actor="alice")
    place_hold(story.other_jam, reason="again", actor="alice")
    batch = record_batch(product="SJ", quantity_produced=Decimal(10), produced_on=dt.date(2026, 3, 11),
                         inputs=[InputLine(story.sugar, Decimal("0.5"))], actor="alice").code
    mark_failed(batch, reason="did not set", actor="alice")


def test_the_tables_agree_with_the_events_after_every_kind_of_movement(story):
    every_kind_of_movement(story)
    assert differences() == {}


def test_verify_names_a_lot_whose_quantity_was_edited_in_the_table(story):
    sql("UPDATE lot SET quantity = 400 WHERE code = %s", [story.jam])
    assert differences() == {"per lot": [f"code {story.jam}: quantity 40 in the events, 400 in the tables"]}
    check = verify_ledger()
    assert check.chain.ok and not check.ok
    assert check.sealed is None
    assert "the read tables differ from the events (per lot)" in check.first_problem()


def test_verify_names_a_shipment_deleted_to_hide_a_customer(story):
    sql("DELETE FROM shipment WHERE lot_id = (SELECT id FROM lot WHERE code = %s) "
        "AND customer_id = (SELECT id FROM customer WHERE ref = 'SATMKT')", [story.jam])
    found = differences()
    assert found["per lot"] == [f"code {story.jam}: shipments 2 in the events, 1 in the tables; "
                                "shipped 34 in the events, 10 in the tables"]
    assert found["per customer"] == ["customer SATMKT: in the events (shipments 1, shipped 24), not in the tables"]


def test_verify_names_a_shipment_pointed_at_another_customer(story):
    sql("UPDATE shipment SET customer_id = (SELECT id FROM customer WHERE ref = 'ORDER1847') "
        "WHERE customer_id = (SELECT id FROM customer WHERE ref = 'SATMKT')", [])
    assert set(differences()) == {"per customer"}


def test_verify_names_an_input_pointed_at_another_lot(story):
    sql("UPDATE lot_input SET input_lot_id = (SELECT id FROM lot WHERE code = %s) "
        "WHERE input_lot_id = (SELECT id FROM lot WHERE code = %s)", [story.hillside_strawberries,
                                                                      story.valley_strawberries])
    examples = differences()["per lot"]
    assert sorted(e.split(":")[0] for e in examples) == [f"code {story.valley_strawberries}",
                                                         f"code {story.hillside_strawberries}"]


def test_verify_names_a_hold_released_in_the_table(story):
    place_hold(story.tarts, reason="complaint", actor="alice")
    sql("UPDATE hold SET released_on = placed_on, released_seq = placed_seq", [])
    assert differences() == {"per lot": [f"code {story.tarts}: open_holds 1 in the events, 0 in the tables"]}


def test_verify_names_a_lot_added_to_the_table_by_hand(story):
    sql("INSERT INTO lot (code, kind, item_id, site_id, lot_date, quantity, quantity_discarded, unit, supplier_lot, "
        "supplier_lot_key, reference_doc_type, reference_doc, made_by, equipment, status, event_seq) "
        "SELECT 'GHOST-1', kind, item_id, site_id, lot_date, quantity, 0, unit, '', '', '', '', '', '', 'active', 1 "
        "FROM lot WHERE code = %s", [story.jam])
    assert differences()["per lot"][0].startswith("code GHOST-1: in the tables (kind batch")


def test_plain_verify_fails_on_a_table_edited_directly(story, capsys):
    sql("UPDATE lot SET quantity_discarded = 3 WHERE code = %s", [story.jam])
    with pytest.raises(CommandError, match="does not verify"):
        call_command("verify")
    out = capsys.readouterr().out
    assert "Read tables differ from the events" in out
    assert "discarded_at_batch 0 in the events, 3 in the tables" in out

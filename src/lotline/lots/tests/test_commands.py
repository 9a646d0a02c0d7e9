"""The recording commands: receive, batch, ship, hold, release, fail, discard, correct, void-shipment
and add-inputs. Each is a thin shell over a verb; these tests read what a person would see."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import CommandError, call_command, get_commands, load_command_class

from lotline.ledger.models import Event
from lotline.lots.models import Lot, LotInput, LotStatus, Shipment
from lotline.testing import JamStory

RECORDING = ["receive", "batch", "ship", "hold", "release", "fail", "discard", "correct", "void-shipment",
             "add-inputs", "add", "catalog", "demo"]


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def run_json(*args: str) -> Any:
    return json.loads(run(*args, "--json"))


@pytest.fixture
def refused(db: None) -> type:
    """pytest.raises(CommandError) that also checks nothing was written."""
    class Refused:
        def __init__(self, match: str) -> None:
            self.match = match

        def __enter__(self) -> None:
            self.before = Event.objects.count()
            self.raises = pytest.raises(CommandError, match=self.match)
            self.raises.__enter__()

        def __exit__(self, *exc: Any) -> bool:
            handled = self.raises.__exit__(*exc)
            assert Event.objects.count() == self.before, "a refused command wrote an event"
            return handled

    return Refused


@pytest.mark.parametrize("name", RECORDING)
def test_every_recording_command_has_an_example_in_its_help(name: str) -> None:
    command = load_command_class(get_commands()[name], name)
    assert "Example" in command.help


def test_receive_finds_the_supplier_by_name_and_prints_the_new_lot_code(jam_catalog: None) -> None:
    out = run("receive", "--item", "strawberries", "--supplier", "valley farm", "--quantity", "20",
              "--unit", "kg", "--date", "2026-03-02", "--supplier-lot", "VF-0302", "--doc-type", "invoice",
              "--doc", "INV-1")
    assert "STRAW-20260302-A" in out and "Valley Farm (VALLEY)" in out
    lot = Lot.objects.get(code="STRAW-20260302-A")
    assert (lot.supplier_lot, lot.reference_doc, lot.quantity) == ("VF-0302", "INV-1", 20)


def test_receive_uses_the_items_unit_and_the_acting_user(jam_catalog: None) -> None:
    data = run_json("receive", "--item", "SUGAR", "--supplier", "COSTCO", "--quantity", "25", "--date",
                    "2026-02-15", "--as", "sam")
    assert (data["code"], data["unit"], data["supplier_name"]) == ("SUGAR-20260215-A", "kg", "Costco Main St")
    assert Event.objects.get(seq=data["event"]).actor == "sam"


def test_receive_refuses_an_ambiguous_supplier_and_lists_the_candidates(jam_catalog: None,
                                                                        refused: Any) -> None:
    with refused(r"^--supplier: 'o' matches several suppliers: COSTCO \(Costco Main St\), HILL"):
        run("receive", "--item", "STRAW", "--supplier", "o", "--quantity", "1")


def test_receive_names_the_option_at_fault(jam_catalog: None, refused: Any) -> None:
    with refused(r"--unit: l does not convert to kg"):
        run("receive", "--item", "STRAW", "--supplier", "VALLEY", "--quantity", "1", "--unit", "l")
    with refused(r"--item: SJ \(Strawberry jam\) is a product, not an ingredient \[not_an_ingredient\]"):
        run("receive", "--item", "SJ", "--supplier", "VALLEY", "--quantity", "1")
    with refused(r"'abc' is not a date"):
        run("receive", "--item", "STRAW", "--supplier", "VALLEY", "--quantity", "1", "--date", "abc")


def test_batch_prints_the_new_batch_number_and_what_went_into_it(story: JamStory) -> None:
    out = run("batch", "SJ", "--made", "30", "--discarded", "2", "--date", "2026-03-11", "--made-by", "Maria",
              "--use", f"{story.hillside_strawberries}:8", "--use", f"{story.sugar}:4kg")
    assert "SJ-20260311-A" in out and "write it on the labels" in out
    assert "Hillside Orchard" in out and "4 kg" in out
    batch = Lot.objects.get(code="SJ-20260311-A")
    assert (batch.quantity, batch.quantity_discarded, batch.made_by) == (30, 2, "Maria")


def test_batch_accepts_a_suppliers_lot_code_and_a_unit_other_than_the_lots(story: JamStory) -> None:
    data = run_json("batch", "strawberry jam", "--made", "10", "--date", "2026-03-11",
                    "--use", "c-sug-1:500 g")
    [used] = data["inputs"]
    assert (used["lot"], used["quantity"], used["unit"]) == (story.sugar, "500", "g")
    assert Decimal(used["quantity_in_lot_unit"]) == Decimal("0.5")


def test_batch_can_record_a_failed_batch(story: JamStory) -> None:
    data = run_json("batch", "SJ", "--made", "0", "--failed", "--date", "2026-03-11", "--use",
                    f"{story.hillside_strawberries}:8")
    assert data["status"] == "failed"


def test_batch_refuses_a_malformed_use_and_an_ingredient_as_product(story: JamStory, refused: Any) -> None:
    with refused(r"^--use: 'STRAW-20260302-A': write LOT:QUANTITY"):
        run("batch", "SJ", "--made", "1", "--use", "STRAW-20260302-A")
    with refused(r"^--use: 'lots' is not a quantity"):
        run("batch", "SJ", "--made", "1", "--use", "STRAW-20260302-A:lots")
    with refused(r"^PRODUCT: STRAW \(Strawberries\) is an ingredient, not a product"):
        run("batch", "straw", "--made", "1")


def test_batch_names_the_input_at_fault(story: JamStory, refused: Any) -> None:
    with refused(r"^--use \(input 2\): lot STRAW-20260308-A holds 12 kg, but"):
        run("batch", "SJ", "--made", "1", "--date", "2026-03-11", "--use", f"{story.sugar}:1",
            "--use", f"{story.hillside_strawberries}:500")
    with refused(r"--use \(input 1\): lot STRAW-20260308-A is dated 2026-03-08, after batch"):
        run("batch", "SJ", "--made", "1", "--date", "2026-03-07", "--use", f"{story.hillside_strawberries}:1")


def test_ship_finds_the_customer_by_name_and_prints_the_shipment(story: JamStory) -> None:
    out = run("ship", story.other_jam, "--to", "good earth", "--quantity", "12", "--date", "2026-03-12",
              "--doc-type", "order", "--doc", "#1850")
    assert "SH-20260312-001" in out and "Good Earth Co-op (GOODEARTH)" in out and "22 units" in out
    shipment = Shipment.objects.get(ref="SH-20260312-001")
    assert (shipment.customer.ref, shipment.quantity, shipment.reference_doc) == ("GOODEARTH", 12, "#1850")


def test_ship_refuses_more_than_is_on_hand_and_a_date_before_the_batch(story: JamStory, refused: Any) -> None:
    with refused(r"^--quantity: lot SJ-20260310-A holds 34"):
        run("ship", story.other_jam, "--to", "GOODEARTH", "--quantity", "100", "--date", "2026-03-12")
    with refused(r"^--date: shipped on 2026-03-01, before lot SJ-20260310-A existed"):
        run("ship", story.other_jam, "--to", "GOODEARTH", "--quantity", "1", "--date", "2026-03-01")
    with refused(r"^--to: no customer with ref or name 'Corner Shop'"):
        run("ship", story.other_jam, "--to", "Corner Shop", "--quantity", "1")


def test_hold_and_release_change_the_status_and_keep_the_reason(story: JamStory) -> None:
    held = run_json("hold", story.tarts, "--reason", "label check", "--date", "2026-03-09")
    assert (held["status"], held["reason"]) == (LotStatus.ON_HOLD, "label check")
    assert "is released" in run("release", story.tarts, "--reason", "labels fixed")
    assert Lot.objects.get(code=story.tarts).status == LotStatus.ACTIVE


def test_hold_finds_a_lot_by_its_suppliers_code(story: JamStory) -> None:
    assert run_json("hold", "VF-0302", "--reason", "supplier called")["code"] == story.valley_strawberries


def test_hold_holds_exactly_the_lot_whose_code_is_typed_in_another_case(story: JamStory) -> None:
    assert run_json("hold", story.jam.lower(), "--reason", "check the seal")["code"] == story.jam
    assert [c for c, s in Lot.objects.values_list("code", "status") if s == LotStatus.ON_HOLD] == [story.jam]


def test_receive_refuses_a_lot_code_with_a_slash_or_taken_in_another_case(story: JamStory, refused: Any) -> None:
    sugar = ("receive", "--item", "SUGAR", "--supplier", "COSTCO", "--quantity", "25", "--date", "2026-03-04")
    with refused(r"--code: 'SJ/0304' has a '/', which would split a web address .*\[bad_code\]"):
        run(*sugar, "--code", "SJ/0304")
    with refused(r"--code: .*already recorded, as SJ-20260304-A: codes are the same whatever their case"):
        run(*sugar, "--code", "sj-20260304-a")


def test_a_lot_cannot_be_released_twice_or_a_received_lot_failed(story: JamStory, refused: Any) -> None:
    with refused(r"^CODE: lot SJ-20260310-A is .*cannot be released"):
        run("release", story.other_jam, "--reason", "x")
    with refused(r"^CODE: STRAW-20260302-A is a received lot, not a batch"):
        run("fail", story.valley_strawberries, "--reason", "x")
    with refused(r"^--reason: say why"):
        run("hold", story.other_jam, "--reason", " ")
    with refused(r"^CODE: unknown lot 'NOPE-1'"):
        run("hold", "NOPE-1", "--reason", "x")


def test_fail_marks_a_batch_failed(story: JamStory) -> None:
    assert "has failed" in run("fail", story.other_jam, "--reason", "burnt")
    assert Lot.objects.get(code=story.other_jam).status == LotStatus.FAILED


def test_discard_takes_units_off_the_balance(story: JamStory) -> None:
    data = run_json("discard", story.valley_strawberries, "--quantity", "500", "--unit", "g",
                    "--reason", "moldy")
    assert Decimal(data["on_hand"]) == Decimal("11.5")


def test_discard_refuses_more_than_is_on_hand(story: JamStory, refused: Any) -> None:
    with refused(r"^--quantity: lot STRAW-20260302-A has 12"):
        run("discard", story.valley_strawberries, "--quantity", "13", "--reason", "moldy")


def test_correct_shows_what_changed(story: JamStory) -> None:
    data = run_json("correct", story.valley_strawberries, "--set", "quantity=21",
                    "--set", "supplier-lot=VF-0302B", "--reason", "invoice says 21 kg")
    assert data["changes"]["quantity"] == {"was": "20", "now": "21"}
    assert data["changes"]["supplier_lot"] == {"was": "VF-0302", "now": "VF-0302B"}
    assert Event.objects.get(seq=data["event"]).kind == "lot.corrected"


def test_correct_refuses_an_unknown_field_and_a_malformed_set(story: JamStory, refused: Any) -> None:
    with refused(r"^--set: cannot correct colour"):
        run("correct", story.jam, "--set", "colour=red", "--reason", "x")
    with refused(r"^--set: 'quantity': write FIELD=VALUE"):
        run("correct", story.jam, "--set", "quantity", "--reason", "x")
    with refused(r"^--set: .*already used or shipped more"):
        run("correct", story.jam, "--set", "quantity=10", "--reason", "x")


def test_void_shipment_takes_a_shipment_back(story: JamStory) -> None:
    ref = Shipment.objects.get(lot__code=story.other_jam).ref
    out = run("void-shipment", ref, "--reason", "entered twice")
    assert f"Voided shipment {ref}" in out
    assert not Shipment.objects.filter(ref=ref).exists()


def test_void_shipment_refuses_an_unknown_reference(story: JamStory, refused: Any) -> None:
    with refused(r"^REF: unknown shipment 'SH-20990101-001'"):
        run("void-shipment", "SH-20990101-001", "--reason", "x")


def test_add_inputs_adds_a_forgotten_lot_to_a_batch(story: JamStory) -> None:
    out = run("add-inputs", story.other_jam, "--use", f"{story.sugar}:250g", "--reason", "left off the sheet")
    assert "1 input(s) added" in out
    assert LotInput.objects.filter(batch__code=story.other_jam, input_lot__code=story.sugar).count() == 2


def test_add_inputs_refuses_an_unknown_batch(story: JamStory, refused: Any) -> None:
    with refused(r"^BATCH: unknown lot 'SJ-20990101-A'"):
        run("add-inputs", "SJ-20990101-A", "--use", f"{story.sugar}:1")


def test_a_malformed_quantity_or_date_names_its_option(story: JamStory, refused: Any) -> None:
    with refused(r"argument --made: 'lots' is not a number"):
        run("batch", "SJ", "--made", "lots")
    with refused(r"argument --date: '2026-13-01' is not a date"):
        run("ship", story.other_jam, "--to", "GOODEARTH", "--quantity", "1", "--date", "2026-13-01")
    with refused(r"^--set: quantity: 'many' is not a number"):
        run("correct", story.jam, "--set", "quantity=many", "--reason", "x")

"""The demo business: it loads through `lotline demo`, its log verifies, and it tells issue 2's story.

Loading takes a few seconds, so a test run records it once (the `demo_db` fixture in conftest.py:
the rows `lotline demo --json` wrote, copied into each test) and each test reads from it; one test
loads it again, to show that every load records the same events.
"""

from __future__ import annotations

import hashlib
import io
import json
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.db.models import F

from lotline.demo.load import DEMO_PASSWORD, DEMO_USER, load_demo
from lotline.demo.story import CODES, PECTIN_LOT, RECALL_WINDOW
from lotline.ledger.log import verify
from lotline.ledger.models import Event
from lotline.ledger.rebuild import rebuild
from lotline.lots.models import Lot, LotInput, LotKind, LotStatus, Shipment
from lotline.testing import Snapshot, restore


def payload_digest() -> str:
    """What was recorded, leaving out when (recorded_at, and so the hashes)."""
    h = hashlib.sha256()
    fields = ("seq", "kind", "actor", "site", "subject", "payload")
    for row in Event.objects.order_by("seq").values_list(*fields):
        h.update(json.dumps(row).encode())
    return h.hexdigest()


def run_demo(*args: str) -> str:
    out = io.StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # the login's password, hashed quickly


@pytest.fixture
def demo(demo_db: dict[str, Any]) -> dict[str, Any]:
    """What `lotline demo --json` printed, with the demo business in the database."""
    return demo_db


def inputs_of(code: str) -> list[LotInput]:
    used = LotInput.objects.filter(batch__code=code)
    return list(used.select_related("input_lot__supplier", "input_lot__item"))


def downstream(codes: set[str]) -> set[str]:
    """Every batch made from these lots, at any depth (a plain walk, independent of the trace engine)."""
    found: set[str] = set()
    todo = set(codes)
    while todo:
        used_in = set(LotInput.objects.filter(input_lot__code__in=todo).values_list("batch__code", flat=True))
        todo = used_in - found
        found |= used_in
    return found


def test_the_demo_loads_through_the_command_and_prints_the_login(demo: dict, db: None) -> None:
    assert demo["loaded"] is True
    assert demo["login"] == {"user": DEMO_USER, "password": DEMO_PASSWORD}
    assert demo["events"] == Event.objects.count() > 300
    assert 100 <= Lot.objects.filter(kind=LotKind.BATCH).count() <= 400


def test_every_load_records_the_same_events(demo_snapshot: tuple[dict, Snapshot], db: None,
                                            settings: Any) -> None:
    # Repeatability is the demo's own property, not the database's: checked on SQLite, where a
    # second load takes a few seconds (PostgreSQL takes several times longer).
    if connection.vendor != "sqlite":
        pytest.skip("checked on SQLite only")
    settings.PASSWORD_HASHERS = FAST_HASHERS
    with transaction.atomic():
        restore(demo_snapshot[1])
        first = payload_digest()
        transaction.set_rollback(True)
    load_demo()
    assert payload_digest() == first


def test_its_hash_chain_verifies_and_the_read_tables_rebuild_the_same(demo: dict, db: None) -> None:
    assert verify().ok
    assert rebuild().differences == 0


def test_the_story_codes_exist(demo: dict, db: None) -> None:
    assert demo["story"] == CODES
    stored = Lot.objects.filter(code__in=CODES.values()).values_list("code", flat=True)
    assert set(stored) == set(CODES.values())


def test_the_two_valley_farm_lots_are_the_strawberries_bought_on_3_2_and_3_4(demo: dict, db: None) -> None:
    for name, day in [("valley_0302", "2026-03-02"), ("valley_0304", "2026-03-04")]:
        lot = Lot.objects.select_related("supplier", "item").get(code=CODES[name])
        assert (lot.supplier.name, lot.item.code, lot.lot_date.isoformat()) == ("Valley Farm", "STRAW", day)


def test_the_first_jam_used_valley_berries_costco_sugar_and_lemon_and_amazon_pectin(
        demo: dict, db: None) -> None:
    used = {i.input_lot.item.code: i.input_lot for i in inputs_of("SJ-20260304-A")}
    assert used["STRAW"].code == "STRAW-20260302-A"
    assert (used["SUGAR"].supplier.ref, used["SUGAR"].lot_date.isoformat()) == ("COSTCO", "2026-02-15")
    assert (used["LEMON"].supplier.ref, used["LEMON"].lot_date.isoformat()) == ("COSTCO", "2026-02-15")
    assert (used["PECTN"].supplier.ref, used["PECTN"].supplier_lot) == ("AMAZON", PECTIN_LOT)


def test_the_second_jam_used_both_valley_lots(demo: dict, db: None) -> None:
    berries = {i.input_lot.code for i in inputs_of("SJ-20260305-A") if i.input_lot.item.code == "STRAW"}
    assert berries == {"STRAW-20260302-A", "STRAW-20260304-A"}


def test_the_jam_of_3_10_used_another_suppliers_berries(demo: dict, db: None) -> None:
    berries = [i.input_lot for i in inputs_of("SJ-20260310-A") if i.input_lot.item.code == "STRAW"]
    suppliers = {lot.supplier.name for lot in berries}
    assert suppliers == {"Hillside Orchard"}


def shipped(code: str) -> list[tuple[str, Decimal, str]]:
    return sorted((s.customer.name, s.quantity, s.reference_doc)
                  for s in Shipment.objects.filter(lot__code=code).select_related("customer"))


def test_the_first_jam_went_to_the_market_and_the_co_op(demo: dict, db: None) -> None:
    assert [(name, qty) for name, qty, _ in shipped("SJ-20260304-A")] == [
        ("Good Earth Co-op", 12), ("Saturday farmers market", 24)]


def test_the_hot_sauce_went_to_order_1847_and_the_weekend_market(demo: dict, db: None) -> None:
    assert shipped("HS-20260301-A") == [("Online order #1847", 6, "#1847"),
                                        ("Saturday farmers market", 30, "MKT-20260307")]


def test_a_valley_farm_recall_reaches_both_jams_and_what_contains_them_but_not_the_jam_of_3_10(
        demo: dict, db: None) -> None:
    first, last = RECALL_WINDOW
    recalled = set(Lot.objects.filter(supplier__name="Valley Farm", item__code="STRAW",
                                      lot_date__range=(first, last)).values_list("code", flat=True))
    assert recalled == {"STRAW-20260302-A", "STRAW-20260304-A"}
    affected = downstream(recalled)
    assert {"SJ-20260304-A", "SJ-20260305-A", "JT-20260306-A", demo["gift_hamper"]} <= affected
    assert "SJ-20260310-A" not in affected


def test_the_ordinary_history_has_rework_a_discard_a_failed_batch_and_a_hold_released(
        demo: dict, db: None) -> None:
    kinds = set(Event.objects.values_list("kind", flat=True))
    assert {"units.discarded", "batch.failed", "lot.held", "lot.released", "lot.corrected", "shipment.voided",
            "inputs.recorded"} <= kinds
    assert Lot.objects.filter(status=LotStatus.FAILED).count() == 1
    assert LotInput.objects.filter(input_lot__item=F("batch__item")).exists()  # rework
    assert LotInput.objects.filter(batch__item__code="GH", input_lot__item__code="JT").exists()


def test_if_empty_leaves_a_loaded_ledger_and_the_login_alone(demo: dict, db: None, settings: Any) -> None:
    settings.PASSWORD_HASHERS = FAST_HASHERS
    events = Event.objects.count()
    assert "demo not loaded" in run_demo("--if-empty")
    assert Event.objects.count() == events
    assert get_user_model().objects.get(username=DEMO_USER).check_password(DEMO_PASSWORD)


def test_without_if_empty_the_demo_refuses_a_ledger_with_events(demo: dict, db: None) -> None:
    with pytest.raises(CommandError, match="ledger_not_empty"):
        run_demo()


def test_the_demo_login_is_a_superuser(demo: dict, db: None) -> None:
    owner = get_user_model().objects.get(username=DEMO_USER)
    assert owner.is_staff and owner.is_superuser


def test_the_demos_two_complaints_point_at_the_valley_strawberries_of_3_2(demo: dict, db: None) -> None:
    from lotline.complaints.patterns import patterns
    from lotline.complaints.queries import complaint

    assert (complaint("C-1")["lot"], complaint("C-1")["status"]) == ("SJ-20260304-A", "answered")
    assert (complaint("C-2")["lot"], complaint("C-2")["via"], complaint("C-2")["customer"]) == (
        "SJ-20260305-A", "picked", "JLEE")
    [found] = patterns()
    assert (found["cause"]["code"], found["complaints"]) == (CODES["valley_0302"], ["C-1", "C-2"])
    assert CODES["costco_sugar"] in [lot["code"] for lot in found["also_shared"]]  # shared, but in every jam

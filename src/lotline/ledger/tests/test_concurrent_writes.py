"""Two people recording at once: the chain-head lock makes them take turns.

These tests commit for real (transaction=True) and use one database connection per thread. On
SQLite that needs a database file (conftest.py uses one): connections to pytest-django's
in-memory database would share one cache and fail with "table is locked" instead of waiting.
"""

import datetime as dt
import threading
import time
from decimal import Decimal

import pytest
from django.db import connection

from lotline.ledger.log import verify
from lotline.lots.models import Lot
from lotline.lots.services import InputLine, production, receive_lot, record_batch
from lotline.testing import add_jam_seller_catalog

MARCH_4 = dt.date(2026, 3, 4)


def _in_threads(work, names: tuple[str, ...]) -> dict[str, object]:
    """Run work(name) in one thread per name; return what each returned or raised."""
    results: dict[str, object] = {}

    def run(name: str) -> None:
        try:
            results[name] = work(name)
        except Exception as exc:  # reported by the test's assertion
            results[name] = exc
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=run, args=(name,), name=name) for name in names]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not any(t.is_alive() for t in threads), "a writer never finished: the lock deadlocked"
    return results


@pytest.mark.django_db(transaction=True)
def test_two_people_recording_jam_on_the_same_day_get_different_batch_numbers(monkeypatch):
    add_jam_seller_catalog()
    berries = receive_lot(item="STRAW", supplier="VALLEY", quantity=Decimal(50), unit="kg",
                          received_on=dt.date(2026, 3, 2), actor="alice").code
    # The day's first batch creates the day's counter; racing for the next ones tests the lock,
    # not the counter's unique key.
    morning = record_batch(product="SJ", quantity_produced=Decimal(40), produced_on=MARCH_4,
                           inputs=[InputLine(berries, Decimal(8))], actor="alice").code
    first_has_number, second_is_writing = threading.Event(), threading.Event()
    real_next_lot_code = production.next_lot_code

    def next_lot_code_slowly(*args, **kwargs):
        """The first writer holds its new number, uncommitted, while the second one starts writing."""
        code = real_next_lot_code(*args, **kwargs)
        if threading.current_thread().name == "first":
            first_has_number.set()
            second_is_writing.wait(timeout=10)
            # Give the second writer time to reach the lock. Without it, this is when it would read
            # the same counter and take the same number; with it, it waits for our commit.
            time.sleep(0.3)
        return code

    monkeypatch.setattr(production, "next_lot_code", next_lot_code_slowly)

    def record(name: str) -> str:
        if name == "second":
            assert first_has_number.wait(timeout=10)
            second_is_writing.set()
        return record_batch(product="SJ", quantity_produced=Decimal(40), produced_on=MARCH_4,
                            inputs=[InputLine(berries, Decimal(8))], made_by=name, actor=name).code

    results = _in_threads(record, ("first", "second"))

    assert morning == "SJ-20260304-A"
    assert results == {"first": "SJ-20260304-B", "second": "SJ-20260304-C"}
    assert verify().ok


@pytest.mark.django_db(transaction=True)
def test_many_people_recording_at_once_keep_the_chain_whole():
    add_jam_seller_catalog()
    berries = receive_lot(item="STRAW", supplier="VALLEY", quantity=Decimal(100), unit="kg",
                          received_on=dt.date(2026, 3, 2), actor="alice").code
    start = threading.Barrier(6)

    def record(name: str) -> str:
        start.wait(timeout=10)
        return record_batch(product="SJ", quantity_produced=Decimal(10), produced_on=MARCH_4,
                            inputs=[InputLine(berries, Decimal(2))], actor=name).code

    results = _in_threads(record, tuple(f"cook{n}" for n in range(6)))

    codes = sorted(str(r) for r in results.values())
    assert codes == [f"SJ-20260304-{letter}" for letter in "ABCDEF"]
    assert Lot.objects.filter(kind="batch").count() == 6
    assert verify().ok

"""The canonical text of a payload, and the hash over it, must never change: old chains depend on them."""

import datetime as dt
import hashlib
import json
from decimal import Decimal

import pytest

from lotline.ledger.log import GENESIS_HASH, canonical_json, event_hash


def test_keys_are_sorted_and_there_are_no_spaces():
    assert canonical_json({"b": 1, "a": [1, {"d": 2, "c": 3}]}) == '{"a":[1,{"c":3,"d":2}],"b":1}'


def test_the_same_payload_built_in_another_order_gives_the_same_text():
    one, other = {"lot": "SJ-1", "qty": Decimal(4)}, {"qty": Decimal(4), "lot": "SJ-1"}
    assert canonical_json(one) == canonical_json(other)


@pytest.mark.parametrize("value, text", [
    (Decimal("1.500"), '"1.5"'),
    (Decimal("40"), '"40"'),
    (Decimal("4E+1"), '"40"'),
    (Decimal("0.000"), '"0"'),
    (Decimal("0.000001"), '"0.000001"'),
])
def test_a_decimal_is_written_without_trailing_zeros_or_exponent(value, text):
    assert canonical_json(value) == text


def test_a_date_is_written_as_iso():
    assert canonical_json({"on": dt.date(2026, 3, 4)}) == '{"on":"2026-03-04"}'


def test_accented_names_are_kept_as_written():
    assert canonical_json("Crème fraîche") == '"Crème fraîche"'


def test_reading_back_and_writing_again_gives_the_same_text():
    text = canonical_json({"rows": [["SJ-1", Decimal("2.50"), dt.date(2026, 3, 4)]], "n": 1})
    assert canonical_json(json.loads(text)) == text


def test_a_value_the_log_cannot_store_is_refused():
    with pytest.raises(TypeError, match="cannot store"):
        canonical_json({"x": object()})


AT = dt.datetime(2026, 3, 4, 9, 30, 0, 123456, tzinfo=dt.UTC)


def test_the_hash_is_sha256_over_the_fields_and_the_previous_hash():
    at = "2026-03-04T09:30:00.123456+00:00"
    fields = [1, "lot.received", at, "alice", "K1", "STRAW-1", '{"a":1}', GENESIS_HASH]
    expected = hashlib.sha256(json.dumps(fields).encode()).hexdigest()
    assert event_hash(1, "lot.received", AT, "alice", "K1", "STRAW-1", '{"a":1}', GENESIS_HASH) == expected


def test_the_hash_of_an_event_never_changes():
    digest = event_hash(1, "lot.received", AT, "alice", "K1", "STRAW-1", '{"a":1}', GENESIS_HASH)
    assert digest == "9cc60b222b5b06d20dd8835bf7eda64e98bd0f1e6652114ac6354e06669553ed"


def test_the_hash_reads_the_time_in_utc_whatever_the_time_zone():
    elsewhere = AT.astimezone(dt.timezone(dt.timedelta(hours=-5)))
    in_utc, in_new_york = (event_hash(1, "k", at, "a", "", "", "{}", GENESIS_HASH) for at in (AT, elsewhere))
    assert in_utc == in_new_york

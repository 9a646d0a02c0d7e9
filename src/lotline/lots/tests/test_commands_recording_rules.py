"""The recording rules on the command line: warnings refused with the --confirm to give, dates and
quantities named by their option, and quantities printed as the pages print them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal

import pytest
from django.core.management import CommandError

from lotline.days import today
from lotline.ledger.models import Event
from lotline.lots.models import Lot
from lotline.lots.services import receive_lot
from lotline.testing import ACTOR, JamStory

from .test_commands import run, run_json

pytestmark = pytest.mark.django_db


@contextmanager
def refused(match: str) -> Iterator[None]:
    """The command fails with a message matching `match` and writes nothing."""
    before = Event.objects.count()
    with pytest.raises(CommandError, match=match):
        yield
    assert Event.objects.count() == before, "a refused command wrote an event"


def test_a_batch_with_nothing_in_says_which_confirm_records_it(jam_catalog: None) -> None:
    with refused(r"Not recorded: check these warnings\.\n  --use: no lot or batch went into batch SJ-20260312-A: "
                 r"nothing traceable went in \[no_inputs\]\nIf it is right, run the command again with --confirm "
                 r"no_inputs"):
        run("batch", "SJ", "--made", "10", "--date", "2026-03-12")
    out = run("batch", "SJ", "--made", "10", "--date", "2026-03-12", "--confirm", "no_inputs")
    assert "SJ-20260312-A" in out and "confirmed" in out and "nothing traceable" in out


def test_a_batch_using_an_expired_lot_needs_confirm_expired_input(story: JamStory) -> None:
    old = receive_lot(item="STRAW", supplier="VALLEY", quantity=Decimal(5), unit="kg", received_on=dt.date(2026, 3, 1),
                      best_by=dt.date(2026, 3, 5), actor=ACTOR).code
    with refused(rf"--use \(input 1\): lot {old} was past its best-by date \(2026-03-05\)(.|\n)*"
                 r"--confirm expired_input"):
        run("batch", "SJ", "--made", "10", "--date", "2026-03-12", "--use", f"{old}:2")
    data = run_json("batch", "SJ", "--made", "10", "--date", "2026-03-12", "--use", f"{old}:2",
                    "--confirm", "expired_input")
    assert [c["code"] for c in data["confirmed"]] == ["expired_input"]


def test_the_same_receipt_twice_in_a_row_needs_confirm_near_twin(jam_catalog: None) -> None:
    receipt = ("receive", "--item", "SUGAR", "--supplier", "COSTCO", "--quantity", "5", "--date", "2026-03-12")
    run(*receipt)
    with refused(r"is this a second one\? \[near_twin\]\nIf it is right, run the command again with --confirm "
                 r"near_twin"):
        run(*receipt)
    run(*receipt, "--confirm", "near_twin")
    assert Lot.objects.count() == 2


@pytest.mark.parametrize(("args", "words"), [
    (("--date", "2099-01-01"), r"^--date: 2099-01-01 is in the future .*\[future_date\]"),
    (("--date", "1999-12-31"), r"^--date: 1999-12-31 is before 2000-01-01: check the year \[date_too_old\]"),
    (("--best-by", "9999-12-31"), r"^--best-by: best-by 9999-12-31 is more than 30 years ahead"),
])
def test_a_date_out_of_bounds_names_its_option(jam_catalog: None, args: tuple[str, ...], words: str) -> None:
    with refused(words):
        run("receive", "--item", "SUGAR", "--supplier", "COSTCO", "--quantity", "5", *args)


@pytest.mark.parametrize(("quantity", "code"), [
    ("٣", "not_a_number"), ("1e-400", "not_a_number"), ("0.0000001", "too_precise"), ("1000000000", "too_large"),
    ("-2", "not_positive")])
def test_a_quantity_is_refused_with_the_code_every_way_in_gives(jam_catalog: None, quantity: str, code: str) -> None:
    with pytest.raises(CommandError, match=rf"argument --quantity: .*\[{code}\]"):
        run("receive", "--item", "SUGAR", "--supplier", "COSTCO", "--quantity", quantity)
    assert not Lot.objects.exists()


def test_today_on_the_command_line_is_the_business_day(jam_catalog: None) -> None:
    data = run_json("receive", "--item", "SUGAR", "--supplier", "COSTCO", "--quantity", "5", "--date", "today")
    assert data["received_on"] == today().isoformat()


def test_the_command_prints_a_quantity_as_the_page_does(jam_catalog: None) -> None:
    out = run("receive", "--item", "SUGAR", "--supplier", "COSTCO", "--quantity", "13.227736", "--unit", "lb")
    assert "13.228 lb" in out and "13.227736" not in out
    data = run_json("receive", "--item", "SUGAR", "--supplier", "COSTCO", "--quantity", "13.227736", "--unit", "lb",
                    "--confirm", "near_twin")
    assert data["quantity"] == "13.227736"  # --json keeps the exact value

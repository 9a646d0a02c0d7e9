"""`lotline complaint`: the contract of the issue (add --customer REF --code CODE --said TEXT [--date D],
list), its other actions, --json on each, and errors naming the option typed."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from lotline.ledger.models import Event
from lotline.testing import JamStory

pytestmark = pytest.mark.django_db
CLI_DOC = Path(__file__).resolve().parents[4] / "docs" / "cli.md"


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("complaint", *args, stdout=out)
    return out.getvalue()


def run_json(*args: str) -> Any:
    return json.loads(run(*args, "--json"))


def refused(*args: str, match: str) -> None:
    before = Event.objects.count()
    with pytest.raises(CommandError, match=match):
        run(*args)
    assert Event.objects.count() == before


def test_the_contract_add_with_customer_code_said_and_date(story: JamStory) -> None:
    out = run("add", "--customer", "GOODEARTH", "--code", f"{story.jam}-017", "--said", "the jar fizzed",
              "--date", "2026-03-14")
    assert "Recorded C-1" in out and f"{story.jam} (Strawberry jam, 2026-03-04; unit serial, unit 17)" in out
    data = run_json("add", "--customer", "Good Earth Co-op", "--code", story.tarts, "--said", "stale")
    assert (data["complaint"]["id"], data["complaint"]["lot"], data["complaint"]["customer"]) == (
        "C-2", story.tarts, "GOODEARTH")
    assert data["event_seq"] == Event.objects.order_by("-seq").first().seq
    assert data["candidates"] == []


def test_the_contract_list_prints_the_complaints_newest_first(story: JamStory) -> None:
    run("add", "--customer", "GOODEARTH", "--code", story.jam, "--said", "fizzy", "--date", "2026-03-14")
    run("add", "--customer", "SATMKT", "--code", story.tarts, "--said", "stale", "--date", "2026-03-15")
    assert [(c["id"], c["lot"]) for c in run_json("list")["complaints"]] == [("C-2", story.tarts), ("C-1", story.jam)]
    out = run("list")
    assert "Complaints (2)" in out and "fizzy" in out and "Saturday farmers market" in out


def test_without_a_code_it_prints_the_candidates_then_a_pick_names_the_lot(story: JamStory) -> None:
    out = run("add", "--customer", "GOODEARTH", "--item", "SJ", "--bought", "2026-03-10", "--said", "mould",
              "--date", "2026-03-12")
    assert "The lots it may be" in out and story.jam in out
    assert [c["lot"] for c in run_json("show", "c-1")["candidates"]] == [story.jam]
    assert run_json("pick", "C-1", "--lot", story.jam)["complaint"]["lot"] == story.jam
    assert f"C-1 is about {story.jam}" in run("pick", "C-1", "--lot", story.jam)


def test_a_reply_sets_the_status_and_the_patterns_name_the_shared_lot(story: JamStory) -> None:
    run("add", "--customer", "GOODEARTH", "--code", story.jam, "--said", "fizzy", "--date", "2026-03-14")
    run("add", "--customer", "SATMKT", "--code", f"{story.jam}-2", "--said", "fizzy too", "--date", "2026-03-14")
    [pattern] = run_json("patterns")["patterns"]
    assert (pattern["cause"]["code"], pattern["complaints"]) == (story.jam, ["C-1", "C-2"])
    assert f"lotline trace forward {story.jam}" in run("patterns")
    done = run_json("reply", "C-2", "--text", "refund sent", "--status", "closed")
    assert (done["complaint"]["status"], done["complaint"]["reply"]) == ("closed", "refund sent")
    assert run_json("patterns")["patterns"] == []


def test_a_new_customer_comes_with_its_details(story: JamStory) -> None:
    data = run_json("add", "--customer", "JLEE", "--customer-name", "Jo Lee", "--customer-contact", "555-0199",
                    "--code", story.jam, "--said", "a chip of glass")
    assert (data["complaint"]["customer"], data["complaint"]["customer_contact"]) == ("JLEE", "555-0199")


@pytest.mark.parametrize(("args", "match"), [
    (("add", "--customer", "NOBODY", "--code", "SJ-20260304-A", "--said", "x"), r"^--customer: .*\[unknown_customer\]"),
    (("add", "--customer", "GOODEARTH", "--code", "NOPE", "--said", "x"), r"^--code: .*\[unknown_lot\]"),
    (("add", "--customer", "GOODEARTH", "--said", "x"), r"^--code: .*\[missing\]"),
    (("add", "--customer", "GOODEARTH", "--item", "SJ", "--said", "x"), r"^--bought: .*\[missing\]"),
    (("add", "--customer", "GOODEARTH", "--item", "SJ", "--at", "NOWHERE", "--said", "x"), r"^--at: .*\[unknown"),
    (("add", "--customer", "GOODEARTH", "--code", "SJ-20260304-A", "--said", " "), r"^--said: .*\[missing\]"),
    (("add", "--customer", "GOODEARTH", "--code", "SJ-20260304-A", "--said", "x", "--date", "2099-01-01"),
     r"^--date: .*\[future_date\]"),
    (("add", "--customer", "JLEE", "--customer-name", "Jo", "--customer-kind", "pal", "--code", "SJ-20260304-A",
      "--said", "x"), r"^--customer-kind: .*\[bad_choice\]"),
    (("reply", "C-1"), r"^--text: .*\[missing\]"),
    (("reply", "C-7", "--text", "x"), r"^ID: .*\[unknown_complaint\]"),
    (("pick", "C-1", "--lot", "NOPE"), r"^--lot: .*\[unknown_lot\]"),
])
def test_bad_input_names_the_option_typed(story: JamStory, args: tuple[str, ...], match: str) -> None:
    run("add", "--customer", "GOODEARTH", "--code", story.jam, "--said", "fizzy")
    refused(*args, match=match)


def test_an_auditor_cannot_record_a_complaint(story: JamStory, auditor) -> None:
    refused("add", "--customer", "GOODEARTH", "--code", story.jam, "--said", "x", "--as", "ada",
            match=r"\[forbidden\]")


def test_the_reference_shows_each_actions_options() -> None:
    text = CLI_DOC.read_text()
    assert "usage: lotline complaint add [-h] --customer REF [--code CODE] --said TEXT [--date D]" in text
    assert "### lotline complaint list" in text

"""Customer notices: a letter per customer from the business's template, placeholders filled in and
nothing else; the template set by owners as an event; the notification list as CSV with contacts."""

import csv
import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from lotline.errors import ErrorCode, Forbidden, LotlineError
from lotline.recalls.notices import DEFAULT_TEMPLATE, customer_notices, notification_csv, set_notice_template
from lotline.recalls.services import notify_customer, open_case
from lotline.testing import ACTOR

pytestmark = pytest.mark.django_db


def valley_case() -> str:
    return open_case(supplier="VALLEY", first=dt.date(2026, 3, 1), last=dt.date(2026, 3, 5), actor=ACTOR)["id"]


def test_each_customer_gets_a_notice_naming_what_they_received(story):
    case = valley_case()
    notices = customer_notices(case)
    market = next(n for n in notices if n["customer"] == "SATMKT")
    assert market["text"].startswith("Dear Saturday farmers market,")
    assert story.jam in market["text"] and "Strawberry jam" in market["text"] and f"recall {case}" in market["text"]
    assert "{" not in market["text"]
    assert [n["customer"] for n in customer_notices(case, customer="good earth co-op")] == ["GOODEARTH"]
    with pytest.raises(LotlineError) as unknown:
        customer_notices(case, customer="NOBODY")
    assert unknown.value.code == ErrorCode.UNKNOWN_CUSTOMER


def test_the_owners_template_is_used_and_an_unknown_placeholder_is_refused(story, owner, staff):
    case = valley_case()
    set_notice_template(text="Hello {customer}: {lots}. Call {contact}. {business}", business="Jam & Co",
                        contact="Olivia, 555-0100", actor=owner.username)
    text = customer_notices(case, customer="SATMKT")[0]["text"]
    assert text.startswith("Hello Saturday farmers market: ") and text.endswith("Call Olivia, 555-0100. Jam & Co")
    with pytest.raises(LotlineError) as refused:
        set_notice_template(text="Hi {customer.__class__}", actor=owner.username)
    assert refused.value.code == ErrorCode.UNKNOWN_PLACEHOLDER and refused.value.problems[0].field == "text"
    with pytest.raises(Forbidden):
        set_notice_template(text=DEFAULT_TEMPLATE, actor=staff.username)
    out = io.StringIO()
    call_command("verify", "--rebuild", "--json", stdout=out)
    answer = json.loads(out.getvalue())
    assert answer["ok"] and answer["rebuild"]["differences"] == 0


def test_the_notification_list_is_a_csv_with_contacts_and_who_was_told(story):
    case = valley_case()
    notify_customer(case, customer="GOODEARTH", how="email", actor=ACTOR)
    rows = list(csv.DictReader(io.StringIO(notification_csv(case, actor=ACTOR))))
    assert {r["customer"] for r in rows} == {"GOODEARTH", "SATMKT"}
    told = {r["customer"]: r["notified"] for r in rows}
    assert told == {"GOODEARTH": "yes", "SATMKT": "no"}
    assert all(r["contact"] for r in rows)


def test_the_command_prints_the_notices_sets_the_template_and_names_the_option(story, tmp_path):
    case = valley_case()
    out = io.StringIO()
    call_command("case", "notice", case, "--customer", "SATMKT", stdout=out)
    assert "Dear Saturday farmers market," in out.getvalue()
    bad = tmp_path / "t.txt"
    bad.write_text("Hi {oops}")
    with pytest.raises(CommandError, match=r"^--template: \{oops\} is not a placeholder"):
        call_command("case", "notice", case, "--template", str(bad), stdout=io.StringIO())
    listing = tmp_path / "n.csv"
    call_command("case", "notice", case, "--csv", str(listing), stdout=io.StringIO())
    assert listing.read_text().startswith("customer,name,contact")


def test_the_pages_and_the_api_give_the_notices(story, owner_client, auditor_client):
    case = valley_case()
    page = auditor_client.get(f"/cases/{case}/notices").content.decode()
    assert "Dear Saturday farmers market," in page
    assert auditor_client.get(f"/cases/{case}/notification-list.csv").status_code == 200
    assert auditor_client.get("/cases/notice-template").status_code == 403
    refused = owner_client.post("/cases/notice-template", {"text": "Hi {nope}"})
    assert refused.status_code == 400 and "{nope} is not a placeholder" in refused.content.decode()
    assert owner_client.post("/cases/notice-template", {"text": "Hi {customer}"}).status_code == 302
    api = auditor_client.get(f"/api/cases/{case}/notices").json()
    assert {n["text"] for n in api} == {"Hi Good Earth Co-op", "Hi Saturday farmers market"}
    put = owner_client.put("/api/notice-template", {"text": "Yo {x}"}, content_type="application/json")
    assert put.status_code == 400 and put.json()["code"] == "unknown_placeholder"

"""`lotline plan`, the API and the /plan/ page: thin shells over the same verbs."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from pypdf import PdfReader

from lotline.catalog.services import update_record
from lotline.ledger.kinds import EventKind
from lotline.ledger.models import Event
from lotline.testing import ACTOR


def plan(*args: str) -> dict:
    out = io.StringIO()
    call_command("plan", *args, "--json", "--as", ACTOR, stdout=out)
    return json.loads(out.getvalue())


@pytest.fixture
def ftl(jam_catalog) -> None:
    update_record("item", "STRAW", {"on_traceability_list": True}, actor=ACTOR)


def test_lotline_plan_prints_the_markdown_and_writes_the_files(ftl, tmp_path: Path):
    out = io.StringIO()
    call_command("plan", "--as", ACTOR, stdout=out)
    assert out.getvalue().startswith("# Food traceability plan of Home kitchen")
    files = plan("--pdf", str(tmp_path / "plan.pdf"), "--md", str(tmp_path / "plan.md"))
    assert {"version", "issued_at", "markdown", "versions", "missing", "settings"} <= set(files)
    assert (tmp_path / "plan.md").read_text() == files["markdown"]
    pdf = PdfReader(tmp_path / "plan.pdf")
    assert "Strawberries" in pdf.pages[0].extract_text()
    assert Event.objects.filter(kind=EventKind.PLAN_ISSUED).count() == 1


def test_lotline_plan_sets_the_contact_and_keeps_the_version_before(ftl, tmp_path: Path):
    plan("--contact-name", "Olivia Park", "--contact-email", "olivia@jam.example")
    changed = plan("--contact-phone", "555-0100")
    assert changed["version"] == 2 and "555-0100" in changed["markdown"]
    assert [(v["version"], v["superseded_at"] is None) for v in changed["versions"]] == [(2, True), (1, False)]
    old = plan("--plan-version", "1", "--md", str(tmp_path / "v1.md"))
    assert old["version"] == 1 and "555-0100" not in (tmp_path / "v1.md").read_text()


def test_lotline_plan_names_the_option_at_fault_and_refuses_staff(ftl, staff):
    with pytest.raises(CommandError, match=r"^--contact-email: 'nope' is not an e-mail address"):
        plan("--contact-email", "nope")
    with pytest.raises(CommandError, match="staff may not manage"):
        call_command("plan", "--contact-name", "Sam", "--as", staff.username, stdout=io.StringIO())
    with pytest.raises(CommandError, match="no version 9"):
        plan("--plan-version", "9")


def test_the_api_gives_the_plan_and_its_files_and_only_owners_set_it(ftl, owner_client, staff_client,
                                                                      auditor_client):
    got = auditor_client.get("/api/plan").json()
    assert got["version"] == 1 and "| STRAW | Strawberries | received |" in got["markdown"]
    refused = staff_client.put("/api/plan", {"contact_name": "Sam"}, content_type="application/json")
    assert (refused.status_code, refused.json()["code"]) == (403, "forbidden")
    assert auditor_client.put("/api/plan", {"contact_name": "A"}, content_type="application/json").status_code == 403
    bad = owner_client.put("/api/plan", {"contact_email": "x"}, content_type="application/json")
    assert (bad.status_code, bad.json()["code"], bad.json()["field"]) == (400, "not_an_email", "contact_email")
    done = owner_client.put("/api/plan", {"contact_name": "Olivia Park"}, content_type="application/json").json()
    assert done["version"] == 2 and done["versions"][1]["superseded_at"] == done["issued_at"]
    assert done["settings"]["contact_name"] == "Olivia Park"
    md = auditor_client.get("/api/plan/versions/1.md")
    assert md["Content-Type"].startswith("text/markdown") and "Olivia Park" not in md.content.decode()
    pdf = auditor_client.get("/api/plan/versions/2.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    missing = auditor_client.get("/api/plan/versions/7.pdf")
    assert (missing.status_code, missing.json()["code"]) == (404, "unknown_plan_version")


def test_the_page_shows_the_plan_and_its_versions_and_only_owners_get_the_form(ftl, owner_client, auditor_client):
    page = auditor_client.get("/plan/")
    text = page.content.decode()
    assert page.status_code == 200 and "Strawberries" in text and "Still to say:" in text
    assert 'name="contact_name"' not in text and 'href="/plan/v1.pdf"' in text
    assert auditor_client.post("/plan/", {"contact_name": "A"}).status_code == 403
    assert not Event.objects.filter(kind=EventKind.PLAN_SET).exists()
    form = owner_client.get("/plan/").content.decode()
    assert 'name="contact_name"' in form and "Records are kept electronically in Lotline" in form
    bad = owner_client.post("/plan/", {"contact_email": "nope"})
    assert bad.status_code == 400 and "is not an e-mail address" in bad.content.decode()
    saved = owner_client.post("/plan/", {"contact_name": "Olivia Park", "contact_phone": "555-0100",
                                         "records": "", "backups": "USB disk, weekly"})
    assert saved.status_code == 302
    after = auditor_client.get("/plan/").content.decode()
    assert "Olivia Park" in after and "USB disk, weekly" in after and 'href="/plan/v1.md"' in after
    assert auditor_client.get("/plan/v1.pdf").content.startswith(b"%PDF")
    assert auditor_client.get("/plan/v9.md").status_code == 404

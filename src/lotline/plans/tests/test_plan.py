"""The traceability plan (21 CFR 1.1315): what its text says, its versions, and who may set it."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from pypdf import PdfReader

from lotline.accounts.rights import Forbidden
from lotline.catalog.services import update_record
from lotline.errors import ErrorCode, LotlineError
from lotline.ledger.kinds import EventKind
from lotline.ledger.models import Event
from lotline.plans.document import md
from lotline.plans.models import PlanVersion
from lotline.plans.pdf import plan_pdf
from lotline.plans.queries import KEEP_FOR, find_version, version_rows
from lotline.plans.services import current_plan, set_plan
from lotline.testing import ACTOR

CONTACT = {"business": "Jam & Co", "contact_name": "Olivia Park", "contact_phone": "555-0100",
           "contact_email": "olivia@jam.example", "backups": "a USB disk in the office safe, weekly"}


def issued() -> int:
    return Event.objects.filter(kind=EventKind.PLAN_ISSUED).count()


@pytest.fixture
def ftl(jam_catalog) -> None:
    """Strawberries and the jam made from them are on the Food Traceability List (fresh berries are)."""
    update_record("item", "STRAW", {"on_traceability_list": True}, actor=ACTOR)
    update_record("item", "JT", {"number_format": "sequential"}, actor=ACTOR)


def test_the_plan_names_the_contact_every_ftl_food_and_each_products_batch_number(ftl):
    plan = set_plan(**CONTACT, actor=ACTOR)
    text = plan.markdown
    assert text.startswith("# Food traceability plan of Jam & Co\n")
    assert "Version 1, in effect since" in text
    for said in ("Olivia Park", "555-0100", "olivia@jam.example", "a USB disk in the office safe, weekly"):
        assert said in text
    assert "| STRAW | Strawberries | received |" in text
    assert "SUGAR" not in text  # not on the list, and not a product
    assert "| SJ | Strawberry jam | `SJ-YYYYMMDD-L`" in text and "`SJ-20260304-A`" in text
    assert "| JT | Jam tarts | `JT-NNNN`" in text and "`JT-0001`" in text
    assert "lotline fsma204" in text and "/fsma204/" in text and "lotline backup" in text
    assert plan.missing == []


def test_an_unset_plan_says_what_it_still_lacks_and_names_the_database(ftl):
    plan = current_plan(actor=ACTOR)
    assert plan.version == 1 and plan.settings["contact_name"] == ""
    assert "the point of contact's name" in plan.missing and "where backups are kept" in plan.missing
    assert "Still to say:" in plan.markdown and "Point of contact: not named yet" in plan.markdown
    assert "Records are kept electronically in Lotline" in plan.markdown
    assert ("SQLite database file" in plan.markdown) or ("PostgreSQL database" in plan.markdown)
    assert plan.markdown.startswith("# Food traceability plan of Home kitchen")  # the site, until named


def test_changing_a_setting_makes_version_2_and_lists_version_1_as_superseded(ftl):
    first = set_plan(**CONTACT, actor=ACTOR)
    second = set_plan(contact_phone="555-0199", actor=ACTOR)
    assert (first.version, second.version) == (1, 2)
    assert "555-0199" in second.markdown and "555-0100" not in second.markdown
    assert second.settings["contact_name"] == "Olivia Park"  # None left it as it was
    now, old = second.versions
    assert (now["version"], now["superseded_at"], now["must_keep"]) == (2, None, True)
    assert (old["version"], old["superseded_at"], old["must_keep"]) == (1, now["issued_at"], True)
    assert old["keep_until"] == timezone.localtime(dt.datetime.fromisoformat(now["issued_at"]) + KEEP_FOR
                                                   ).date().isoformat()
    assert "555-0100" in find_version(1).markdown  # every version is kept as it was


def test_a_change_in_the_catalog_issues_a_new_version_when_the_plan_is_next_read(ftl):
    set_plan(**CONTACT, actor=ACTOR)
    update_record("item", "PECTN", {"on_traceability_list": True}, actor=ACTOR)
    plan = current_plan(actor="sam")
    assert plan.version == 2 and "| PECTN | Pectin | received |" in plan.markdown
    assert plan.issued_by == "sam"


def test_an_unchanged_plan_records_nothing(ftl):
    set_plan(**CONTACT, actor=ACTOR)
    events = Event.objects.count()
    current_plan(actor=ACTOR)
    set_plan(**CONTACT, actor=ACTOR)  # the same values again
    set_plan(records=current_plan(actor=ACTOR).default_records, actor=ACTOR)  # Lotline's own words
    assert Event.objects.count() == events and issued() == 1


def test_staff_and_auditors_cannot_change_the_plan_but_may_read_it(ftl, staff, auditor):
    for person in (staff, auditor):
        with pytest.raises(Forbidden):
            set_plan(contact_name="Someone", actor=person.username)
        assert current_plan(actor=person.username).version == 1
    assert not Event.objects.filter(kind=EventKind.PLAN_SET).exists()


def test_a_bad_email_or_an_overlong_value_is_refused_naming_the_field(ftl):
    with pytest.raises(LotlineError) as bad:
        set_plan(contact_email="olivia at jam", actor=ACTOR)
    assert (bad.value.code, bad.value.problems[0].field) == (ErrorCode.NOT_AN_EMAIL, "contact_email")
    with pytest.raises(LotlineError) as long:
        set_plan(contact_name="x" * 121, actor=ACTOR)
    assert (long.value.code, long.value.problems[0].field) == (ErrorCode.TOO_LONG, "contact_name")
    assert issued() == 0


def test_an_unknown_version_is_refused(db):
    with pytest.raises(LotlineError) as unknown:
        find_version(7)
    assert unknown.value.code == ErrorCode.UNKNOWN_PLAN_VERSION


def test_text_from_a_person_stays_text_in_the_markdown(ftl):
    assert md("A|B *c* <b>") == r"A\|B \*c\* \<b\>"
    plan = set_plan(business="Jam | Co", note="- not a list\n# not a heading", farm_map="https://maps.example/f?a=1",
                    actor=ACTOR)
    assert "# Food traceability plan of Jam \\| Co" in plan.markdown
    assert "\\- not a list" in plan.markdown and "\\# not a heading" in plan.markdown
    assert "## 5. Farm map" in plan.markdown


def test_the_pdf_says_what_the_markdown_says(ftl):
    set_plan(**CONTACT, farm_map="Field map in the barn office", actor=ACTOR)
    version = PlanVersion.objects.get(version=1)
    reader = PdfReader(io.BytesIO(plan_pdf(version)))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert reader.metadata.title == "Traceability plan, version 1"
    for said in ("Food traceability plan of Jam & Co", "Version 1, in effect since", "Olivia Park",
                 "olivia@jam.example", "STRAW", "Strawberries", "SJ-YYYYMMDD-L", "SJ-20260304-A", "JT-0001",
                 "lotline fsma204", "Field map in the barn office", version.sha256):
        assert said in text, said


def test_verify_rebuilds_the_plan_tables_and_notices_a_version_changed_in_the_table(ftl):
    set_plan(**CONTACT, actor=ACTOR)
    set_plan(contact_phone="555-0199", actor=ACTOR)
    out = io.StringIO()
    call_command("verify", "--rebuild", "--json", stdout=out)
    assert '"differences": 0' in out.getvalue()
    PlanVersion.objects.filter(version=1).update(sha256="0" * 64)
    out = io.StringIO()
    with pytest.raises(BaseException):  # noqa: B017  (verify exits non-zero on a difference)
        call_command("verify", "--json", stdout=out)
    assert "plan_version 1" in out.getvalue()
    assert [r["version"] for r in version_rows()] == [2, 1]

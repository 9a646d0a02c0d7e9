"""Every page a person can reach passes axe-core (vendor/axe.min.js) with no serious or critical
violation, on a phone and on a desktop, as the owner (who sees every button), plus the sign-in
page, the 403 page and the 404 pages. A page is named once here, by its URL name: a new page in
the URL confs fails `test_every_page_is_checked_or_excused` until it is listed or excused."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pytest
from browser_steps import axe_violations, dangling_references, sign_in
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLResolver, get_resolver, reverse

from lotline.complaints.services import record_complaint
from lotline.days import today
from lotline.imports import jobs
from lotline.lots.models import Shipment
from lotline.lots.services import InputLine, place_hold, receive_lot, record_batch


@dataclass(frozen=True)
class Visit:
    """A page to check: its URL name and arguments, and what to do there first (a form sent back)."""

    url_name: str
    args: tuple[str, ...] = ()
    query: str = ""
    status: int = 200
    then: Callable[[Any], None] | None = field(default=None, compare=False)
    state: str = ""

    @property
    def title(self) -> str:
        return " ".join([self.url_name, *self.args, self.query, self.state]).strip()

    def url(self) -> str:
        return reverse(self.url_name, args=self.args) + (f"?{self.query}" if self.query else "")


def _send_empty(button: str) -> Callable[[Any], None]:
    def send(page: Any) -> None:
        with page.expect_navigation():
            page.get_by_role("button", name=button, exact=True).click()
    return send


def _refuse_a_mapping(page: Any) -> None:
    page.locator("[name=column_analyte]").fill("")
    with page.expect_navigation():
        page.get_by_role("button", name="Save the mapping").click()


def _refuse_a_batch(page: Any) -> None:
    page.locator("[name=quantity_produced]").fill("")
    page.locator("[name=line_lot]").last.fill("NO-SUCH-LOT")
    page.locator("[name=line_quantity]").last.fill("2")
    with page.expect_navigation():
        page.get_by_role("button", name="Record the batch").click()


def _use_a_lot_past_its_best_by(code: str) -> Callable[[Any], None]:
    """Take `code`, past its best-by date, into the batch: the page asks to confirm (409)."""
    def use(page: Any) -> None:
        page.locator("[name=quantity_produced]").fill("10")
        page.locator("[name=line_lot]").last.fill(code)
        page.locator("[name=line_quantity]").last.fill("1")
        with page.expect_navigation():
            page.get_by_role("button", name="Record the batch").click()
        page.locator("#confirm").wait_for()
    return use


def _discard_twice(page: Any) -> None:
    """The same discard twice in a row: the second asks to confirm (a near-twin, 409)."""
    for _ in range(2):
        page.get_by_text("Something went wrong with it?").click()
        page.locator("#id_discard_quantity").fill("1")
        page.locator("#id_discard_reason").fill("a jar cracked")
        with page.expect_navigation():
            page.get_by_role("button", name=re.compile("^Discard from")).click()
    page.locator("#confirm").wait_for()


def _refuse_a_plan(page: Any) -> None:
    page.locator("[name=contact_email]").fill("not an e-mail")
    with page.expect_navigation():
        page.get_by_role("button", name="Save the plan").click()


def confirmation_visits(work: dict[str, str]) -> list[Visit]:
    """The recording rules' boxes: a warning to confirm below a form, and what was recorded anyway."""
    return [
        Visit("batch_new", query="product=SJ", status=409, then=_use_a_lot_past_its_best_by(work["past"]),
              state="asks to confirm"),
        Visit("lot", (work["made"],), then=_discard_twice, state="asks to confirm a discard"),
        Visit("batch_made", (work["made"],), state="recorded anyway"),
        Visit("lot", (work["made"],), state="a warning confirmed in its history"),
    ]


# Pages reached by a URL name that are not pages to check, and why.
EXCUSED = {
    "logout": "a POST only: the 'Sign out' button on every page",
    "token_revoke": "a POST only: the 'Revoke' button of the tokens page",
    "lot_hold": "a POST only (a GET shows the lot page, checked as 'lot')",
    "lot_release": "a POST only (a GET shows the lot page, checked as 'lot')",
    "lot_discard": "a POST only (a GET shows the lot page, checked as 'lot')",
    "lot_fail": "a POST only (a GET shows the lot page, checked as 'lot')",
    "recall_hold": "a POST only (a GET goes back to the recall page)",
    "trace_csv": "a CSV file, not a page",
    "recall_csv": "a CSV file, not a page",
    "yield_csv": "a CSV file (a plot's numbers), not a page",
    "sites_csv": "a CSV file, not a page",
    "batch_line": "a fragment of the batch page (its input lines), checked there",
    "process_warning": "a fragment of the batch page (a value's warning, outside its target), checked there",
    "lot_process": "a POST only (a GET shows the lot page, checked as 'lot')",
    "case_pdf": "a PDF file, not a page (its pages were looked at)",
    "case_xlsx": "a workbook, not a page",
    "drill_pdf": "a PDF file, not a page (its pages were looked at)",
    "case_notify_csv": "a CSV file, not a page",
    "plan_pdf": "a PDF file, not a page (its pages were looked at)",
    "plan_md": "a Markdown file, not a page",
    "fsma204_xlsx": "a workbook, not a page",
    "digital_link": "a redirect to the lot page for a signed-in person (checked as 'lot'); its public page is "
                    "tested in labels/tests/test_labels.py",
    "fsma204_csv": "a ZIP of CSV files, not a page",
    "equipment_clean": "a POST only (it goes back to the equipment's catalog page, where its form is)",
    "epcis_capture": "the EPCIS REST binding for partners' systems (JSON, tokens only): epcis/tests/test_rest.py",
    "epcis_capture_job": "the EPCIS REST binding (JSON): a capture job's state",
    "epcis_events": "the EPCIS REST binding (JSON): an EPCISQueryDocument",
    "epcis_event": "the EPCIS REST binding (JSON): one event",
    "results_new": "checked by axe in test_quality.py's walk (with a certificate and an out-of-spec result)",
    "result_correct": "checked by axe in test_quality.py's walk (it needs a result to correct)",
    "lot_sign_off": "a POST only (it goes back to the lot page, checked as 'lot')",
    "proposal_act": "a POST only (it goes back to the Quality page, or to the case opened)",
    "coa": "a PDF file (a lab's certificate), not a page",
}
# Namespaces of pages that are not Lotline's own templates.
EXCUSED_NAMESPACES = {
    "admin": "Django's admin site, for the owner's rare repairs: Django's own templates",
    "api": "the JSON API; its docs page is Swagger UI's, checked offline in test_api_docs.py",
}


def owner_visits(story: Any, shipment_seq: int, job_id: int) -> list[Visit]:
    """Every page of the web app, as the owner, on the jam seller's story."""
    return [
        Visit("home"), Visit("home", query="q=NO-SUCH-CODE", state="nothing found"),
        Visit("receive"), Visit("receive", status=400, then=_send_empty("Receive"), state="refused"),
        Visit("batch_new"), Visit("batch_new", query="product=SJ", state="with the recipe"),
        Visit("batch_new", query="product=SJ", status=400, then=_refuse_a_batch, state="refused"),
        Visit("batch_made", (story.jam,)), Visit("labels", (story.jam,)),
        Visit("ship"), Visit("ship", status=400, then=_send_empty("Ship"), state="refused"),
        Visit("market_day"), Visit("shipped", (str(shipment_seq),)),
        Visit("lot", (story.jam,)), Visit("lot", (story.valley_strawberries,)),
        Visit("lot", ("NO-SUCH-LOT",), status=404),
        Visit("verify"),
        Visit("trace"), Visit("trace_result", ("back", story.tarts)),
        Visit("trace_result", ("forward", story.valley_strawberries)),
        Visit("recall"), Visit("recall", query="supplier=VALLEY&item=STRAW&from=2026-03-01&to=2026-03-31",
                               state="answer"),
        Visit("catalog"), *(Visit("catalog_list", (plural,)) for plural in
                            ("items", "suppliers", "customers", "sites", "equipment")),
        Visit("catalog_add", ("suppliers",)), Visit("catalog_add", ("items",)),
        Visit("catalog_add", ("customers",), status=400, then=_send_empty("Add"), state="refused"),
        Visit("catalog_record", ("items", "SJ")), Visit("catalog_record", ("suppliers", "VALLEY")),
        Visit("catalog_recipe", ("SJ",)), Visit("sites"),
        Visit("catalog_recipe", ("SJ",)), Visit("process_fields", ("SJ",)),
        Visit("batch_new", query=f"like={story.jam}", state="like a batch"),
        Visit("people"), Visit("person", ("olivia",)), Visit("tokens"),
        Visit("import"), Visit("import_job", (str(job_id),)), Visit("export"),
        *complaint_visits(), *case_visits(), *fsma204_visits(),
        Visit("plan"), Visit("plan", status=400, then=_refuse_a_plan, state="refused"),
        Visit("epcis_page"), Visit("epcis_page", query="download=1&site=NOPE", status=400, state="refused"),
        Visit("compare"), Visit("compare", query=f"a={story.other_jam}&b={story.jam}", state="answer"),
        Visit("quality"), Visit("sample_new"), Visit("specs"), Visit("item_specs", ("SJ",)),
        *lab_visits(),
    ]


def lab_visits() -> list[Visit]:
    """The labs' pages, on the lab of `lab_saved`."""
    return [
        Visit("labs"), Visit("lab_new"), Visit("lab", ("QA",)), Visit("lab_mapping", ("QA",)),
        Visit("lab_mapping", ("QA",), status=400, then=_refuse_a_mapping, state="refused"),
    ]


def fsma204_visits() -> list[Visit]:
    """The FSMA 204 page (with missing key data elements, and a request sent back) and the request of
    `fsma204_requested`."""
    return [
        Visit("fsma204"), Visit("fsma204", status=400, then=_send_empty("Log the request"), state="refused"),
        Visit("fsma204_request", ("F-1",)),
    ]


def case_visits() -> list[Visit]:
    """The recall case and drill pages, on the case and drill of `cases_opened`."""
    return [
        Visit("cases"), Visit("case_new"), Visit("case_new", status=400, then=_send_empty("Open the case"),
                                                   state="refused"),
        Visit("case", ("R-1",)), Visit("case", ("R-1",), query="recompute=1", state="recomputed"),
        Visit("case_notices", ("R-1",)), Visit("notice_template"),
        Visit("notice_template", status=400, then=_send_empty("Save the template"), state="refused"),
        Visit("drills"), Visit("drill_new"), Visit("drill", ("D-1",)), Visit("drill", ("D-2",), state="to count"),
    ]


def complaint_visits() -> list[Visit]:
    """The complaint pages, on the complaints of `complaints_made`: a list with a pattern, a new one
    (and one refused), one with its lot and one with candidates to pick from."""
    return [
        Visit("complaints"), Visit("complaint_new"),
        Visit("complaint_new", status=400, then=_send_empty("Record the complaint"), state="refused"),
        Visit("complaint", ("C-1",)), Visit("complaint", ("C-3",), state="candidates to pick"),
    ]


def _named_pages() -> set[str]:
    """The URL names of the web app, and the namespaces included beside it."""
    def walk(patterns: list, namespace: str) -> set[str]:
        names = set()
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                names |= walk(pattern.url_patterns, pattern.namespace or namespace)
            elif pattern.name:
                names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)
        return names
    return walk(get_resolver().url_patterns, "")


def test_every_page_is_checked_or_excused() -> None:
    listed = {v.url_name for v in owner_visits(_FakeStory(), 1, 1)} | {"login"} | set(EXCUSED)
    named = {name for name in _named_pages() if ":" not in name or name.split(":")[0] not in EXCUSED_NAMESPACES}
    assert named - listed == set(), "check these pages in test_accessibility.py, or excuse them with a reason"
    assert listed - named == set(), "these pages are gone: take them off the lists"


class _FakeStory:
    def __getattr__(self, name: str) -> str:
        return "CODE"


@pytest.fixture
def todays_work(story) -> dict[str, str]:
    """Something in every table of the home page: a lot past its best-by date (a 'past' badge), a batch
    made today with some of it (recorded anyway, once confirmed), a hold."""
    day = today()
    old = receive_lot(item="SUGAR", supplier="COSTCO", quantity=Decimal(5), unit="kg", actor="olivia",
                      received_on=day - dt.timedelta(days=30), best_by=day - dt.timedelta(days=1)).code
    made = record_batch(product="SJ", quantity_produced=Decimal(10), produced_on=day, actor="olivia",
                        inputs=[InputLine(old, Decimal(1)), InputLine(story.hillside_strawberries, Decimal(2))],
                        confirmed={"expired_input"}).code
    place_hold(story.other_jam, reason="a jar leaked", actor="olivia")
    return {"past": old, "made": made}


@pytest.fixture
def complaints_made(story) -> None:
    """Two complaints whose lots share the jam (a pattern on the home, lot and complaint pages), and
    one without a code, its candidates to pick from."""
    day = dt.date(2026, 3, 14)
    record_complaint(customer="GOODEARTH", code=story.jam, said="the jar fizzed", on=day, actor="olivia")
    record_complaint(customer="SATMKT", code=story.tarts, said="sour tarts", on=day, actor="olivia")
    record_complaint(customer="GOODEARTH", item="SJ", bought_on=dt.date(2026, 3, 10), said="mould", on=day,
                     actor="olivia")


@pytest.fixture
def cases_opened(story) -> None:
    """A recall case on Valley Farm's notice with its lots held, and a drill on the jam, reported."""
    from lotline.recalls.services import hold_case, open_case, report_drill, start_drill

    open_case(supplier="VALLEY", first=dt.date(2026, 3, 1), last=dt.date(2026, 3, 5), actor="olivia")
    hold_case("R-1", actor="olivia")
    report_drill(start_drill(lot=story.jam, actor="olivia")["id"], actor="olivia")
    start_drill(lot=story.valley_strawberries, actor="olivia")  # D-2, its clock running


@pytest.fixture
def fsma204_requested(story) -> None:
    """Strawberries on the Food Traceability List (so key data elements are missing), and an FDA request
    for everything connected to the jam, F-1."""
    from lotline.catalog.services import update_record
    from lotline.compliance.services import Request, log_request

    update_record("item", "STRAW", {"on_traceability_list": True}, actor="olivia")
    log_request(Request(trace=story.jam), requested_by="FDA investigator", actor="olivia")


@pytest.fixture
def lab_saved(story) -> None:
    """Central QA and the mapping of its results files (lotline.labs)."""
    from lotline.labs.layout import Layout
    from lotline.labs.services import set_mapping

    set_mapping(lab="Central QA", code="QA", layout=Layout({"lot": "Charge", "analyte": "Analyse", "result": "Wert"}),
                actor="olivia")


@pytest.fixture
def finished_import_job(owner) -> int:
    upload = SimpleUploadedFile("sites.csv", b"site_code,name,address\nK1,Home kitchen,12 Orchard Lane\n",
                                content_type="text/csv")
    job = jobs.new_job([upload], user=owner, dry_run=True)
    return jobs.run(job.pk).pk


def check(page: Any, visits: list[Visit], screenshot: Callable) -> list[str]:
    """Open each page, do its step, run axe; every problem found, under the page's name."""
    problems = []
    for visit in visits:
        response = page.goto(visit.url())
        if visit.then:
            visit.then(page)
            page.wait_for_load_state()
        else:
            assert response.status == visit.status, visit.title
        screenshot(page, re.sub(r"[^\w-]+", "-", visit.title)[:60])
        problems += [f"{visit.title}: {p}" for p in axe_violations(page)]
        problems += [f"{visit.title}: {p} points at nothing" for p in dangling_references(page)]
    return problems


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_every_page_passes_axe_with_no_serious_or_critical_violation(
        request, size: str, browser, live_server, owner, auditor, story, todays_work, finished_import_job,
        complaints_made, cases_opened, fsma204_requested, lab_saved, screenshot):
    page = request.getfixturevalue(size)
    problems = check(page, [Visit("login")], screenshot)
    sign_in(page, "olivia", "olivia-password")
    seq = Shipment.objects.order_by("id").values_list("event_seq", flat=True).first()
    problems += check(page, owner_visits(story, seq, finished_import_job), screenshot)
    problems += check(page, confirmation_visits(todays_work), screenshot)
    page.goto("/no-such-page/")
    problems += [f"django 404: {p}" for p in axe_violations(page)]
    page.context.clear_cookies()
    sign_in(page, "ada", "ada-password")
    response = page.goto(reverse("receive"))
    assert response.status == 403
    problems += [f"403 for an auditor: {p}" for p in axe_violations(page)]
    assert problems == [], "\n".join(problems)

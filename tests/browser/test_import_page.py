"""The import page in a browser: a file with a bad row shows each problem (file, line, column,
reason) on the page; a large file is imported in the background, with a progress bar, then its
report; and an error page reached through htmx is shown rather than dropped."""

from __future__ import annotations

import pytest
from browser_steps import sign_in
from django.urls import reverse

from lotline.accounts.services import set_role
from lotline.imports import jobs
from lotline.lots.models import Lot

CATALOG = {
    "sites.csv": "site_code,name\nK1,Home kitchen\n",
    "suppliers.csv": "supplier_id,name\nVALLEY,Valley Farm\n",
    "items.csv": "item_code,name,kind,unit,allergens\nSTRAW,Strawberries,ingredient,kg,\n",
}
BAD_RECEIPTS = ("lot_code,item_code,supplier_id,site_code,received_on,quantity,unit\n"
                "R1,STRAW,VALLEY,K1,2026-03-02,20,kg\n"
                "R2,STRAW,VALLEY,K1,2026-03-32,20,kg\n")


def upload(files: dict[str, str]) -> list[dict]:
    return [{"name": name, "mimeType": "text/csv", "buffer": text.encode()} for name, text in files.items()]


def test_a_file_with_a_bad_row_shows_its_file_line_column_and_reason(desktop, owner, screenshot):
    sign_in(desktop, "olivia", "olivia-password")
    desktop.goto(reverse("import"))
    desktop.locator("input[type=file]").set_input_files(upload(CATALOG | {"receipts.csv": BAD_RECEIPTS}))
    with desktop.expect_response(lambda r: r.url.endswith(reverse("import")) and r.request.method == "POST") as sent:
        desktop.get_by_role("button", name="Import").click()
    assert sent.value.status == 400
    problems = desktop.locator("table.problems")
    problems.wait_for()
    assert desktop.get_by_role("heading", name="Nothing was imported").is_visible()
    row = problems.locator("tr", has_text="receipts.csv")
    assert [cell.strip() for cell in row.locator("td").all_inner_texts()] == [
        "receipts.csv", "3", "received_on", "2026-03-32 is not a date in the calendar", "not_a_date"]
    screenshot(desktop, "import-refused")


def test_a_large_file_is_imported_in_the_background_with_a_progress_bar_then_its_report(
        phone, owner, screenshot, database_for_subprocesses):
    rows = 30_000  # 1.2 MB: more than is imported inside the request
    receipts = "lot_code,item_code,supplier_id,site_code,received_on,quantity,unit\n" + "".join(
        f"R{n},STRAW,VALLEY,K1,2026-03-02,20,kg\n" for n in range(rows))
    assert len(receipts) > jobs.INLINE_BYTES
    sign_in(phone, "olivia", "olivia-password")
    phone.goto(reverse("import"))
    phone.locator("input[type=file]").set_input_files(upload(CATALOG | {"receipts.csv": receipts}))
    phone.get_by_role("button", name="Import").click()
    bar = phone.locator("progress#job-progress")
    bar.wait_for()
    assert phone.get_by_role("heading", name="Importing sites.csv, suppliers.csv, items.csv, receipts.csv").is_visible()
    screenshot(phone, "import-progress")
    assert "/import/jobs/" in phone.url  # a reload shows the job, not the form posted again
    phone.get_by_role("heading", name="Imported").wait_for(timeout=120_000)
    assert bar.count() == 0
    row = phone.locator("tr", has_text="receipts.csv")
    assert [cell.strip() for cell in row.locator("td").all_inner_texts()] == ["receipts.csv", str(rows), str(rows), "0"]
    screenshot(phone, "import-report")
    assert Lot.objects.count() == rows


def test_a_page_refused_to_an_htmx_request_shows_in_place_of_the_form(desktop, staff, jam_catalog,
                                                                      screenshot):
    """Sam opens the batch page, the owner then takes away his right to record: his next click
    ('another line') is answered 403, and he sees why instead of nothing happening."""
    sign_in(desktop, "sam", "sam-password")
    desktop.goto(reverse("batch_new"))
    set_role("sam", role="auditor", actor="alice")
    with desktop.expect_response(lambda r: reverse("batch_line") in r.url) as sent:
        desktop.get_by_role("button", name="Another line").click()
    assert sent.value.status == 403
    heading = desktop.get_by_role("heading", name="Not allowed")
    heading.wait_for()
    assert desktop.get_by_text("may not record").is_visible()
    assert desktop.locator("main main").count() == 0 and desktop.locator("header.top").count() == 1
    screenshot(desktop, "refused-in-place")


@pytest.fixture(autouse=True)
def _no_requests_outside(request, live_server) -> None:
    """Everything the pages need comes from Lotline itself."""
    for name in ("desktop", "phone"):
        if name in request.fixturenames:
            request.getfixturevalue(name).route("**/*", lambda route: route.continue_() if route.request.url.startswith(
                live_server.url) else route.abort())

"""The FSMA 204 pages: a request logged from the form and its page, bad input named and nothing logged,
the missing key data elements with the page that fixes each, the files downloaded (and the request
marked produced), an auditor's visit, and the home page's count of what is missing."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from lotline.catalog.services import update_record
from lotline.compliance.answers import clock
from lotline.compliance.models import RecordsRequest
from lotline.testing import ACTOR

pytestmark = pytest.mark.django_db
SHEETS = ["Receiving", "Transformation", "Shipping", "Explanation"]


@pytest.fixture
def strawberries_listed(story):
    """The story with strawberries on the Food Traceability List: Valley Farm and the rest lack their
    phone and address, and the jam and tarts contain a listed food not yet confirmed."""
    update_record("item", "STRAW", {"on_traceability_list": True}, actor=ACTOR)
    return story


def test_the_form_logs_a_request_and_shows_its_page(story, owner_client):
    sent = owner_client.post("/fsma204/", {"requested_by": "FDA investigator", "requested_at": "2026-11-27T09:30",
                                           "trace": story.jam})
    assert (sent.status_code, sent["Location"]) == (302, "/fsma204/F-1/")
    logged = RecordsRequest.objects.get()
    assert logged.requested_by == "FDA investigator" and logged.query["trace"] == story.jam
    assert timezone.localtime(logged.requested_at).strftime("%Y-%m-%d %H:%M") == "2026-11-27 09:30"
    page = owner_client.get("/fsma204/F-1/").content.decode()
    assert "FDA investigator" in page and story.jam in page and "Not produced yet" in page
    assert 'href="/fsma204/F-1/records.xlsx"' in page and 'href="/fsma204/F-1/records-csv.zip"' in page
    listed = owner_client.get("/fsma204/").content.decode()
    assert 'href="/fsma204/F-1/"' in listed and "FDA investigator" in listed


def test_lot_codes_are_taken_one_per_line_or_separated_by_commas(story, owner_client):
    owner_client.post("/fsma204/", {"lots": f"{story.jam}\n{story.tarts}, {story.sugar}"})
    assert RecordsRequest.objects.get().query["lots"] == [story.jam, story.tarts, story.sugar]


def test_a_date_range_with_items_is_logged_with_its_items(story, owner_client):
    owner_client.post("/fsma204/", {"first": "2026-03-01", "last": "2026-03-31", "items": "STRAW, SJ"})
    query = RecordsRequest.objects.get().query
    assert (query["from"], query["to"], query["items"]) == ("2026-03-01", "2026-03-31", ["STRAW", "SJ"])


@pytest.mark.parametrize(("form", "status", "named"), [
    ({"trace": "NO-SUCH-LOT"}, 404, "NO-SUCH-LOT"),
    ({"lots": "SJ-NOPE"}, 404, "SJ-NOPE"),
    ({"first": "2026-03-31", "last": "2026-03-01"}, 400, "before it starts"),
    ({"first": "2026-03-01"}, 400, "needs both"),
    ({}, 400, "ask for one of"),
])
def test_bad_input_comes_back_on_the_form_with_its_field_named_and_nothing_logged(story, owner_client, form,
                                                                                     status, named):
    sent = owner_client.post("/fsma204/", {"requested_by": "FDA", **form})
    page = sent.content.decode()
    assert sent.status_code == status and named in page and "thing to fix" in page
    assert 'value="FDA"' in page  # what was typed stays on the form
    assert not RecordsRequest.objects.exists()


def test_an_unknown_lot_is_shown_next_to_the_trace_field(story, owner_client):
    page = owner_client.post("/fsma204/", {"trace": "NO-SUCH-LOT"}).content.decode()
    field = page[page.index('name="trace"'):]
    assert "NO-SUCH-LOT" in field[:field.index("</label>")]


def test_the_missing_key_data_elements_link_to_the_pages_that_fix_them(strawberries_listed, owner_client):
    page = owner_client.get("/fsma204/").content.decode()
    assert '<a href="/catalog/suppliers/VALLEY/">supplier VALLEY Valley Farm: no phone' in page
    assert '<a href="/catalog/items/STRAW/">item STRAW Strawberries: no packaging size' in page


def test_a_product_containing_a_listed_food_asks_to_confirm_whether_it_is_covered(demo_db, client,
                                                                                   django_user_model):
    client.force_login(django_user_model.objects.get(username="owner"))
    page = client.get("/fsma204/").content.decode()
    assert '<a href="/catalog/items/JT/">product JT Jam tarts: contains EGGS' in page
    assert "confirm whether it is covered" in page


def test_a_download_is_the_four_sheets_and_marks_the_request_produced(story, owner_client):
    owner_client.post("/fsma204/", {"requested_by": "FDA investigator", "trace": story.jam})
    response = owner_client.get("/fsma204/F-1/records.xlsx")
    assert response.status_code == 200 and response["Content-Disposition"].endswith('"F-1-fsma204.xlsx"')
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    assert book.sheetnames == SHEETS
    lots = {row[0] for row in book["Shipping"].iter_rows(min_row=2, values_only=True)}
    assert story.jam in lots
    assert RecordsRequest.objects.get().produced_at is not None
    assert "produced after" in owner_client.get("/fsma204/F-1/").content.decode()


def test_the_csv_files_come_in_one_zip(story, owner_client):
    owner_client.post("/fsma204/", {"trace": story.jam})
    response = owner_client.get("/fsma204/f-1/records-csv.zip")
    assert response.status_code == 200
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert sorted(names) == [f"F-1-fsma204/{n}.csv" for n in ("explanation", "receiving", "shipping",
                                                              "transformation")]


def test_an_unknown_request_is_the_not_found_page(story, owner_client):
    assert owner_client.get("/fsma204/F-9/").status_code == 404
    assert owner_client.get("/fsma204/F-9/records.xlsx").status_code == 404


def test_an_auditor_reads_logs_and_downloads(strawberries_listed, auditor_client):
    page = auditor_client.get("/fsma204/").content.decode()
    assert "Log the request" in page and 'href="/catalog/suppliers/VALLEY/"' in page
    sent = auditor_client.post("/fsma204/", {"requested_by": "auditor", "trace": strawberries_listed.jam})
    assert sent.status_code == 302
    assert "Spreadsheet (XLSX)" in auditor_client.get("/fsma204/F-1/").content.decode()
    book = auditor_client.get("/fsma204/F-1/records.xlsx")
    assert load_workbook(io.BytesIO(book.content), read_only=True).sheetnames == SHEETS
    assert RecordsRequest.objects.get().produced_by == "ada"


def test_the_home_page_shows_the_count_of_missing_key_data_elements_while_it_is_not_zero(story, owner_client):
    assert "missing for FSMA 204" not in owner_client.get("/").content.decode()
    update_record("item", "STRAW", {"on_traceability_list": True}, actor=ACTOR)
    page = owner_client.get("/").content.decode()
    assert "key data elements missing for FSMA 204" in page and 'href="/fsma204/#missing"' in page


def test_the_menu_has_fsma_204(story, owner_client):
    assert 'href="/fsma204/"' in owner_client.get("/").content.decode()


def test_the_24_hour_clock_says_time_left_time_taken_and_time_overdue():
    came_in = dt.datetime(2026, 3, 7, 9, 0, tzinfo=dt.UTC)
    assert clock(came_in, None, came_in + dt.timedelta(hours=3)) == (False, "due in 21 h 0 min")
    assert clock(came_in, came_in + dt.timedelta(hours=3, minutes=12), came_in) == (False,
                                                                                   "produced after 3 h 12 min")
    assert clock(came_in, None, came_in + dt.timedelta(hours=26, minutes=5)) == (True, "overdue by 2 h 5 min")
    late = clock(came_in, came_in + dt.timedelta(hours=25), came_in)
    assert late == (True, "produced after 25 h 0 min, 1 h 0 min late")
    assert clock(came_in, None, came_in + dt.timedelta(minutes=30))[1] == "due in 23 h 30 min"

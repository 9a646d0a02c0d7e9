"""The import page takes CSV files or one XLSX workbook with the checks of `lotline import`; the
export page gives the same files back."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from lotline.accounts.services import add_person
from lotline.catalog.models import Item
from lotline.ledger.models import Event
from lotline.lots.models import Lot, LotInput
from lotline.testing import JamStory

pytestmark = pytest.mark.django_db

CATALOG = {
    "sites.csv": "site_code,name\nK1,Home kitchen\n",
    "suppliers.csv": "supplier_id,name\nVALLEY,Valley Farm\n",
    "items.csv": ("item_code,name,kind,unit,allergens\n"
                  "STRAW,Strawberries,ingredient,kg,\nSJ,Strawberry jam,product,unit,\n"),
}
RECEIPTS = ("lot_code,item_code,supplier_id,site_code,received_on,quantity,unit\n"
            "R1,STRAW,VALLEY,K1,2026-03-02,20,kg\n")


def csv_files(files: dict[str, str]) -> list[SimpleUploadedFile]:
    return [SimpleUploadedFile(name, text.encode(), content_type="text/csv") for name, text in files.items()]


def workbook(sheets: dict[str, list[list[object]]]) -> SimpleUploadedFile:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("history.xlsx", out.getvalue())


def test_an_auditor_may_not_open_or_post_the_import_page(auditor_client: Client) -> None:
    assert auditor_client.get(reverse("import")).status_code == 403
    response = auditor_client.post(reverse("import"), {"files": csv_files(CATALOG)})
    assert response.status_code == 403 and not Event.objects.exists()


def test_staff_limited_to_a_site_may_not_import(jam_catalog: None, django_user_model) -> None:
    client = Client()
    client.force_login(django_user_model.objects.get(pk=add_person("kim", "kitchen-only", role="staff",
                                                                   sites=["K1"], actor="alice")))
    response = client.post(reverse("import"), {"files": csv_files({"receipts.csv": RECEIPTS})})
    assert response.status_code == 403 and "an import records at any site" in response.content.decode()
    assert not Lot.objects.exists()


def test_the_import_page_shows_the_files_and_a_progress_indicator(staff_client: Client) -> None:
    page = staff_client.get(reverse("import")).content.decode()
    assert 'type="file"' in page and "multiple" in page and "receipts.csv" in page
    assert 'hx-indicator="#import-busy"' in page and '<progress id="import-progress"' in page


def test_csv_files_are_imported(owner_client: Client) -> None:
    response = owner_client.post(reverse("import"), {"files": csv_files(CATALOG | {"receipts.csv": RECEIPTS})})
    page = response.content.decode()
    assert response.status_code == 200 and "Imported" in page
    assert Lot.objects.get(code="R1").quantity == 20
    assert Event.objects.filter(actor="owner").exists()


def test_the_page_says_how_many_rows_of_a_warning_were_recorded_anyway(owner_client: Client) -> None:
    batches = ("batch_code,product_code,site_code,produced_on,quantity_produced,unit\n"
               "SJ-1,SJ,K1,2026-03-04,40,unit\nSJ-2,SJ,K1,2026-03-05,40,unit\n")
    response = owner_client.post(reverse("import"), {"files": csv_files(CATALOG | {"batches.csv": batches})})
    page = response.content.decode()
    assert response.status_code == 200 and "Imported" in page
    assert "2 rows with warning no_inputs recorded anyway" in page


def test_a_check_only_run_records_nothing(owner_client: Client) -> None:
    response = owner_client.post(reverse("import"), {"files": csv_files(CATALOG), "dry_run": "1"})
    assert response.status_code == 200 and "nothing recorded" in response.content.decode()
    assert not Item.objects.exists() and not Event.objects.exists()


def test_an_xlsx_workbook_is_imported_with_dates_and_numbers_as_typed(owner_client: Client) -> None:
    book = workbook({
        "sites": [["site_code", "name"], ["K1", "Home kitchen"]],
        "Suppliers": [["supplier_id", "name"], ["VALLEY", "Valley Farm"]],
        "items": [["item_code", "name", "kind", "unit"], ["STRAW", "Strawberries", "ingredient", "kg"],
                  ["SJ", "Strawberry jam", "product", "unit"]],
        "receipts": [["lot_code", "item_code", "supplier_id", "site_code", "received_on", "quantity", "unit"],
                     ["R1", "STRAW", "VALLEY", "K1", dt.datetime(2026, 3, 2), 20.5, "kg"]],
        "batches": [["batch_code", "product_code", "site_code", "produced_on", "quantity_produced", "unit"],
                    ["SJ-1", "SJ", "K1", dt.date(2026, 3, 4), 40, "unit"]],
        "batch_inputs": [["batch_code", "input_lot_code", "quantity"], ["SJ-1", "R1", 8.25]],
    })
    response = owner_client.post(reverse("import"), {"files": [book]})
    assert response.status_code == 200, response.content.decode()
    r1 = Lot.objects.get(code="R1")
    assert (r1.lot_date, r1.quantity) == (dt.date(2026, 3, 2), 20.5)
    assert LotInput.objects.get(batch__code="SJ-1").quantity == 8.25


def test_a_bad_upload_shows_each_problem_in_a_table_and_writes_nothing(owner_client: Client) -> None:
    receipts = RECEIPTS + "R2,STRAW,NOBODY,K1,2026-03-32,many,kg\n"
    response = owner_client.post(reverse("import"), {"files": csv_files(CATALOG | {"receipts.csv": receipts})})
    page = response.content.decode()
    assert response.status_code == 400 and "Nothing was imported" in page
    table = page.split('<table class="problems">', 1)[1].split("</table>", 1)[0]
    assert "<td>receipts.csv</td>" in table and '<td class="num">3</td>' in table
    assert "received_on" in table and "not_a_date" in table and "quantity" in table
    assert not Event.objects.exists() and not Lot.objects.exists()


def test_a_header_cell_over_the_csv_field_limit_is_a_problem_in_the_table(staff_client: Client) -> None:
    receipts = "lot_code," + "x" * 131_073 + "\nR1\n"
    response = staff_client.post(reverse("import"), {"files": csv_files(CATALOG | {"receipts.csv": receipts})})
    table = response.content.decode().split('<table class="problems">', 1)[1].split("</table>", 1)[0]
    assert response.status_code == 400 and "<td>receipts.csv</td>" in table and "cell_too_long" in table
    assert not Event.objects.exists()


def test_a_misnamed_sheet_is_refused_by_name(staff_client: Client) -> None:
    book = workbook({"Recipts": [["lot_code"], ["R1"]]})
    page = staff_client.post(reverse("import"), {"files": [book]}).content.decode()
    assert "recipts.csv is not an import file" in page and "unknown_file" in page


def test_a_file_that_is_neither_csv_nor_xlsx_is_refused(staff_client: Client) -> None:
    response = staff_client.post(reverse("import"), {"files": [SimpleUploadedFile("notes.txt", b"hello")]})
    assert response.status_code == 400 and "neither a CSV file nor an XLSX workbook" in response.content.decode()


def test_a_file_named_xlsx_that_is_no_workbook_is_refused_with_what_to_do(staff_client: Client) -> None:
    response = staff_client.post(reverse("import"), {"files": [SimpleUploadedFile("history.xlsx", b"not a zip")]})
    page = response.content.decode()
    assert response.status_code == 400 and "Nothing was imported" in page
    assert "cannot be read as an XLSX workbook" in page and "save it as Excel Workbook" in page
    assert '<table class="problems">' not in page and not Event.objects.exists()


def test_an_auditor_downloads_the_files_as_a_zip_and_as_a_workbook(auditor_client: Client, story: JamStory) -> None:
    page = auditor_client.get(reverse("export")).content.decode()
    assert "?format=zip" in page and "?format=xlsx" in page
    response = auditor_client.get(reverse("export"), {"format": "zip"})
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    with zipfile.ZipFile(io.BytesIO(response.getvalue())) as archive:
        assert story.jam in archive.read("batches.csv").decode()
    response = auditor_client.get(reverse("export"), {"format": "xlsx"})
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(response.getvalue()), read_only=True)
    assert [s.title for s in book.worksheets][:4] == ["sites", "suppliers", "customers", "items"]


def test_someone_without_a_role_may_not_export(client: Client, django_user_model) -> None:
    client.force_login(django_user_model.objects.create_user("nobody"))
    assert client.get(reverse("export"), {"format": "zip"}).status_code == 403


def test_the_export_page_names_every_file_it_writes_and_only_what_it_leaves_out(auditor_client: Client) -> None:
    from lotline.imports.export import FILES

    page = auditor_client.get(reverse("export")).content.decode()
    for name in FILES:
        assert f"<code>{name}</code>" in page, name
    for words in ("recipes", "equipment", "holds, placed and released", "units discarded"):
        assert words in page.split('id="not-exported"')[0], words
    left_out = page.split('id="not-exported"')[1].split("</p>")[0]
    assert "people and their API tokens" in left_out and "event log" in left_out
    for words in ("recipes", "equipment", "discarded"):
        assert words not in left_out, words

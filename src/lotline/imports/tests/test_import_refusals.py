"""Every kind of bad input: the exact file, line, column and code, and nothing written."""

from __future__ import annotations

import textwrap

import pytest

from lotline.catalog.models import Item
from lotline.imports.report import MAX_PROBLEMS
from lotline.imports.services import import_dir
from lotline.ledger.models import Event
from lotline.lots.models import Lot, Shipment

from .csvs import ALL, CATALOG, LOTS, changed, nothing_written, refusal, write

pytestmark = pytest.mark.django_db
R1 = "R1,STRAW,VALLEY,VF-0302,K1,2026-03-02,20,kg"
SH1 = "SH1,SJ-20260304-A,SATMKT,2026-03-07,24"


@pytest.mark.parametrize(("file", "old", "new", "problem"), [
    ("receipts.csv", R1, "R1,STRAWB,VALLEY,VF-0302,K1,2026-03-02,20,kg",
     ("receipts.csv", 2, "item_code", "unknown_item")),
    ("receipts.csv", R1, "R1,STRAW,HILLSIDE,VF-0302,K1,2026-03-02,20,kg",
     ("receipts.csv", 2, "supplier_id", "unknown_supplier")),
    ("receipts.csv", R1, "R1,STRAW,VALLEY,VF-0302,K9,2026-03-02,20,kg",
     ("receipts.csv", 2, "site_code", "unknown_site")),
    ("batches.csv", "SJ-20260304-A,SJ,K1", "SJ-20260304-A,SJX,K1",
     ("batches.csv", 2, "product_code", "unknown_item")),
    ("shipments.csv", SH1, "SH1,SJ-20260304-A,FRIDAYMKT,2026-03-07,24",
     ("shipments.csv", 2, "customer_id", "unknown_customer")),
    ("batch_inputs.csv", "SJ-20260304-A,R2,4,kg", "SJ-20260304-A,R7,4,kg",
     ("batch_inputs.csv", 3, "input_lot_code", "unknown_lot")),
    ("batch_inputs.csv", "SJ-20260304-A,R2,4,kg", "SJ-20260305-A,R2,4,kg",
     ("batch_inputs.csv", 3, "batch_code", "unknown_batch")),
    ("shipments.csv", SH1, "SH1,SJ-20260309-A,SATMKT,2026-03-07,24",
     ("shipments.csv", 2, "batch_code", "unknown_lot")),
])
def test_it_rejects_an_unknown_code(tmp_path, file, old, new, problem):
    lines, _ = refusal(write(tmp_path, changed(file, old, new)))
    assert lines == [problem]
    assert nothing_written()


def test_it_rejects_an_item_a_batch_cannot_make(tmp_path):
    lines, _ = refusal(write(tmp_path, changed("batches.csv", "SJ-20260304-A,SJ,", "SJ-20260304-A,SUGAR,")))
    assert lines == [("batches.csv", 2, "product_code", "not_a_product"),
                     ("batches.csv", 2, "unit", "unit_mismatch")]  # sugar is counted in kg, not units


@pytest.mark.parametrize(("file", "old", "new", "problem"), [
    ("receipts.csv", R1, "R1,STRAW,VALLEY,VF-0302,K1,2026-03-02,-20,kg",
     ("receipts.csv", 2, "quantity", "not_positive")),
    ("receipts.csv", R1, "R1,STRAW,VALLEY,VF-0302,K1,2026-03-02,0,kg",
     ("receipts.csv", 2, "quantity", "not_positive")),
    ("batches.csv", "2026-03-04,40,0,unit", "2026-03-04,0,0,unit",
     ("batches.csv", 2, "quantity_produced", "not_positive")),
    ("batches.csv", "2026-03-04,40,0,unit", "2026-03-04,40,-1,unit",
     ("batches.csv", 2, "quantity_discarded", "not_positive")),
    ("batches.csv", "2026-03-04,40,0,unit", "2026-03-04,40,41,unit",
     ("batches.csv", 2, "quantity_discarded", "discarded_exceeds_made")),
    ("batch_inputs.csv", "SJ-20260304-A,R2,4,kg", "SJ-20260304-A,R2,0,kg",
     ("batch_inputs.csv", 3, "quantity", "not_positive")),
    ("shipments.csv", SH1, "SH1,SJ-20260304-A,SATMKT,2026-03-07,-24",
     ("shipments.csv", 2, "quantity", "not_positive")),
    ("batch_inputs.csv", "SJ-20260304-A,R2,4,kg", "SJ-20260304-A,R2,four,kg",
     ("batch_inputs.csv", 3, "quantity", "not_a_number")),
    ("receipts.csv", R1, "R1,STRAW,VALLEY,VF-0302,K1,2026-03-02,,kg",
     ("receipts.csv", 2, "quantity", "missing")),
])
def test_it_rejects_a_quantity_that_is_not_more_than_zero(tmp_path, file, old, new, problem):
    lines, _ = refusal(write(tmp_path, changed(file, old, new)))
    assert lines == [problem]
    assert nothing_written()


@pytest.mark.parametrize(("file", "old", "new", "problem"), [
    ("receipts.csv", R1, "R1,STRAW,VALLEY,VF-0302,K1,2026-02-30,20,kg",
     ("receipts.csv", 2, "received_on", "not_a_date")),
    ("receipts.csv", R1, "R1,STRAW,VALLEY,VF-0302,K1,3/2/2026,20,kg",
     ("receipts.csv", 2, "received_on", "not_a_date")),
    ("receipts.csv", R1, "R1,STRAW,VALLEY,VF-0302,K1,,20,kg",
     ("receipts.csv", 2, "received_on", "missing")),
    ("shipments.csv", SH1, "SH1,SJ-20260304-A,SATMKT,2026-03-03,24",
     ("shipments.csv", 2, "shipped_on", "impossible_date")),
    ("receipts.csv", R1, "R1,STRAW,VALLEY,VF-0302,K1,2026-03-05,20,kg",
     ("batch_inputs.csv", 2, "input_lot_code", "impossible_date")),
])
def test_it_rejects_an_impossible_date(tmp_path, file, old, new, problem):
    lines, _ = refusal(write(tmp_path, changed(file, old, new)))
    assert lines == [problem]
    assert nothing_written()


def test_a_date_that_is_not_in_the_calendar_says_so(tmp_path):
    _, refused = refusal(write(tmp_path, changed("receipts.csv", R1, R1.replace("2026-03-02", "2026-02-30"))))
    assert refused.problems[0].message == "2026-02-30 is not a date in the calendar"
    assert str(refused.problems[0]) == ("receipts.csv line 2, column received_on: 2026-02-30 is not a date in the "
                                        "calendar [not_a_date]")


@pytest.mark.parametrize(("file", "old", "new", "problem"), [
    ("receipts.csv", "R2,SUGAR", "R1,SUGAR", ("receipts.csv", 3, "lot_code", "duplicate_code")),
    ("batches.csv", "JT-20260306-A,JT", "R1,JT", ("batches.csv", 3, "batch_code", "duplicate_code")),
    ("shipments.csv", "SH2,", "SH1,", ("shipments.csv", 3, "shipment_id", "duplicate_code")),
    ("suppliers.csv", "COSTCO,", "VALLEY,", ("suppliers.csv", 3, "supplier_id", "duplicate_code")),
    ("items.csv", "SUGAR,Cane", "STRAW,Cane", ("items.csv", 3, "item_code", "duplicate_code")),
])
def test_it_rejects_a_code_used_twice_in_the_files(tmp_path, file, old, new, problem):
    files = changed(file, old, new)
    if file == "items.csv":  # only the duplicate itself: nothing else may use the lost item
        files = CATALOG | {"items.csv": files["items.csv"]}
    lines, _ = refusal(write(tmp_path, files))
    assert problem in lines
    assert lines[0] == problem
    assert nothing_written()


@pytest.mark.parametrize(("file", "old", "new", "problem"), [
    ("receipts.csv", R1, "R1,STRAW,VALLEY,VF-0302,K1,2026-03-02,21,kg", ("receipts.csv", 2, "lot_code",
                                                                         "duplicate_code")),
    ("shipments.csv", SH1, "SH1,SJ-20260304-A,SATMKT,2026-03-07,23", ("shipments.csv", 2, "shipment_id",
                                                                      "duplicate_code")),
    ("customers.csv", "SATMKT,Saturday farmers market,market", "SATMKT,Saturday market,market",
     ("customers.csv", 2, "customer_id", "duplicate_code")),
])
def test_it_rejects_a_code_already_recorded_with_other_data(tmp_path, file, old, new, problem):
    import_dir(write(tmp_path / "first", ALL), actor="alice")
    events = Event.objects.count()
    lines, _ = refusal(write(tmp_path / "second", changed(file, old, new)))
    assert lines == [problem]
    assert nothing_written(events)


SHIPPED_IN_KG = """
    shipment_id,batch_code,customer_id,shipped_on,quantity,unit
    SH1,SJ-20260304-A,SATMKT,2026-03-07,2,kg
"""


@pytest.mark.parametrize(("files", "problems"), [
    (changed("batch_inputs.csv", "JT-20260306-A,SJ-20260304-A,6,unit", "JT-20260306-A,SJ-20260304-A,2,kg"),
     [("batch_inputs.csv", 4, "unit", "unit_mismatch")]),
    (ALL | {"shipments.csv": SHIPPED_IN_KG}, [("shipments.csv", 2, "unit", "unit_mismatch")]),
    # strawberries are counted in kg: a lot of them in litres is refused, and so is using 8 kg of it
    (changed("receipts.csv", R1, R1.replace(",kg", ",l")), [("receipts.csv", 2, "unit", "unit_mismatch"),
                                                            ("batch_inputs.csv", 2, "unit", "unit_mismatch")]),
    (changed("receipts.csv", R1, R1.replace(",kg", ",cups")), [("receipts.csv", 2, "unit", "unknown_unit")]),
], ids=["kg of a batch counted in units", "a shipment in kg", "a lot in litres", "cups"])
def test_it_rejects_a_unit_that_does_not_convert(tmp_path, files, problems):
    lines, _ = refusal(write(tmp_path, files))
    assert lines == problems
    assert nothing_written()


def test_it_rejects_a_batch_using_more_than_a_lot_holds(tmp_path):
    lines, refused = refusal(write(tmp_path, changed("batch_inputs.csv", "SJ-20260304-A,R1,8,kg",
                                                     "SJ-20260304-A,R1,21,kg")))
    assert lines == [("batch_inputs.csv", 2, "quantity", "more_than_on_hand")]
    assert refused.problems[0].message == "lot R1 holds 20 kg, but this row brings what is taken to 21"
    assert nothing_written()


def test_it_rejects_customers_receiving_more_than_a_lot_holds(tmp_path):
    lines, _ = refusal(write(tmp_path, changed("shipments.csv", "GOODEARTH,2026-03-08,10", "GOODEARTH,2026-03-08,11")))
    assert lines == [("shipments.csv", 3, "quantity", "more_than_on_hand")]
    assert nothing_written()


def test_with_overdraw_allowed_it_records_the_rows_and_warns(tmp_path):
    report = import_dir(write(tmp_path, changed("shipments.csv", "GOODEARTH,2026-03-08,10",
                                                "GOODEARTH,2026-03-08,11")), actor="alice", allow_overdraw=True)
    assert [(w.file, w.line, w.column, w.code) for w in report.warnings] == [
        ("shipments.csv", 3, "quantity", "more_than_on_hand")]
    assert report.overdrawn_lots == 1
    assert Shipment.objects.get(ref="SH2").quantity == 11


@pytest.mark.parametrize(("header", "problem"), [
    ("lot_code,item_code,supplier_id,supplier_lot,site_code,quantity,unit",
     ("receipts.csv", 1, "received_on", "missing_column")),
    ("lot_code,item_code,supplier_id,supplier_lot,site_code,received_on,quantity,unit,colour",
     ("receipts.csv", 1, "colour", "unknown_column")),
    ("lot_code,item_code,supplier_id,supplier_lot,site_code,received_on,quantity,quantity,unit",
     ("receipts.csv", 1, "quantity", "duplicate_column")),
])
def test_it_rejects_a_bad_header_before_reading_any_row(tmp_path, header, problem):
    files = ALL | {"receipts.csv": header + "\n" + LOTS["receipts.csv"].split("\n", 2)[2]}
    lines, _ = refusal(write(tmp_path, files))
    assert lines == [problem]
    assert nothing_written()


def test_it_rejects_a_file_that_is_not_utf8(tmp_path):
    write(tmp_path, CATALOG)
    text = textwrap.dedent(LOTS["receipts.csv"]).lstrip().replace("VF-0302", "VF-0302-É")
    (tmp_path / "receipts.csv").write_bytes(text.encode("latin-1"))  # an old Excel "CSV" export
    lines, _ = refusal(tmp_path)
    assert lines == [("receipts.csv", 1, "", "not_utf8")]
    assert nothing_written()


HUGE = "x" * 131_073  # one character over the csv module's field limit


def test_it_names_the_file_and_line_of_a_header_cell_over_the_csv_field_limit(tmp_path):
    write(tmp_path, ALL)
    (tmp_path / "receipts.csv").write_text(f"lot_code,{HUGE}\nR1\n")
    lines, refused = refusal(tmp_path)
    assert lines == [("receipts.csv", 1, "", "cell_too_long")]
    assert "131,072 characters" in refused.problems[0].message
    assert nothing_written()


def test_it_names_the_line_of_a_data_cell_over_the_csv_field_limit(tmp_path):
    lines, _ = refusal(write(tmp_path, changed("receipts.csv", R1, f"R1,STRAW,VALLEY,{HUGE},K1,2026-03-02,20,kg")))
    assert lines[0] == ("receipts.csv", 2, "", "cell_too_long")
    assert nothing_written()


def test_it_names_the_line_where_a_quote_is_left_open(tmp_path):
    write(tmp_path, ALL)
    rows = "\n".join(f"R{n},STRAW,VALLEY,VF-{n},K1,2026-03-02,20,kg" for n in range(2, 5000))
    (tmp_path / "receipts.csv").write_text("lot_code,item_code,supplier_id,supplier_lot,site_code,received_on,"
                                           f'quantity,unit\nR1,STRAW,VALLEY,"VF-1,K1,2026-03-02,20,kg\n{rows}\n')
    lines, _ = refusal(tmp_path)
    assert ("receipts.csv", 2, "", "cell_too_long") in lines


def test_it_reads_past_the_empty_columns_a_spreadsheet_leaves(tmp_path):
    files = CATALOG | {"sites.csv": "site_code,name,,\nK1,Home kitchen,,\n"}
    report = import_dir(write(tmp_path, files), actor="alice")
    assert report.added == 9


def test_it_rejects_a_file_it_does_not_know(tmp_path):
    lines, _ = refusal(write(tmp_path, ALL | {"recipe.csv": "recipe,item\nJAM,STRAW\n"}))
    assert lines == [("recipe.csv", None, "", "unknown_file")]
    assert nothing_written()


def test_it_rejects_a_folder_without_import_files(tmp_path):
    lines, _ = refusal(tmp_path)
    assert lines == [("", None, "", "no_files")]


def test_it_rejects_a_row_with_too_many_values(tmp_path):
    lines, _ = refusal(write(tmp_path, changed("receipts.csv", R1, R1 + ",extra")))
    # the row is left out, so the inputs that use R1 cannot find it either
    assert lines[0] == ("receipts.csv", 2, "", "wrong_value_count")
    assert nothing_written()


def test_it_rejects_a_batch_status_it_does_not_know(tmp_path):
    files = ALL | {"batches.csv": "batch_code,product_code,site_code,produced_on,quantity_produced,unit,status\n"
                                  "SJ-20260304-A,SJ,K1,2026-03-04,40,unit,burnt\n"}
    lines, _ = refusal(write(tmp_path, files))
    assert lines[0] == ("batches.csv", 2, "status", "bad_choice")


def test_a_bad_catalog_row_stops_the_whole_import(tmp_path):
    lines, _ = refusal(write(tmp_path, changed("items.csv", "JT,Jam tarts,product,unit,wheat",
                                               "JT,Jam tarts,product,unit,gluten-ish")))
    assert lines[0] == ("items.csv", 5, "allergens", "bad_choice")
    assert nothing_written()
    assert not Item.objects.exists()


def test_it_counts_every_problem_and_lists_the_first_ones(tmp_path):
    rows = "\n".join(f"R{i},STRAW,VALLEY,,K1,2026-03-02,0,kg" for i in range(MAX_PROBLEMS + 50))
    files = CATALOG | {"receipts.csv": LOTS["receipts.csv"].split("\n", 2)[1] + "\n" + rows + "\n"}
    lines, refused = refusal(write(tmp_path, files))
    assert refused.total == MAX_PROBLEMS + 50
    assert len(lines) == MAX_PROBLEMS
    assert lines[0] == ("receipts.csv", 2, "quantity", "not_positive")
    assert "250 problems" in refused.message
    assert not Lot.objects.exists()


def test_a_problem_keeps_its_file_row_and_column_apart(tmp_path):
    """The refusal's problems are values: the report and the pages read file, row and column, never
    a place written as text and parsed back."""
    _, refused = refusal(write(tmp_path, changed("receipts.csv", R1, "R1,STRAW,VALLEY,VF-0302,K9,2026-03-02,20,kg")))
    problem = refused.problems[0]
    assert (problem.file, problem.row, problem.field, problem.code) == ("receipts.csv", 2, "site_code", "unknown_site")
    assert problem.where == "receipts.csv line 2"
    assert str(problem).startswith("receipts.csv line 2, column site_code: unknown site 'K9'")
    assert refused.status == 404  # the first problem's code says it


def test_a_verbs_refusal_of_a_later_row_is_placed_at_its_file_line(tmp_path):
    holds = "lot_code,placed_on,reason\nSJ-20260304-A,2026-03-11,lid check\nNOPE-1,2026-03-11,lid check\n"
    _, refused = refusal(write(tmp_path, ALL | {"holds.csv": holds}))
    assert [(p.file, p.row, p.field, p.code) for p in refused.problems] == [("holds.csv", 3, "lot_code", "unknown_lot")]

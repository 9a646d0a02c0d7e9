"""A lab's layout: guessed from a first file, checked, saved per lab as an event."""

from decimal import Decimal

import pytest

from lotline.errors import ErrorCode, LotlineError
from lotline.labs.layout import Layout, guess
from lotline.labs.queries import find_lab
from lotline.labs.reading import read_rows
from lotline.labs.services import set_mapping
from lotline.ledger.models import Event

REGIONAL = "Sample ID,Test,Method,Result,Units,Limit,Date Tested\nS-1,pH,AOAC 981.12,4.2,pH,<= 4.6,2026-03-06\n"
CENTRAL = "Lot;Analyse;Wert;Einheit;Datum\nSJ-20260304-A;pH;4,2;pH;06.03.2026\n"


def test_it_guesses_a_regional_labs_layout_from_its_header():
    assert guess(REGIONAL) == Layout({"sample": "Sample ID", "analyte": "Test", "method": "Method", "result": "Result",
                                      "unit": "Units", "limit": "Limit", "tested_on": "Date Tested"})


def test_it_guesses_the_delimiter_the_date_format_and_the_decimal_comma():
    found = guess("Batch;Parameter;Result;Date\nSJ-1;aw;0,82;06.03.2026\n")
    assert (found.delimiter, found.date_format, found.decimal_comma) == (";", "DD.MM.YYYY", True)
    assert found.columns == {"lot": "Batch", "analyte": "Parameter", "result": "Result", "tested_on": "Date"}


def test_it_refuses_a_mapping_without_the_analyte_or_what_was_tested(owner):
    with pytest.raises(LotlineError) as refused:
        set_mapping(lab="Valley Labs", layout=Layout({"result": "Result"}), actor="olivia")
    assert {(p.code, p.field) for p in refused.value.problems} == {
        (ErrorCode.MISSING, "analyte"), (ErrorCode.MISSING, "sample")}


def test_only_an_owner_sets_a_labs_mapping(staff):
    with pytest.raises(LotlineError) as refused:
        set_mapping(lab="Valley Labs", layout=guess(REGIONAL), actor="sam")
    assert refused.value.code == ErrorCode.FORBIDDEN


def test_a_labs_mapping_is_saved_as_an_event_and_found_by_name_or_code(owner):
    saved = set_mapping(lab="Valley Labs", layout=guess(REGIONAL), actor="olivia")
    assert (saved.code, saved.name) == ("VALLEY-LABS", "Valley Labs")
    assert find_lab("valley-labs").layout == guess(REGIONAL)
    again = set_mapping(lab="valley labs", layout=guess(REGIONAL), actor="olivia")
    assert again.seq == saved.seq  # the same mapping again records nothing
    assert Event.objects.filter(kind="lab.mapping_set").count() == 1


def test_it_reads_a_layout_with_decimal_commas_and_day_first_dates():
    layout = Layout({"lot": "Lot", "analyte": "Analyse", "result": "Wert", "unit": "Einheit", "tested_on": "Datum"},
                    "DD.MM.YYYY", True, ";")
    rows, problems = read_rows(CENTRAL.encode(), layout, file="central.csv")
    assert problems == []
    assert (rows[0].lot, rows[0].value, rows[0].tested_on.isoformat()) == ("SJ-20260304-A", Decimal("4.2"),
                                                                           "2026-03-06")


def test_every_bad_row_is_named_by_its_line_and_the_labs_column():
    text = REGIONAL + ",pH,,4.1,pH,,2026-03-06\nS-2,,,4,1,pH,,06/03/2026\nS-3,pH,,4.1,pH,,2026-03-06,,\nS-4,pH,,4\n"
    rows, problems = read_rows(text.encode(), guess(REGIONAL), file="valley.csv")
    assert [r.sample for r in rows] == ["S-1", "S-3", "S-4"]  # trailing empty cells, or a short row, are read
    assert [(p.row, p.field, p.code) for p in problems] == [
        (3, "Sample ID", ErrorCode.MISSING), (4, "", ErrorCode.WRONG_VALUE_COUNT)]
    text = REGIONAL + "S-2,,,\"4,1\",pH,,06/03/2026\n"
    _rows, problems = read_rows(text.encode(), guess(REGIONAL), file="valley.csv")
    assert [(p.row, p.field, p.code) for p in problems] == [
        (3, "Test", ErrorCode.MISSING), (3, "Result", ErrorCode.NOT_A_NUMBER), (3, "Date Tested", ErrorCode.NOT_A_DATE)]
    assert "decimal comma" in problems[1].message


def test_a_file_without_a_mapped_column_is_refused_at_its_header():
    _rows, problems = read_rows(b"Sample,Test,Value\nS-1,pH,4\n", guess(REGIONAL), file="valley.csv")
    assert {(p.row, p.field) for p in problems} >= {(1, "Sample ID"), (1, "Result")}
    assert all(p.code == ErrorCode.MISSING_COLUMN for p in problems)

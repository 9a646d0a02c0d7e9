"""The rule for our codes (lotline/codes.py) and how any stored code is written in a web address."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lotline.codes import InUrl, code_problem, supplier_lot_problem


def problem(value: str, max_length: int = 64) -> tuple[str, str] | None:
    return code_problem(value, max_length=max_length, what="a lot code")


@pytest.mark.parametrize("code", ["SJ-20260304-A", "sj-20260304-a", "K1-SJ-0042", "2026-0304-SJ-01", "SUG.25_b"])
def test_it_takes_letters_digits_dashes_dots_and_underscores(code: str) -> None:
    assert problem(code) is None


def test_it_refuses_a_lot_code_with_a_slash() -> None:
    assert problem("SJ/0304") == ("bad_code", "'SJ/0304' has a '/', which would split a web address (character 3): "
                                              "a lot code uses letters, digits, '-', '.' and '_'")


@pytest.mark.parametrize(("code", "named"), [
    ("SJ\t1", "a control character (U+0009)"),
    ("SJ\x001", "a control character (U+0000)"),
    ("SJ\u200b1", "an invisible character (U+200B ZERO WIDTH SPACE)"),
    ("\u202eSJ1", "an invisible character (U+202E RIGHT-TO-LEFT OVERRIDE)"),
    ("SJ\u00a01", "an invisible character (U+00A0 NO-BREAK SPACE)"),
    ("SJ 1", "a space"),
])
def test_it_refuses_control_and_invisible_characters_naming_them(code: str, named: str) -> None:
    assert problem(code)[0] == "bad_code"
    assert f"has {named}" in problem(code)[1]


@pytest.mark.parametrize("code", ["<script>", "SJ#1", "SJ?1", "SÉ-1", "SJ;1", "SJ,1", "SJ:1", "SJ%1"])
def test_it_refuses_what_barcodes_or_web_addresses_cannot_carry_as_it_is(code: str) -> None:
    assert problem(code)[0] == "bad_code"


def test_it_refuses_leading_or_trailing_spaces() -> None:
    assert problem(" SJ-1") == ("bad_code", "' SJ-1' starts with a space: remove it")
    assert problem("SJ-1 ") == ("bad_code", "'SJ-1 ' ends with a space: remove it")


@pytest.mark.parametrize("code", ["-SJ", ".", "..", "_1", "=1+1"])
def test_a_code_starts_with_a_letter_or_a_digit(code: str) -> None:
    assert problem(code)[0] == "bad_code"


def test_a_code_longer_than_its_field_is_too_long() -> None:
    assert problem("A" * 64) is None
    assert problem("A" * 65) == ("too_long", f"'{'A' * 65}' has 65 characters: a lot code has at most 64")
    assert code_problem("K1-NORTH-1", max_length=8, what="a site code")[0] == "too_long"


def test_a_supplier_lot_code_is_kept_as_written_but_control_characters_are_refused() -> None:
    assert supplier_lot_problem("PKT 99/281 <b> #2 é") is None
    assert supplier_lot_problem("PKT\n99")[0] == "bad_code"


OLD_CODES = ["SJ/0304", "..", ".", "~", "~2F", "a b?c#d", "<script>alert(1)</script>", "%2F", "SJ-20260304-A"]


@given(st.text(min_size=1) | st.sampled_from(OLD_CODES))
def test_any_stored_code_has_one_address_that_gives_it_back(code: str) -> None:
    in_url = InUrl()
    written = in_url.to_url(code)
    assert re.fullmatch(InUrl.regex, written)
    assert written not in (".", "..")  # a browser would read these as folders
    assert in_url.to_python(written) == code


def test_our_codes_are_written_as_they_are() -> None:
    assert InUrl().to_url("SJ-20260304-A") == "SJ-20260304-A"
    assert InUrl().to_url("SJ/0304") == "SJ~2F0304"

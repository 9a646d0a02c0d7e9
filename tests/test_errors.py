"""Error codes cannot drift: every code is an ErrorCode member with its HTTP status and its meaning,
src/ writes none as text, and docs/errors.md is the enum's."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from lotline.catalog.queries import CODES
from lotline.catalog.specs import SPECS
from lotline.errordoc import render
from lotline.errors import MERGED, ErrorCode, Forbidden, LotlineError, NeedsConfirmation, Problem

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "lotline"
ERRORS_DOC = ROOT / "docs" / "errors.md"

# Calls that take an error code, and the positions of the arguments that are codes
CODE_ARGS = {"Problem": (0,), "LotlineError": (0,), "RowCheck": (0,), "Rule": (0,), "QuantityError": (0,),
             "Refusal": (0,), "PydanticCustomError": (0,), "_error": (1,), "problem": (3,), "warning": (3,),
             "bad": (2,)}


def _sources() -> list[tuple[Path, ast.Module]]:
    return [(p, ast.parse(p.read_text(), str(p))) for p in sorted(SRC.rglob("*.py"))
            if "tests" not in p.parts and "migrations" not in p.parts]


def _name(call: ast.Call) -> str:
    func = call.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def test_every_code_has_a_status_and_a_meaning():
    for code in ErrorCode:
        # 406 and 415: the EPCIS REST binding's answers to a version or a media type it does not speak
        assert code.status in (400, 401, 403, 404, 406, 409, 413, 414, 415), code
        assert code.doc.strip() and code.doc.endswith("."), code
    assert [c.value for c in ErrorCode] == sorted(c.value for c in ErrorCode), "keep ErrorCode in A-Z order"


def test_a_merged_code_is_no_longer_a_code():
    assert not set(MERGED) & {c.value for c in ErrorCode}


def test_the_error_reference_is_up_to_date():
    assert ERRORS_DOC.read_text() == render(), "docs/errors.md is stale: run `make docs`"


def test_the_error_reference_lists_every_code_with_its_status():
    doc = ERRORS_DOC.read_text()
    for code in ErrorCode:
        assert f"| `{code.value}` | {code.status} | {code.doc} |" in doc


def test_an_errors_status_is_its_codes():
    assert LotlineError(ErrorCode.UNKNOWN_LOT, "no lot 'X'").status == 404
    assert LotlineError(ErrorCode.MORE_THAN_ON_HAND, "too much").status == 409
    assert LotlineError("missing", "a value is required").code is ErrorCode.MISSING  # text is read as its code
    assert Forbidden("staff may not").status == 403
    assert NeedsConfirmation([Problem(ErrorCode.NEAR_TWIN, "again?")]).status == 409


def test_an_unknown_code_is_refused_at_once():
    with pytest.raises(ValueError, match="not a valid ErrorCode"):
        Problem("unknwn_lot", "no lot")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="not a valid ErrorCode"):
        LotlineError("uses_itself", "merged into circular_inputs")


def test_a_problem_keeps_its_place_in_parts_and_says_it_in_words():
    in_file = Problem(ErrorCode.UNKNOWN_ITEM, "unknown item 'X'", "item_code", "receipts.csv", 12)
    assert (in_file.file, in_file.row, in_file.field) == ("receipts.csv", 12, "item_code")
    assert str(in_file) == "receipts.csv line 12, column item_code: unknown item 'X' [unknown_item]"
    in_form = Problem(ErrorCode.NOT_POSITIVE, "more than zero", "quantity", row=2, row_label="input")
    assert str(in_form) == "input 2, field quantity: more than zero [not_positive]"
    typed = Problem(ErrorCode.LOT_UNUSABLE, "held", row=3, typed="3 TARTS")
    assert typed.where == "line 3 (3 TARTS)"
    assert Problem(ErrorCode.MISSING, "a value is required").as_dict() == {
        "code": "missing", "message": "a value is required", "field": "", "file": "", "row": None, "where": ""}
    whole_file = Problem(ErrorCode.UNKNOWN_FILE, "not an import file", file="notes.csv")
    assert (whole_file.where, whole_file.row) == ("notes.csv", None)


def test_every_catalog_entity_has_its_codes():
    assert {spec.unknown for spec in SPECS.values()} <= set(ErrorCode)
    assert all(isinstance(code, ErrorCode) for pair in CODES.values() for code in pair)


def test_no_code_is_written_as_text_in_src():
    """A code is written ErrorCode.X, so an unknown one fails at import (or at mypy), never at a client."""
    written = []
    for path, tree in _sources():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or _name(node) not in CODE_ARGS:
                continue
            args = [node.args[i] for i in CODE_ARGS[_name(node)] if i < len(node.args)]
            args += [k.value for k in node.keywords if k.arg == "code"]
            written += [f"{path.relative_to(SRC)}:{a.lineno} {a.value!r}" for a in args
                        if isinstance(a, ast.Constant) and isinstance(a.value, str)]
    assert written == []


def test_no_code_hides_in_a_string_of_src():
    """Nor anywhere else (a tuple a check returns, a set of codes): a string that is a code's text is
    one written as text, dict keys and subscripts aside (a tally's "missing" rows)."""
    codes = {c.value for c in ErrorCode}
    written = []
    for path, tree in _sources():
        if path.name == "errors.py":
            continue
        keys = {id(k) for node in ast.walk(tree) if isinstance(node, ast.Dict) for k in node.keys}
        keys |= {id(node.slice) for node in ast.walk(tree) if isinstance(node, ast.Subscript)}
        written += [f"{path.relative_to(SRC)}:{node.lineno} {node.value!r}" for node in ast.walk(tree)
                    if isinstance(node, ast.Constant) and node.value in codes and id(node) not in keys]
    assert written == []


def test_every_code_src_names_exists():
    named = {f"{path.relative_to(SRC)}:{node.lineno} {node.attr}" for path, tree in _sources()
             for node in ast.walk(tree)
             if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "ErrorCode"
             and node.attr.isupper() and node.attr not in ErrorCode.__members__}
    assert named == set()


def test_the_import_formats_table_of_codes_names_only_codes():
    section = (ROOT / "docs" / "import-format.md").read_text().split("## What is checked", 1)[1].split("\n## ", 1)[0]
    named = {code for line in section.splitlines() if line.startswith("| `")
             for code in line.split("|")[1].replace("`", "").replace(",", " ").split()}
    assert named and named <= {c.value for c in ErrorCode}

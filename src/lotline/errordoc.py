"""The error reference (docs/errors.md), generated from the ErrorCode enum.

Run `python -m lotline.errordoc > docs/errors.md` (or `make docs`); a test fails when the file is stale.
"""

from __future__ import annotations

from lotline.errors import MERGED, ErrorCode

HEADER = """# Error codes

Generated from `ErrorCode` (src/lotline/errors.py) by `make docs`; do not edit by hand.

Every refusal carries a stable `code`: the API answers with it and its HTTP status (one code, one
status, on every way in), the command line prints it in brackets after each problem, an import
lists it per row, and the pages show the message next to the field at fault. A code names one
condition; a warning (a 409 `needs_confirmation` lists them) is recorded once the person confirms
its code.

The API's error body:

```json
{"code": "unknown_lot", "message": "batch SJ-20260304-B was not recorded: unknown lot 'X1'",
 "field": "lot",
 "problems": [{"code": "unknown_lot", "message": "unknown lot 'X1': not a received lot or batch code",
               "field": "lot", "file": "", "row": 2, "where": "input 2"}]}
```

Each problem names its place in parts: `file` (an import file, "" for a form or the API), `row`
(the file's line, the header being line 1, or the n-th row of a request: input 2, line 3) and
`field` (the field, or the file's column); `where` is the same place as text.
"""


def render() -> str:
    rows = [f"| `{c.value}` | {c.status} | {c.doc} |" for c in ErrorCode]
    merged = [f"| `{old}` | `{new.value}` |" for old, new in sorted(MERGED.items())]
    return "\n".join([
        HEADER, "| code | HTTP status | meaning |", "|---|---|---|", *rows, "",
        "## Codes merged into another", "",
        "Earlier versions gave some conditions two codes. Each now has one; these codes are no longer",
        "answered (`bad_value` of a date is now `not_a_date`).", "",
        "| old code | now |", "|---|---|", *merged, "",
    ])


if __name__ == "__main__":
    print(render(), end="")

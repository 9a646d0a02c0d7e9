"""The rule for the codes we choose, and how any stored code is written in a web address.

Our codes (lot codes and batch numbers, shipment refs, site, item, supplier, customer and
equipment codes) go on labels and into barcodes, web addresses, spreadsheets, command lines and
the lines a stall keeper types on market day. So a code is written with **letters, digits, '-',
'.' and '_'**, starting with a letter or a digit:

- these are the characters both GS1 barcodes and web addresses carry as they are: GS1's
  "82-character set" for AI (10) batch/lot (printable ASCII without space, # $ @ [ \\ ] ^ ` { | }
  ~) meets RFC 3986's unreserved characters there. The other 19 marks of the GS1 set split a web
  address ('/', '?', '#'), must be escaped in one ('%', '&', '+'...) or in a page ('<', '"'), or
  separate things in our own text (';' between sites and market-day sales, ',' and ':');
- a letter or digit first: no '-' read as a command-line option, no '=' or '+' read as a
  spreadsheet formula, no '.' or '..' read as "this folder" or "the folder above" in an address;
- no spaces, control or invisible characters (a zero-width space, a bidi control, a no-break
  space): a code that looks like another must not be another;
- case does not tell two codes apart: `sj-20260304-a` is `SJ-20260304-A` (the database keeps it so);
- a lot code has at most 64 characters. GS1 allows 20 in AI (10); a batch number made of a site,
  a product and a date (K1-SJ-20260304-A) stays well within it, but codes brought in from
  spreadsheets were already allowed 64 and stay so: a business printing GS1-128 labels keeps its
  codes to 20.

A supplier's own lot code is not ours: it is kept verbatim as the supplier printed it, only
control characters (a tab, a line break) are refused. Codes recorded before this rule, or by a
supplier, may hold anything; `InUrl` writes any of them safely in a web address.
"""

from __future__ import annotations

import re
import unicodedata

from django.db import models
from django.db.models.functions import Upper

from lotline.errors import ErrorCode

LOT_CODE_MAX = 64
SHIPMENT_REF_MAX = 40
CODE_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
ALLOWED = "letters, digits, '-', '.' and '_'"


def code_problem(value: str, *, max_length: int, what: str = "a code") -> tuple[ErrorCode, str] | None:
    """(error code, message) saying why `value` cannot be one of our codes, or None when it can.

    An empty value is left to the check that says a value is required."""
    if not value or (len(value) <= max_length and CODE_RE.fullmatch(value)):
        return None
    if value[0] == " " or value[-1] == " ":
        return ErrorCode.BAD_CODE, f"{value!r} {'starts' if value[0] == ' ' else 'ends'} with a space: remove it"
    for at, char in enumerate(value, 1):
        if not CODE_RE.fullmatch("A" + char):
            return ErrorCode.BAD_CODE, f"{value!r} {_why_not(char)} (character {at}): {what} uses {ALLOWED}"
    if not CODE_RE.fullmatch(value):
        return ErrorCode.BAD_CODE, f"{value!r} starts with {value[0]!r}: {what} starts with a letter or a digit"
    return ErrorCode.TOO_LONG, f"{value!r} has {len(value)} characters: {what} has at most {max_length}"


def _why_not(char: str) -> str:
    """What is wrong with one character, named so a person can find it (an invisible one by its number)."""
    unicode = f"U+{ord(char):04X}" + (f" {unicodedata.name(char)}" if unicodedata.name(char, "") else "")
    if unicodedata.category(char) == "Cc":
        return f"has a control character ({unicode})"
    if char == " ":
        return "has a space"
    if not char.isprintable() or unicodedata.category(char) in ("Mn", "Me"):
        return f"has an invisible character ({unicode})"
    if char == "/":
        return "has a '/', which would split a web address"
    return f"has {char!r}" if char.isascii() else f"has {char!r} ({unicode})"


def supplier_lot_problem(value: str) -> tuple[ErrorCode, str] | None:
    """A supplier's lot code is kept as they wrote it; only control characters are refused."""
    if value.isprintable():
        return None
    for at, char in enumerate(value, 1):
        if unicodedata.category(char) == "Cc":
            return ErrorCode.BAD_CODE, (f"{value!r} has a control character (U+{ord(char):04X}) (character {at}): "
                                "type the supplier's lot code as printed")
    return None


def unique_whatever_the_case(field: str, name: str) -> models.UniqueConstraint:
    """The database's guarantee that no two records' codes differ only in case: a unique index on
    UPPER(code), the same on SQLite and PostgreSQL (codes are ASCII, where both agree on case)."""
    return models.UniqueConstraint(Upper(field), name=name)


class InUrl:
    """Any stored code (or user name) as one segment of a web address: `<text:code>` in the URLs.

    Our codes are written as they are. Older codes and supplier lot codes may hold anything, so
    '~' escapes what a path segment cannot hold: '/' is written ~2F, '~' itself ~7E, and a code
    that is only '.' or '..' (which a browser would read as a folder) ~2E or ~2E~2E. Everything
    else ('?', '#', spaces, '<') is %-escaped by Django's reverse() as usual. Every value has one
    address, and the address gives the value back.
    """

    regex = "[^/]+"
    _ESCAPES = {"/": "~2F", "~": "~7E"}
    _ESCAPED = re.compile("~(2F|7E|2E)", re.IGNORECASE)

    def to_python(self, value: str) -> str:
        return self._ESCAPED.sub(lambda m: chr(int(m[1], 16)), value)

    def to_url(self, value: str) -> str:
        if value in (".", ".."):
            return "~2E" * len(value)
        return re.sub("[/~]", lambda m: self._ESCAPES[m[0]], str(value))

"""The staging tables and the row-level checks every staged row passes on its way in."""

from __future__ import annotations

import datetime as dt
from array import array
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from itertools import count, islice
from typing import NamedTuple, TypeVar

from django.db import connection

from lotline.catalog.allergens import BIG_9, parse_allergens
from lotline.catalog.units import UNITS, canonical_unit
from lotline.codes import CODE_RE, code_problem, supplier_lot_problem
from lotline.days import FIRST_DAY, best_by_problem, day_problem, latest_best_by, latest_day
from lotline.errors import ErrorCode, Problem, place
from lotline.lots.lengths import LENGTHS, too_long_for
from lotline.quantities import problem as quantity_problem
from lotline.quantities import shown

# The texts each staged row stores (staging column -> its field in lots.lengths), and their limits
# as names for the one quick test a row takes before the checks that say which text is too long.
LOT_TEXTS = {"code": "code", "supplier_lot": "supplier_lot", "ref_type": "reference_doc_type",
             "ref_doc": "reference_doc", "made_by": "made_by", "equipment": "equipment", "tlc_source": "tlc_source"}
SHIPMENT_TEXTS = {"ref": "ref", "ref_type": "reference_doc_type", "ref_doc": "reference_doc"}
CODE_MAX, REF_MAX, REF_TYPE_MAX, REF_DOC_MAX, MADE_BY_MAX, EQUIPMENT_MAX = (
    LENGTHS[f] for f in ("code", "ref", "reference_doc_type", "reference_doc", "made_by", "equipment"))
TLC_SOURCE_MAX = LENGTHS["tlc_source"]
SUPPLIER_LOT_FAST = LENGTHS["supplier_lot"] // 3  # longer ones are measured upper-cased too (too_long_for)

# `n INTEGER PRIMARY KEY` (not BIGINT) makes n SQLite's rowid: no separate key index to keep up
# while millions of rows go in, and reading in n order is a plain table scan. {date}: see _date_type.
DDL = [
    """CREATE TEMP TABLE IF NOT EXISTS stage_lot (
        n INTEGER PRIMARY KEY, src INTEGER NOT NULL, line BIGINT NOT NULL, code TEXT NOT NULL,
        kind TEXT NOT NULL, item_code TEXT NOT NULL, site_code TEXT NOT NULL, lot_date {date} NOT NULL,
        quantity NUMERIC NOT NULL, discarded NUMERIC NOT NULL, unit TEXT NOT NULL, supplier_ref TEXT,
        supplier_lot TEXT, best_by {date}, ref_type TEXT, ref_doc TEXT, made_by TEXT, equipment TEXT,
        status TEXT NOT NULL, tlc_source TEXT, allergens TEXT, may_contain TEXT, skip SMALLINT NOT NULL DEFAULT 0)""",
    """CREATE TEMP TABLE IF NOT EXISTS stage_input (
        n INTEGER PRIMARY KEY, src INTEGER NOT NULL, line BIGINT NOT NULL, batch_code TEXT NOT NULL,
        input_code TEXT NOT NULL, quantity NUMERIC NOT NULL, unit TEXT NOT NULL,
        batch_known SMALLINT NOT NULL DEFAULT 0, batch_old SMALLINT NOT NULL DEFAULT 0, batch_date {date},
        input_known SMALLINT NOT NULL DEFAULT 0, input_kind TEXT, input_unit TEXT, input_date {date},
        input_status TEXT, input_best_by {date}, skip SMALLINT NOT NULL DEFAULT 0)""",
    """CREATE TEMP TABLE IF NOT EXISTS stage_shipment (
        n INTEGER PRIMARY KEY, src INTEGER NOT NULL, line BIGINT NOT NULL, ref TEXT NOT NULL,
        lot_code TEXT NOT NULL, customer_ref TEXT NOT NULL, shipped_on {date} NOT NULL,
        quantity NUMERIC NOT NULL, unit TEXT, ref_type TEXT, ref_doc TEXT,
        lot_known SMALLINT NOT NULL DEFAULT 0, lot_unit TEXT, lot_date {date}, lot_status TEXT,
        skip SMALLINT NOT NULL DEFAULT 0)""",
    "CREATE TEMP TABLE IF NOT EXISTS stage_unit (unit TEXT PRIMARY KEY, dim TEXT NOT NULL, size DOUBLE PRECISION)",
    "CREATE TEMP TABLE IF NOT EXISTS stage_avail (code TEXT PRIMARY KEY, avail DOUBLE PRECISION)",
]
TABLES = ("stage_lot", "stage_input", "stage_shipment", "stage_unit", "stage_avail")
# Built once the rows are in (faster than keeping it up to date row by row). On UPPER(code): a code
# is the same whatever its case (lotline/codes.py), and the rules find and group lots that way.
# Covering: resolving every staged input and shipment (rules.RESOLVE_*) finds all it reads about a
# lot, its code as written included, in the index. The other staging columns need none: the rules
# that group by them sort, once, which costs less than building an index (1M-batch dataset: 10 s of
# index building saved).
INDEXES = [
    "CREATE INDEX IF NOT EXISTS stage_lot_code ON stage_lot (UPPER(code), skip, kind, code, unit, lot_date, status, "
    "best_by)",
]


class LotRow(NamedTuple):
    """A received lot (kind 'received') or a production batch (kind 'batch')."""

    line: int
    code: str
    kind: str
    item_code: str
    site_code: str
    lot_date: dt.date | None
    quantity: Decimal | None
    discarded: Decimal | None
    unit: str
    supplier_ref: str = ""
    supplier_lot: str = ""
    best_by: dt.date | None = None
    ref_type: str = ""
    ref_doc: str = ""
    made_by: str = ""
    equipment: str = ""
    status: str = "active"
    tlc_source: str = ""  # a lot received: its TLC source reference (FSMA 204)
    allergens: str = ""  # a lot received: Big 9 its supplier declared for this lot, ';'-separated
    may_contain: str = ""  # ... and what it may contain (precautionary)


class InputRow(NamedTuple):
    line: int
    batch_code: str
    input_code: str
    quantity: Decimal | None
    unit: str = ""


class ShipmentRow(NamedTuple):
    line: int
    ref: str
    lot_code: str
    customer_ref: str
    shipped_on: dt.date | None
    quantity: Decimal | None
    unit: str = ""
    ref_type: str = ""
    ref_doc: str = ""


@dataclass(frozen=True)
class Source:
    """Where staged rows came from, so a problem names the file and line or the form field.

    `name` is the file ("" for a form or command); `row_label` what its rows are called ("line",
    "input"), or "" when a form has one row, which a problem then does not number."""

    name: str = ""
    columns: Mapping[str, str] = field(default_factory=dict)
    row_label: str = "line"

    def problem(self, line: int, column: str, code: ErrorCode, message: str) -> Problem:
        """A problem at this source's row `line`, its column named as the file or form names it."""
        row = line if self.row_label else None
        return Problem(code, message, self.column(column), self.name, row, self.row_label or "line")

    def place(self, line: int) -> str:
        """The row as text, for a message naming another row ("first at receipts.csv line 3")."""
        return place(self.name, line if self.row_label else None, self.row_label or "line")

    def column(self, stage_column: str) -> str:
        return self.columns.get(stage_column, stage_column)


def _date_type() -> str:
    """SQLite keeps staged dates as the ISO text they are: declared DATE, Django's driver would turn
    each one into a date object on every read (millions in an import) only to write it back as text."""
    return "TEXT" if connection.vendor == "sqlite" else "DATE"


# An import spells the same few units millions of times.
_canonical_unit = lru_cache(maxsize=1024)(canonical_unit)


@lru_cache(maxsize=1 << 16)  # the same few thousand days, millions of times
def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


Row = TypeVar("Row", LotRow, InputRow, ShipmentRow)  # a staged row of any of the three tables


class Stage:
    """Temporary tables holding one write's rows until every rule has passed."""

    def __init__(self) -> None:
        self.sources: list[Source] = []
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []  # recorded only once confirmed (a form) or listed (an import)
        self.warning_counts: dict[ErrorCode, int] = {}  # every row warned about, of which `warnings` lists the first
        self.unfed: tuple[array, array] | None = None  # (n, line) of the batches with no input, in n order
        self.counts = {"lots": 0, "inputs": 0, "shipments": 0}
        # the dates a person may give, fixed for the whole write (an import may run past midnight)
        self.first_day, self.latest_day, self.latest_best_by = FIRST_DAY, latest_day(), latest_best_by()
        self.adding_inputs = False  # True when inputs are added to batches recorded before
        with connection.cursor() as cur:
            for ddl in DDL:
                cur.execute(ddl.format(date=_date_type()))
            # PostgreSQL: TRUNCATE, not DELETE. Many writes in one transaction (an EPCIS document of
            # hundreds of events, each through its verb) would otherwise leave every earlier write's rows
            # as dead tuples no vacuum can reach before the commit, and each check would read them all
            # (the demo's 850 events: seconds per shipment, where it takes milliseconds).
            if connection.vendor == "postgresql":
                cur.execute(f"TRUNCATE {', '.join(TABLES)}")  # fixed names
            else:
                for table in TABLES:
                    cur.execute(f"DELETE FROM {table}")  # fixed names
            cur.executemany(
                "INSERT INTO stage_unit (unit, dim, size) VALUES (%s, %s, %s)",
                [(u, dim, float(size)) for u, (dim, size) in UNITS.items()],
            )

    def source(self, source: Source) -> int:
        self.sources.append(source)
        return len(self.sources) - 1

    def problem(self, src: int, line: int, column: str, code: ErrorCode, message: str) -> None:
        self.problems.append(self.sources[src].problem(line, column, code, message))

    def warning(self, src: int, line: int, column: str, code: ErrorCode, message: str) -> None:
        self.warnings.append(self.sources[src].problem(line, column, code, message))

    # --- row-level checks: the same for a form field and a spreadsheet cell -------------------

    def _quantity(self, src: int, line: int, column: str, value: Decimal | None, *, zero_ok: bool = False) -> bool:
        found = (ErrorCode.MISSING, "a quantity is required") if value is None else \
            quantity_problem(value, zero_ok=zero_ok)
        if found:
            self.problem(src, line, column, *found)
        return not found

    def _day(self, src: int, line: int, column: str, day: dt.date) -> None:
        """A date of something that happened: not after tomorrow, not before FIRST_DAY (lotline.days)."""
        if (day < self.first_day or day > self.latest_day) and (found := day_problem(day, latest=self.latest_day)):
            self.problem(src, line, column, *found)

    def _best_by(self, src: int, line: int, day: dt.date) -> None:
        if (day < self.first_day or day > self.latest_best_by) and (
                found := best_by_problem(day, latest=self.latest_best_by)):
            self.problem(src, line, "best_by", *found)

    def _unit(self, src: int, line: int, column: str, text: str) -> str:
        unit = _canonical_unit(text) if text else None
        if unit is None:
            known = ", ".join(UNITS)
            self.problem(src, line, column, ErrorCode.UNKNOWN_UNIT, f"unknown unit {text!r}; use one of {known}")
        return unit or ""

    def _too_long(self, src: int, line: int, row: tuple, texts: dict[str, str]) -> None:
        """Name each text of the row that is longer than its field holds (texts: column -> field)."""
        for column, name in texts.items():
            reason = too_long_for(name, getattr(row, column) or "")
            if reason:
                self.problem(src, line, column, ErrorCode.TOO_LONG, reason)

    def _big_9(self, src: int, line: int, column: str, text: str) -> str:
        """Big 9 words as stored ('milk;wheat', aliases such as 'eggs' or 'gluten' named as such)."""
        known, unknown = parse_allergens(text)
        if unknown:
            self.problem(src, line, column, ErrorCode.BAD_CHOICE,
                         f"{', '.join(unknown)} is not one of the Big 9: {', '.join(BIG_9)}")
        return ";".join(known)

    def _code(self, src: int, line: int, column: str, problem: tuple[ErrorCode, str] | None) -> None:
        if problem:
            self.problem(src, line, column, *problem)

    def _required(self, src: int, line: int, row: tuple, names: Iterable[str]) -> None:
        for name in names:
            value = getattr(row, name)
            if value is None or value == "":
                self.problem(src, line, name, ErrorCode.MISSING, "a value is required")

    # The add_* methods run once per row of a million-row file: each row is unpacked once, and the
    # checks that report (and name the cell) run only when a quick test finds something wrong.

    def add_lots(self, src: int, rows: Iterable[LotRow]) -> None:
        insert = """INSERT INTO stage_lot (n, src, line, code, kind, item_code, site_code, lot_date, quantity,
            discarded, unit, supplier_ref, supplier_lot, best_by, ref_type, ref_doc, made_by, equipment, status,
            tlc_source, allergens, may_contain)
            VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"""
        self._insert(insert, src, rows, self._lot_params, "lots")

    def _lot_params(self, n: int, src: int, r: LotRow) -> tuple:
        (line, code, kind, item_code, site_code, lot_date, quantity, discarded, unit, supplier_ref, supplier_lot,
         best_by, ref_type, ref_doc, made_by, equipment, status, tlc_source, allergens, may_contain) = r
        received = kind == "received"
        if not (code and item_code and site_code and lot_date and (supplier_ref or not received)):
            required = ["code", "item_code", "site_code", "lot_date"]
            self._required(src, line, r, [*required, "supplier_ref"] if received else required)
        quantity_ok = self._quantity(src, line, "quantity", quantity, zero_ok=status == "failed")
        discarded = discarded or Decimal(0)
        # (a bad quantity made is reported once, above)
        if (self._quantity(src, line, "discarded", discarded, zero_ok=True) and quantity_ok and quantity is not None
                and discarded > quantity):
            self.problem(src, line, "discarded", ErrorCode.DISCARDED_EXCEEDS_MADE,
                         f"{shown(discarded)} discarded is more than the {shown(quantity)} made")
        unit = self._unit(src, line, "unit", unit)
        if (len(code) > CODE_MAX or len(supplier_lot) > SUPPLIER_LOT_FAST or len(ref_type) > REF_TYPE_MAX
                or len(ref_doc) > REF_DOC_MAX or len(made_by) > MADE_BY_MAX or len(equipment) > EQUIPMENT_MAX
                or len(tlc_source) > TLC_SOURCE_MAX):
            self._too_long(src, line, r, LOT_TEXTS)
        if not CODE_RE.fullmatch(code):  # the quick test; then why (its length is _too_long's)
            self._code(src, line, "code", code_problem(code, max_length=CODE_MAX, what="a lot code"))
        if supplier_lot and not supplier_lot.isprintable():
            self._code(src, line, "supplier_lot", supplier_lot_problem(supplier_lot))
        if lot_date:
            self._day(src, line, "lot_date", lot_date)
        if allergens:
            allergens = self._big_9(src, line, "allergens", allergens)
        if may_contain:
            may_contain = self._big_9(src, line, "may_contain", may_contain)
        if best_by:
            self._best_by(src, line, best_by)
        if best_by and lot_date and best_by < lot_date:
            self.problem(src, line, "best_by", ErrorCode.IMPOSSIBLE_DATE,
                         f"best-by {best_by} is before the lot's date {lot_date}")
        return (n, src, line, code, kind, item_code, site_code, _iso(lot_date) or "", quantity or 0, discarded, unit,
                supplier_ref or None, supplier_lot, _iso(best_by), ref_type, ref_doc, made_by, equipment, status,
                tlc_source, allergens, may_contain)

    def add_inputs(self, src: int, rows: Iterable[InputRow]) -> None:
        insert = """INSERT INTO stage_input (n, src, line, batch_code, input_code, quantity, unit)
            VALUES (%s, %s, %s, %s, %s, %s, %s)"""
        self._insert(insert, src, rows, self._input_params, "inputs")

    def _input_params(self, n: int, src: int, r: InputRow) -> tuple:
        line, batch_code, input_code, quantity, unit = r
        if not (batch_code and input_code):
            self._required(src, line, r, ("batch_code", "input_code"))
        if quantity is None or quantity_problem(quantity):
            self._quantity(src, line, "quantity", quantity)
        unit = self._unit(src, line, "unit", unit) if unit else ""  # "": in the lot's own unit
        return (n, src, line, batch_code, input_code, quantity or 0, unit)

    def add_shipments(self, src: int, rows: Iterable[ShipmentRow]) -> None:
        insert = """INSERT INTO stage_shipment (n, src, line, ref, lot_code, customer_ref, shipped_on, quantity,
            unit, ref_type, ref_doc) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"""
        self._insert(insert, src, rows, self._shipment_params, "shipments")

    def _shipment_params(self, n: int, src: int, r: ShipmentRow) -> tuple:
        line, ref, lot_code, customer_ref, shipped_on, quantity, unit, ref_type, ref_doc = r
        if not (ref and lot_code and customer_ref and shipped_on):
            self._required(src, line, r, ("ref", "lot_code", "customer_ref", "shipped_on"))
        if quantity is None or quantity_problem(quantity):
            self._quantity(src, line, "quantity", quantity)
        if shipped_on:
            self._day(src, line, "shipped_on", shipped_on)
        stored_unit = self._unit(src, line, "unit", unit) if unit else None  # None: in the lot's own unit
        if len(ref) > REF_MAX or len(ref_type) > REF_TYPE_MAX or len(ref_doc) > REF_DOC_MAX:
            self._too_long(src, line, r, SHIPMENT_TEXTS)
        if not CODE_RE.fullmatch(ref):
            self._code(src, line, "ref", code_problem(ref, max_length=REF_MAX, what="a shipment ref"))
        return (n, src, line, ref, lot_code, customer_ref, _iso(shipped_on) or "", quantity or 0, stored_unit,
                ref_type, ref_doc)

    def _insert(self, sql: str, src: int, rows: Iterable[Row], params: Callable[[int, int, Row], tuple],
                table: str, chunk: int = 20000) -> None:
        """Number the rows as they come (n keeps their order) and insert them in chunks."""
        numbered = zip(count(self.counts[table] + 1), rows)
        with connection.cursor() as cur:
            while some := [params(n, src, row) for n, row in islice(numbered, chunk)]:
                cur.executemany(sql, some)
                self.counts[table] += len(some)

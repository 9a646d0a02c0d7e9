"""Every rule a staged write must pass, as set-based SQL over the staging tables.

The same rules run for one batch typed on a phone and for a million-row import; each problem
names the file and line (or form field), the column and a stable code.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection

from lotline.errors import ErrorCode
from lotline.lots.balance import EPSILON, ON_HAND_SQL
from lotline.lots.payloads import day
from lotline.quantities import said, shown

from .tables import INDEXES, Stage
from .warnings import EXPIRED_INPUT, check_no_inputs

ROW_LIMIT = 200  # problems reported per rule: enough to fix a file, bounded in memory


@dataclass(frozen=True)
class Rule:
    code: ErrorCode
    column: str
    sql: str  # selects src, line, then the values the message shows
    message: Callable[[Sequence], str]


@dataclass(frozen=True)
class RowCheck:
    """A rule each staged row passes or breaks on its own: all of a table's are checked in one pass
    over it (see _run), rather than one pass each over millions of rows."""

    code: ErrorCode
    column: str
    where: str  # true for a row (alias s) that breaks the rule
    values: tuple[str, ...]  # the row's columns the message shows
    message: Callable[[Sequence], str]
    warns: bool = False  # a warning (recorded once confirmed, or listed by an import), not a problem


@dataclass
class Findings:
    """What validation found: problems block the write, warnings do not."""

    problems: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    warning_counts: dict[ErrorCode, int] = field(default_factory=dict)  # rows per warning code (warnings lists some)
    skipped: dict[str, int] = field(default_factory=dict)


LOT_RULES: list[Rule | RowCheck] = [
    RowCheck(ErrorCode.UNKNOWN_ITEM, "item_code", "NOT EXISTS (SELECT 1 FROM item i WHERE i.code = s.item_code)",
             ("item_code",), lambda v: f"unknown item {v[0]!r}: add it to the catalog (items.csv) first"),
    RowCheck(ErrorCode.NOT_A_PRODUCT, "item_code",
             "s.kind = 'batch' AND EXISTS (SELECT 1 FROM item i WHERE i.code = s.item_code AND i.kind <> 'product')",
             ("item_code",), lambda v: f"{v[0]} is an ingredient; a batch makes a product"),
    RowCheck(ErrorCode.UNKNOWN_SITE, "site_code", "NOT EXISTS (SELECT 1 FROM site t WHERE t.code = s.site_code)",
             ("site_code",), lambda v: f"unknown site {v[0]!r}: add it to the catalog (sites.csv) first"),
    RowCheck(ErrorCode.UNKNOWN_SUPPLIER, "supplier_ref",
             "s.kind = 'received' AND s.supplier_ref IS NOT NULL "
             "AND NOT EXISTS (SELECT 1 FROM supplier p WHERE p.ref = s.supplier_ref)",
             ("supplier_ref",), lambda v: f"unknown supplier {v[0]!r}: add it to the catalog (suppliers.csv) first"),
    Rule(ErrorCode.UNIT_MISMATCH, "unit",
         "SELECT s.src, s.line, s.unit, i.unit, i.code FROM stage_lot s JOIN item i ON i.code = s.item_code "
         "JOIN stage_unit a ON a.unit = s.unit JOIN stage_unit b ON b.unit = i.unit WHERE a.dim <> b.dim",
         lambda v: f"{v[0]} does not convert to {v[1]}, the unit {v[2]} is counted in"),
]

# Codes are the same whatever their case (lotline/codes.py): every rule below finds and groups lots by
# UPPER(code), through stage_lot_code (tables.INDEXES) and the ledger's lot_code_any_case.
DUPLICATE_LOTS_SQL = """SELECT s.src, s.line, s.code, f.src, f.line, f.code FROM stage_lot s
    JOIN (SELECT UPPER(code) AS code_key, MIN(n) AS first FROM stage_lot GROUP BY UPPER(code)
          HAVING COUNT(*) > 1) d ON d.code_key = UPPER(s.code)
    JOIN stage_lot f ON f.n = d.first WHERE s.n > d.first"""

EXISTING_LOTS_SQL = """SELECT s.n, s.src, s.line, s.code, l.code, s.kind, s.item_code, s.site_code, s.lot_date,
        s.quantity, s.discarded, s.unit, s.supplier_ref, s.supplier_lot,
        l.kind, i.code, t.code, l.lot_date, l.quantity, l.quantity_discarded, l.unit, p.ref, l.supplier_lot
    FROM stage_lot s JOIN lot l ON UPPER(l.code) = UPPER(s.code) JOIN item i ON i.id = l.item_id
    JOIN site t ON t.id = l.site_id LEFT JOIN supplier p ON p.id = l.supplier_id"""
COMPARED = ("kind", "item_code", "site_code", "lot_date", "quantity", "discarded", "unit", "supplier_ref",
            "supplier_lot")

def _found(columns: str, code: str, *, kind: str = "", none: str) -> str:
    """A row subquery: `columns` of the lot `code` names (in any case), from this import's own lots
    (s) if it is there, else from the ledger's (l), else the row `none` (the lot is unknown).

    The three branches exclude one another, so the answer does not hang on the order UNION ALL
    returns them in; and as LIMIT 1 stops at the first row, a lot of this import costs one lookup.
    """
    also = f" AND s.kind = '{kind}'" if kind else ""
    in_stage = f"SELECT 1 FROM stage_lot s WHERE UPPER(s.code) = UPPER({code}) AND s.skip = 0{also}"
    in_ledger = f"SELECT 1 FROM lot l WHERE UPPER(l.code) = UPPER({code}){also.replace('s.', 'l.')}"
    return (f"(SELECT {columns.format(t='s', known=1, old=0)} FROM stage_lot s WHERE UPPER(s.code) = UPPER({code}) "
            f"AND s.skip = 0{also} "
            f"UNION ALL SELECT {columns.format(t='l', known=1, old=1)} FROM lot l WHERE UPPER(l.code) = UPPER({code})"
            f"{also.replace('s.', 'l.')} AND NOT EXISTS ({in_stage}) "
            f"UNION ALL SELECT {none} WHERE NOT EXISTS ({in_stage}) AND NOT EXISTS ({in_ledger}) LIMIT 1)")


# What each staged input refers to: its batch and the lot it used. One pass over the inputs in the
# order they came, looking each code up in stage_lot's covering index (INDEXES); separate
# UPDATE ... FROM statements rewrote every input once each, in the order of the lots they joined.
# A code typed in another case becomes the lot's own (sj-20260304-a: SJ-20260304-A), so every
# later rule, and the event, name the lot as it is recorded.
RESOLVE_INPUTS = [
    "UPDATE stage_input SET (input_code, input_known, input_kind, input_unit, input_date, input_status, "
    "input_best_by) = "
    + _found("{t}.code, {known}, {t}.kind, {t}.unit, {t}.lot_date, {t}.status, {t}.best_by",
             "stage_input.input_code", none="stage_input.input_code, 0, NULL, NULL, NULL, NULL, NULL")
    + ", (batch_code, batch_known, batch_old, batch_date) = "
    + _found("{t}.code, {known}, {old}, {t}.lot_date", "stage_input.batch_code", kind="batch",
             none="stage_input.batch_code, 0, 0, NULL"),
    "UPDATE stage_input SET unit = input_unit WHERE unit = '' AND input_known = 1",
    # inputs of a batch recorded before are skipped when the very same consumption is already there
    "UPDATE stage_input SET skip = 1 WHERE batch_old = 1 AND EXISTS (SELECT 1 FROM lot_input li "
    "JOIN lot b ON b.id = li.batch_id JOIN lot i ON i.id = li.input_lot_id WHERE b.code = stage_input.batch_code "
    "AND i.code = stage_input.input_code AND li.unit = stage_input.unit "
    "AND ABS(li.quantity - stage_input.quantity) < 1e-9)",
]
# A staged quantity in the unit of the lot it comes out of (computed where used: a column would
# cost one more pass over every row)
# A quantity in the lot's unit, rounded to 6 places as the ledger stores it (units.convert): the
# balance of a lot is the sum of the rounded quantities, not of the exact conversions.
INPUT_QTY = ("ROUND(CAST(stage_input.quantity * (SELECT size FROM stage_unit u WHERE u.unit = stage_input.unit) "
             "/ (SELECT size FROM stage_unit u WHERE u.unit = stage_input.input_unit) AS NUMERIC), 6)")
SHIPPED_QTY = ("CASE WHEN stage_shipment.unit IS NULL THEN stage_shipment.quantity ELSE ROUND(CAST("
               "stage_shipment.quantity * (SELECT size FROM stage_unit u WHERE u.unit = stage_shipment.unit) "
               "/ (SELECT size FROM stage_unit u WHERE u.unit = stage_shipment.lot_unit) AS NUMERIC), 6) END")


INPUT_RULES: list[Rule | RowCheck] = [
    RowCheck(ErrorCode.UNKNOWN_BATCH, "batch_code", "s.batch_known = 0", ("batch_code",),
             lambda v: f"no batch {v[0]!r}: record the batch (batches.csv) along with its inputs"),
    RowCheck(ErrorCode.UNKNOWN_LOT, "input_code", "s.input_known = 0", ("input_code",),
             lambda v: f"unknown lot {v[0]!r}: not a received lot or batch code"),
    RowCheck(ErrorCode.CIRCULAR_INPUTS, "input_code", "s.batch_code = s.input_code", ("batch_code",),
             lambda v: f"batch {v[0]} cannot use itself"),
    Rule(ErrorCode.UNIT_MISMATCH, "unit",
         "SELECT s.src, s.line, s.unit, s.input_unit, s.input_code FROM stage_input s "
         "JOIN stage_unit a ON a.unit = s.unit JOIN stage_unit b ON b.unit = s.input_unit WHERE a.dim <> b.dim",
         lambda v: f"{v[0]} does not convert to {v[1]}, the unit lot {v[2]} is counted in"),
    RowCheck(ErrorCode.IMPOSSIBLE_DATE, "input_code", "s.input_date > s.batch_date",
             ("input_code", "input_date", "batch_code", "batch_date"),
             lambda v: f"lot {v[0]} is dated {v[1]}, after batch {v[2]} was made on {v[3]}"),
    RowCheck(ErrorCode.LOT_UNUSABLE, "input_code", "s.skip = 0 AND s.input_status IN ('on_hold', 'failed')",
             ("input_code", "input_status"),
             lambda v: f"lot {v[0]} is {v[1].replace('_', ' ')} and cannot be used"),
    RowCheck(ErrorCode.BATCH_ALREADY_RECORDED, "batch_code", "s.batch_old = 1 AND s.skip = 0", ("batch_code",),
             lambda v: f"batch {v[0]} was recorded before without this input; add inputs with `lotline add-inputs`"),
    RowCheck(ErrorCode.EXPIRED_INPUT, "input_code", EXPIRED_INPUT,
             ("input_code", "input_best_by", "batch_code", "batch_date"),
             lambda v: f"lot {v[0]} was past its best-by date ({day(v[1])}) when batch {v[2]} was made ({day(v[3])})",
             warns=True),
]
ADDING_INPUTS = ErrorCode.BATCH_ALREADY_RECORDED  # the one rule `add_inputs` lifts: adding is what it is for

# The lot each staged shipment gives out, in one pass (as for the inputs, above).
RESOLVE_SHIPMENTS = [
    "UPDATE stage_shipment SET (lot_code, lot_known, lot_unit, lot_date, lot_status) = "
    + _found("{t}.code, {known}, {t}.unit, {t}.lot_date, {t}.status", "stage_shipment.lot_code",
             none="stage_shipment.lot_code, 0, NULL, NULL, NULL"),
    "UPDATE stage_shipment SET skip = 1 WHERE EXISTS (SELECT 1 FROM shipment sh JOIN lot l ON l.id = sh.lot_id "
    "JOIN customer c ON c.id = sh.customer_id WHERE sh.ref = stage_shipment.ref "
    "AND l.code = stage_shipment.lot_code AND c.ref = stage_shipment.customer_ref "
    f"AND sh.shipped_on = stage_shipment.shipped_on AND ABS(sh.quantity - {SHIPPED_QTY}) < 1e-6)",
]

SHIPMENT_RULES: list[Rule | RowCheck] = [
    Rule(ErrorCode.DUPLICATE_CODE, "ref",
         "SELECT s.src, s.line, s.ref FROM stage_shipment s JOIN (SELECT ref, MIN(n) AS first FROM stage_shipment "
         "GROUP BY ref HAVING COUNT(*) > 1) d ON d.ref = s.ref WHERE s.n > d.first",
         lambda v: f"shipment {v[0]} appears twice"),
    RowCheck(ErrorCode.DUPLICATE_CODE, "ref", "s.skip = 0 AND EXISTS (SELECT 1 FROM shipment sh WHERE sh.ref = s.ref)",
             ("ref",), lambda v: f"shipment {v[0]} is already recorded with different data"),
    RowCheck(ErrorCode.UNKNOWN_LOT, "lot_code", "s.lot_known = 0", ("lot_code",),
             lambda v: f"unknown lot {v[0]!r}: not a batch or received lot code"),
    RowCheck(ErrorCode.UNKNOWN_CUSTOMER, "customer_ref",
             "NOT EXISTS (SELECT 1 FROM customer c WHERE c.ref = s.customer_ref)",
             ("customer_ref",), lambda v: f"unknown customer {v[0]!r}: add it to the catalog (customers.csv) first"),
    Rule(ErrorCode.UNIT_MISMATCH, "unit",
         "SELECT s.src, s.line, s.unit, s.lot_unit, s.lot_code FROM stage_shipment s "
         "JOIN stage_unit a ON a.unit = s.unit JOIN stage_unit b ON b.unit = s.lot_unit WHERE a.dim <> b.dim",
         lambda v: f"{v[0]} does not convert to {v[1]}, the unit lot {v[2]} is counted in"),
    RowCheck(ErrorCode.IMPOSSIBLE_DATE, "shipped_on", "s.shipped_on < s.lot_date",
             ("shipped_on", "lot_code", "lot_date"),
             lambda v: f"shipped on {v[0]}, before lot {v[1]} existed ({v[2]})"),
    # (a row already recorded is skipped, not refused: the lot may have been held since)
    RowCheck(ErrorCode.LOT_UNUSABLE, "lot_code", "s.skip = 0 AND s.lot_status IN ('on_hold', 'failed')",
             ("lot_code", "lot_status"),
             lambda v: f"lot {v[0]} is {v[1].replace('_', ' ')} and cannot be shipped"),
]


def _run(stage: Stage, table: str, rules: list[Rule | RowCheck]) -> None:
    """Check the rules in order; each reports at most ROW_LIMIT rows, the first ones of the table
    (a warning counts every row it finds, in stage.warning_counts)."""
    checks = [r for r in rules if isinstance(r, RowCheck)]
    broken, counts = _scan(table, checks)
    with connection.cursor() as cur:
        for rule in rules:
            if isinstance(rule, RowCheck):
                rows = broken[id(rule)]
            else:
                cur.execute(f"{rule.sql} LIMIT {ROW_LIMIT}")
                rows = cur.fetchall()
            say = stage.warning if isinstance(rule, RowCheck) and rule.warns else stage.problem
            for src, line, *values in rows:
                say(src, line, rule.column, rule.code, rule.message(values))
    for check in checks:
        if check.warns and counts[id(check)]:
            stage.warning_counts[check.code] = stage.warning_counts.get(check.code, 0) + counts[id(check)]


def _scan(table: str, checks: list[RowCheck]) -> tuple[dict[int, list[tuple]], dict[int, int]]:
    """(src, line, values) of the first ROW_LIMIT rows breaking each check, in one pass over `table`,
    and how many rows break each (complete unless every check has found ROW_LIMIT rows)."""
    broken: dict[int, list[tuple]] = {id(c): [] for c in checks}
    counts = dict.fromkeys(broken, 0)
    if not checks:
        return broken, counts
    flags = ", ".join(f"CASE WHEN {c.where} THEN 1 ELSE 0 END" for c in checks)
    columns = sorted({v for c in checks for v in c.values})
    where = " OR ".join(f"({c.where})" for c in checks)
    at = {name: i + 2 for i, name in enumerate(columns)}  # after src, line
    lists = [(broken[id(c)], [at[v] for v in c.values], id(c)) for c in checks]
    # a streaming cursor (server-side on PostgreSQL): a bad file may break a rule on every row
    with connection.chunked_cursor() as cur:
        cur.execute(f"SELECT s.src, s.line, {', '.join(f's.{c}' for c in columns)}, {flags} "
                    f"FROM {table} s WHERE {where}")
        while rows := cur.fetchmany(2000):
            for row in rows:
                for (found, places, key), flag in zip(lists, row[-len(checks):], strict=True):
                    if flag:
                        counts[key] += 1
                        if len(found) < ROW_LIMIT:
                            found.append((row[0], row[1], *(row[p] for p in places)))
            if all(len(found) >= ROW_LIMIT for found, _places, _key in lists):
                break
    return broken, counts


def _execute_all(statements: list[str]) -> None:
    with connection.cursor() as cur:
        for sql in statements:
            cur.execute(sql)


def _same(a: object, b: object) -> bool:
    if a is None or b is None or a == "" or b == "":
        return (a or "") == (b or "")
    try:
        return Decimal(str(a)) == Decimal(str(b))
    except ArithmeticError:
        return str(a) == str(b)


def _as(recorded: str, code: str) -> str:
    return f", as {recorded}: codes are the same whatever their case" if recorded != code else ""


def _check_existing_lots(stage: Stage) -> int:
    """A lot already in the ledger is skipped when it is the same lot, refused when it differs."""
    identical = array("q")  # row numbers only, 8 bytes each: a re-import may match a million lots
    with connection.cursor() as cur:
        cur.execute(DUPLICATE_LOTS_SQL + f" LIMIT {ROW_LIMIT}")
        for src, line, code, first_src, first_line, first_code in cur.fetchall():
            first = stage.sources[first_src].place(first_line) + _as(first_code, code)
            stage.problem(src, line, "code", ErrorCode.DUPLICATE_CODE,
                          f"lot code {code} is used twice (first at {first})")
        cur.execute(EXISTING_LOTS_SQL)
        while rows := cur.fetchmany(5000):
            for row in rows:
                n, src, line, code, recorded, staged, stored = row[0], row[1], row[2], row[3], row[4], row[5:14], \
                    row[14:]
                if recorded != code:
                    stage.problem(src, line, "code", ErrorCode.DUPLICATE_CODE,
                                  f"lot code {code} is already recorded{_as(recorded, code)}")
                    continue
                diff = [name for name, a, b in zip(COMPARED, staged, stored, strict=True) if not _same(a, b)]
                if diff:
                    was = ", ".join(f"{name} {b} not {a}" for name, a, b in zip(COMPARED, staged, stored,
                                                                               strict=True) if name in diff)
                    stage.problem(src, line, "code", ErrorCode.DUPLICATE_CODE,
                                  f"lot code {code} is already recorded with other data ({was})")
                else:
                    identical.append(n)
        for start in range(0, len(identical), 10_000):  # in chunks: Django's executemany keeps all it is given
            chunk = [(n,) for n in identical[start:start + 10_000]]
            cur.executemany("UPDATE stage_lot SET skip = 1 WHERE n = %s", chunk)
    return len(identical)


def _check_cycles(stage: Stage) -> None:
    """Dates only rise along inputs, so a loop can only join batches made on the same day."""
    with connection.cursor() as cur:
        cur.execute("SELECT src, line, batch_code, input_code FROM stage_input WHERE skip = 0 "
                    "AND input_kind = 'batch' AND input_date = batch_date")
        edges = cur.fetchall()
    uses: dict[str, list[str]] = {}
    for _src, _line, batch, used in edges:
        uses.setdefault(batch, []).append(used)
    for src, line, batch, used in edges:
        seen, todo = set(), [used]
        while todo:
            code = todo.pop()
            if code == batch:
                stage.problem(src, line, "input_code", ErrorCode.CIRCULAR_INPUTS,
                              f"batch {batch} would end up inside itself through {used}")
                return
            if code not in seen:
                seen.add(code)
                todo.extend(uses.get(code, ()))


BALANCE_SQL = [
    "DELETE FROM stage_avail",
    "INSERT INTO stage_avail (code, avail) SELECT code, quantity - discarded FROM stage_lot WHERE skip = 0",
    f"""INSERT INTO stage_avail (code, avail) SELECT l.code, {ON_HAND_SQL} FROM lot l WHERE l.code IN (
        SELECT input_code FROM stage_input WHERE skip = 0 UNION SELECT lot_code FROM stage_shipment WHERE skip = 0)
        AND NOT EXISTS (SELECT 1 FROM stage_avail a WHERE a.code = l.code)""",
]
TAKES = f"""SELECT src, line, input_code AS code, batch_date AS day, 0 AS kind, n, {INPUT_QTY} AS qty,
        input_unit AS unit FROM stage_input WHERE skip = 0
    UNION ALL SELECT src, line, lot_code, shipped_on, 1, n, {SHIPPED_QTY}, lot_unit FROM stage_shipment
        WHERE skip = 0"""
OVERDRAWN_SQL = f"""SELECT t.code, SUM(t.qty) FROM ({TAKES}) t GROUP BY t.code
    HAVING SUM(t.qty) > (SELECT a.avail FROM stage_avail a WHERE a.code = t.code) + {EPSILON}"""
FIRST_OVERDRAW_SQL = f"""SELECT src, line, code, total, avail, unit FROM (
    SELECT r.src, r.line, r.code, r.total, a.avail, r.unit,
           ROW_NUMBER() OVER (PARTITION BY r.code ORDER BY r.total) AS k
    FROM (SELECT t.*, SUM(t.qty) OVER (PARTITION BY t.code ORDER BY t.day, t.kind, t.n
                                       ROWS UNBOUNDED PRECEDING) AS total
          FROM ({TAKES}) t WHERE t.code IN (%s)) r
    JOIN stage_avail a ON a.code = r.code WHERE r.total > a.avail + {EPSILON}) o WHERE k = 1"""


def _check_balances(stage: Stage, findings: Findings, *, allow_overdraw: bool) -> None:
    """A batch may not use, nor a customer receive, more than a lot holds (made - discarded - taken)."""
    with connection.cursor() as cur:
        cur.execute("SELECT 1 FROM lot LIMIT 1")
        ledger_has_lots = cur.fetchone() is not None
    # On an empty ledger the third statement finds nothing, but only after gathering every staged
    # code (millions, on a first import): skip it.
    _execute_all(BALANCE_SQL if ledger_has_lots else BALANCE_SQL[:2])
    with connection.cursor() as cur:
        cur.execute(OVERDRAWN_SQL)
        overdrawn = [code for code, _total in cur.fetchall()]
        if not overdrawn:
            return
        examples = overdrawn[: (20 if allow_overdraw else ROW_LIMIT)]
        cur.execute(FIRST_OVERDRAW_SQL % ", ".join(["%s"] * len(examples)), examples)
        rows = sorted(cur.fetchall(), key=lambda r: (r[0], r[1]))
    before = len(stage.problems)
    for src, line, code, total, avail, unit in rows:
        stage.problem(src, line, "quantity", ErrorCode.MORE_THAN_ON_HAND,
                      f"lot {code} holds {said(avail, unit)}, but this row brings what is taken to {shown(total)}")
    if allow_overdraw:
        findings.warnings.extend(stage.problems[before:])
        findings.skipped["overdrawn_lots"] = len(overdrawn)
        del stage.problems[before:]


# PostgreSQL keeps no statistics of temporary tables until they are analysed, and plans a streaming
# cursor (the checks read theirs in chunks) for its first rows: on an unanalysed stage_lot it guessed
# 2 batches and 200 distinct input batch codes, and ran the no-inputs check as a nested loop over
# 100k x 100k rows (296 s of a 347 s import of 100k batches). Staging this many rows analyses them.
STAGED_ROWS_ANALYSED = 1000


def _analyse_staged(stage: Stage) -> None:
    """PostgreSQL: give the planner the staging tables' statistics (SQLite's planner needs none)."""
    if connection.vendor != "postgresql" or sum(stage.counts.values()) < STAGED_ROWS_ANALYSED:
        return
    with connection.cursor() as cur:
        cur.execute("ANALYZE stage_lot, stage_input, stage_shipment")


def validate(stage: Stage, *, allow_overdraw: bool = False) -> Findings:
    """Check every staged row against the catalog, the ledger and each other."""
    _execute_all(INDEXES)
    _analyse_staged(stage)
    findings = Findings()
    _run(stage, "stage_lot", LOT_RULES)
    findings.skipped["lots"] = _check_existing_lots(stage)
    if stage.counts["inputs"]:
        _execute_all(RESOLVE_INPUTS)
        _run(stage, "stage_input", [r for r in INPUT_RULES if not (stage.adding_inputs and r.code == ADDING_INPUTS)])
        _check_cycles(stage)
    if stage.counts["shipments"]:
        _execute_all(RESOLVE_SHIPMENTS)
        _run(stage, "stage_shipment", SHIPMENT_RULES)
    with connection.cursor() as cur:
        for table in ("inputs", "shipments"):
            cur.execute(f"SELECT COUNT(*) FROM stage_{table[:-1]} WHERE skip = 1")
            findings.skipped[table] = cur.fetchone()[0]
    if stage.counts["lots"]:
        check_no_inputs(stage, limit=ROW_LIMIT)
    if not stage.problems:  # balances only mean something once every row is otherwise sound
        _check_balances(stage, findings, allow_overdraw=allow_overdraw)
    findings.problems = stage.problems
    findings.warnings[:0] = stage.warnings
    findings.warning_counts = stage.warning_counts
    return findings

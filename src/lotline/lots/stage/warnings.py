"""The warnings a staged write records anyway (an import lists them; a form asks to confirm them):
an input used past its best-by date, and a batch nothing went into. Each is found once over the
staging tables, counted, and named again in the event of the chunk that holds its rows (emit.py).
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right

from django.db import connection

from lotline.errors import ErrorCode

from .tables import Stage

# An input used after its best-by date: the lot's best-by is before the day the batch was made.
EXPIRED_INPUT = "s.skip = 0 AND s.input_best_by < s.batch_date"

# A batch nothing went into: nothing traceable went in (a batch's inputs come in the write that
# records it). An anti-join against the batch codes the inputs name, each once: SQLite indexes
# that list on the fly and PostgreSQL hashes it (a correlated NOT EXISTS scanned every input per
# batch on SQLite: 100k batches by 400k inputs never finished).
NO_INPUTS_SQL = """SELECT s.n, s.src, s.line, s.code FROM stage_lot s
    LEFT JOIN (SELECT DISTINCT batch_code FROM stage_input) i ON i.batch_code = s.code
    WHERE s.kind = 'batch' AND s.skip = 0 AND i.batch_code IS NULL ORDER BY s.n"""

# The lines of a chunk of staged inputs (n from %s to %s) used past their best-by date: an import
# records them anyway and names them in the chunk's event (emit.py).
EXPIRED_LINES_SQL = f"SELECT s.line FROM stage_input s WHERE s.n BETWEEN %s AND %s AND {EXPIRED_INPUT} ORDER BY s.n"


def warned_lines(stage: Stage, key: str, first: int, last: int) -> dict[ErrorCode, list[int]]:
    """{warning code: [line, ...]} of the staged rows first..last (n) of payload table `key`."""
    found: dict[ErrorCode, list[int]] = {}
    if key == "inputs" and stage.warning_counts.get(ErrorCode.EXPIRED_INPUT):
        with connection.cursor() as cur:
            cur.execute(EXPIRED_LINES_SQL, [first, last])
            if lines := [line for (line,) in cur.fetchall()]:
                found[ErrorCode.EXPIRED_INPUT] = lines
    if key == "batches" and stage.unfed:
        numbers, unfed_lines = stage.unfed
        start, end = bisect_left(numbers, first), bisect_right(numbers, last)
        if end > start:
            found[ErrorCode.NO_INPUTS] = list(unfed_lines[start:end])
    return found


def check_no_inputs(stage: Stage, *, limit: int) -> None:
    """Warn about each batch recorded with no input: the first `limit` named, every one kept (its
    row number and line, 16 bytes) for the events to name."""
    numbers, lines = array("q"), array("q")
    with connection.chunked_cursor() as cur:
        cur.execute(NO_INPUTS_SQL)
        while rows := cur.fetchmany(2000):
            for n, src, line, code in rows:
                if len(numbers) < limit:
                    stage.warning(src, line, "inputs", ErrorCode.NO_INPUTS,
                                  f"no lot or batch went into batch {code}: nothing traceable went in")
                numbers.append(n)
                lines.append(line)
    if numbers:
        stage.unfed = (numbers, lines)
        stage.warning_counts[ErrorCode.NO_INPUTS] = stage.warning_counts.get(ErrorCode.NO_INPUTS, 0) + len(numbers)

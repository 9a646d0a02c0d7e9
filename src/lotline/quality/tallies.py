"""What `verify` checks of the lab results on every run (ledger/tallies.py): per result, its lot,
analyte, value or finding, unit, judgement, certificate and the results that corrects it, once from
the events and once from the table. A result changed, added or removed in the table alone differs."""

from __future__ import annotations

from lotline.ledger.kinds import EventKind as K
from lotline.ledger.tallies import Sql, tally

from .models import RESULT_PREFIX

COLUMNS = "result lot analyte value finding unit in_spec coa event_seq corrected_by"
KINDS = f"('{K.RESULTS_RECORDED}', '{K.RESULT_CORRECTED}')"


def _judged(x: str) -> str:
    """A judgement as 1, 0 or NULL alike from JSON (true on PostgreSQL, 1 on SQLite) and from a boolean column."""
    return f"CASE WHEN CAST({x} AS TEXT) IN ('1', 'true') THEN 1 WHEN CAST({x} AS TEXT) IN ('0', 'false') THEN 0 END"


def results_from_events(q: Sql) -> str:
    p, c = q.payload, q.cell
    return f"""WITH rows AS (
        SELECT e.seq, e.kind, {p} ->> 'lot' AS lot, COALESCE({p} -> 'coa' ->> 'sha256', '') AS coa,
               {p} ->> 'corrects' AS corrects, {c(0)} AS result, {c(1)} AS analyte, {c(3)} AS value,
               {c(4)} AS finding, {c(5)} AS unit, {c(8)} AS in_spec
        FROM {q.rows('results')} WHERE e.kind IN {KINDS})
    SELECT r.result, r.lot, r.analyte, {q.amount('r.value')} AS value, r.finding, r.unit,
           {_judged('r.in_spec')} AS in_spec, r.coa, r.seq AS event_seq, fix.result AS corrected_by
    FROM rows r LEFT JOIN rows fix ON fix.corrects = r.result"""


def results_from_tables(q: Sql) -> str:
    return f"""SELECT '{RESULT_PREFIX}' || CAST(r.number AS TEXT) AS result, l.code AS lot, r.analyte,
           {q.amount('r.value')} AS value, r.text AS finding, r.unit,
           CASE WHEN r.in_spec THEN 1 WHEN NOT r.in_spec THEN 0 END AS in_spec, r.coa_sha256 AS coa, r.event_seq,
           '{RESULT_PREFIX}' || CAST(r.corrected_by AS TEXT) AS corrected_by
    FROM quality_result r JOIN lot l ON l.id = r.lot_id"""


tally("per lab result", COLUMNS, amounts="value", from_events=results_from_events, from_tables=results_from_tables)

"""What `verify` checks of the process values on every run (ledger/tallies.py): per batch and field,
the current value, text and the event that recorded it, once from the `process.recorded` events (the
latest row of each batch and field) and once from process_value. A value changed, removed or
re-dated in the table alone differs; the history of corrected values is left to `verify --rebuild`."""

from __future__ import annotations

from lotline.ledger.kinds import EventKind as K
from lotline.ledger.tallies import Sql, tally

COLUMNS = "batch_field value text event_seq"


def values_from_events(q: Sql) -> str:
    p = q.payload
    return f"""SELECT batch_field, value, text, event_seq FROM (
        SELECT ({p} ->> 'batch') || ' ' || ({q.cell(0)}) AS batch_field, {q.amount(q.cell(1))} AS value,
               {q.cell(2)} AS text, e.seq AS event_seq,
               ROW_NUMBER() OVER (PARTITION BY {p} ->> 'batch', {q.cell(0)} ORDER BY e.seq DESC) AS latest
        FROM {q.rows('values')} WHERE e.kind = '{K.PROCESS_RECORDED}') v WHERE latest = 1"""


def values_from_tables(q: Sql) -> str:
    return f"""SELECT l.code || ' ' || f.code AS batch_field, {q.amount('v.value')} AS value, v.text,
               v.event_seq FROM process_value v JOIN lot l ON l.id = v.batch_id
               JOIN process_field f ON f.id = v.field_id WHERE v.superseded_seq IS NULL"""


tally("per batch's process value", COLUMNS, amounts="value", from_events=values_from_events,
      from_tables=values_from_tables)

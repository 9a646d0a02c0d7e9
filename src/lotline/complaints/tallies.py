"""What `verify` checks of the complaint table on every run (ledger/tallies.py): per complaint, its
customer, the lot it points at (the last one picked), its status and the events that recorded and
last changed it, once from the events and once from the table. A complaint added, removed, moved
to another customer or lot, or given another status in the table alone differs; an edit of its
words is left to `verify --rebuild`."""

from __future__ import annotations

from lotline.ledger.kinds import EventKind as K
from lotline.ledger.tallies import Sql, tally

from .models import PREFIX

COLUMNS = "complaint customer lot status event_seq changed_seq"


def complaints_from_events(q: Sql) -> str:
    p = q.payload
    return f"""WITH
    ev AS (SELECT e.seq, e.kind, {p} ->> 'complaint' AS complaint, {p} ->> 'lot' AS lot,
                  {p} ->> 'status' AS status
           FROM ledger_event e
           WHERE e.kind IN ('{K.COMPLAINT_RECORDED}', '{K.COMPLAINT_ANSWERED}', '{K.COMPLAINT_LOT_PICKED}')),
    recorded AS (SELECT e.seq, {p} ->> 'complaint' AS complaint, {p} ->> 'customer' AS customer
                 FROM ledger_event e WHERE e.kind = '{K.COMPLAINT_RECORDED}'),
    lots AS (SELECT complaint, lot FROM (
                 SELECT complaint, lot, ROW_NUMBER() OVER (PARTITION BY complaint ORDER BY seq DESC) AS n
                 FROM ev WHERE kind IN ('{K.COMPLAINT_RECORDED}', '{K.COMPLAINT_LOT_PICKED}')) x WHERE n = 1),
    statuses AS (SELECT complaint, status FROM (
                     SELECT complaint, status, ROW_NUMBER() OVER (PARTITION BY complaint ORDER BY seq DESC) AS n
                     FROM ev WHERE kind = '{K.COMPLAINT_ANSWERED}') x WHERE n = 1),
    changed AS (SELECT complaint, MAX(seq) AS seq FROM ev GROUP BY complaint)
    SELECT r.complaint, r.customer, lo.lot, COALESCE(st.status, 'open') AS status, r.seq AS event_seq,
           ch.seq AS changed_seq
    FROM recorded r LEFT JOIN lots lo ON lo.complaint = r.complaint
    LEFT JOIN statuses st ON st.complaint = r.complaint LEFT JOIN changed ch ON ch.complaint = r.complaint"""


def complaints_from_tables(q: Sql) -> str:
    return f"""SELECT '{PREFIX}' || CAST(c.number AS TEXT) AS complaint, cu.ref AS customer, l.code AS lot, c.status,
           c.event_seq, c.changed_seq
    FROM complaint c JOIN customer cu ON cu.id = c.customer_id LEFT JOIN lot l ON l.id = c.lot_id"""


tally("per complaint", COLUMNS, amounts="", from_events=complaints_from_events, from_tables=complaints_from_tables)

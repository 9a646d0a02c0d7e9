"""What `verify` checks of the recall tables on every run (ledger/tallies.py): per case, its kind,
its status after the last close, reopen or drill report, how many lots and shipments its scope holds, the units
they shipped, how many actions it has and the units counted, returned and destroyed; per lot of a
case's scope, its role and depth. A scope row deleted to hide a lot from a recall, or a count
changed, names the case.
"""

from __future__ import annotations

from lotline.ledger.kinds import EventKind as K
from lotline.ledger.tallies import Sql, tally

SCOPE_EVENTS = f"'{K.CASE_OPENED}', '{K.CASE_SCOPE_ADDED}'"
# the events that close a case: closing it, and a drill's report (which stops its clock)
CLOSING = f"'{K.CASE_CLOSED}', '{K.DRILL_REPORTED}'"
# every event of a case's timeline: the case.* events and a drill's report
ACTIONS = f"(e.kind LIKE 'case.%' OR e.kind = '{K.DRILL_REPORTED}')"


def _case(q: Sql) -> str:
    return f"({q.payload} ->> 'case')"


def cases_from_events(q: Sql) -> str:
    case = _case(q)
    return f"""WITH
    opened AS (SELECT {case} AS code, {q.payload} ->> 'kind' AS kind FROM ledger_event e
               WHERE e.kind = '{K.CASE_OPENED}'),
    moves AS (SELECT code, kind FROM (
                  SELECT {case} AS code, e.kind, ROW_NUMBER() OVER (PARTITION BY {case} ORDER BY e.seq DESC) AS latest
                  FROM ledger_event e WHERE e.kind IN ({CLOSING}, '{K.CASE_REOPENED}')) m
              WHERE latest = 1),
    scope AS (SELECT DISTINCT {case} AS code, {q.cell(0)} AS lot FROM {q.rows('scope')}
              WHERE e.kind IN ({SCOPE_EVENTS})),
    shipped AS (SELECT {case} AS code, COUNT(*) AS n, {q.total(q.cell(4))} AS total FROM {q.rows('shipments')}
                WHERE e.kind IN ({SCOPE_EVENTS}) GROUP BY {case}),
    acts AS (SELECT {case} AS code, COUNT(*) AS n, {q.total(f"{q.payload} ->> 'quantity'")} AS total
             FROM ledger_event e WHERE {ACTIONS} GROUP BY {case})
    SELECT o.code AS case_code, o.kind, CASE WHEN m.kind IN ({CLOSING}) THEN 'closed' ELSE 'open' END AS status,
           COALESCE(s.n, 0) AS lots, COALESCE(sh.n, 0) AS shipments, COALESCE(sh.total, 0) AS shipped,
           COALESCE(a.n, 0) AS actions, COALESCE(a.total, 0) AS quantity
    FROM opened o LEFT JOIN moves m ON m.code = o.code
    LEFT JOIN (SELECT code, COUNT(*) AS n FROM scope GROUP BY code) s ON s.code = o.code
    LEFT JOIN shipped sh ON sh.code = o.code
    LEFT JOIN acts a ON a.code = o.code"""


def cases_from_tables(q: Sql) -> str:
    return f"""SELECT c.code AS case_code, c.kind, c.status,
           (SELECT COUNT(*) FROM recall_case_lot cl WHERE cl.case_id = c.id) AS lots,
           (SELECT COUNT(*) FROM recall_case_shipment cs WHERE cs.case_id = c.id) AS shipments,
           COALESCE((SELECT {q.total('cs.quantity')} FROM recall_case_shipment cs WHERE cs.case_id = c.id), 0)
               AS shipped,
           (SELECT COUNT(*) FROM recall_action a WHERE a.case_id = c.id) AS actions,
           COALESCE((SELECT {q.total('a.quantity')} FROM recall_action a WHERE a.case_id = c.id), 0) AS quantity
    FROM recall_case c"""


def scope_from_events(q: Sql) -> str:
    case = _case(q)
    return f"""SELECT case_lot, role, depth FROM (
        SELECT {case} || ' ' || ({q.cell(0)}) AS case_lot, {q.cell(1)} AS role, CAST({q.cell(2)} AS TEXT) AS depth,
               ROW_NUMBER() OVER (PARTITION BY {case}, {q.cell(0)} ORDER BY e.seq DESC) AS latest
        FROM {q.rows('scope')} WHERE e.kind IN ({SCOPE_EVENTS})) s
    WHERE latest = 1"""


def scope_from_tables(q: Sql) -> str:
    return """SELECT c.code || ' ' || l.code AS case_lot, cl.role, CAST(cl.depth AS TEXT) AS depth
    FROM recall_case_lot cl JOIN recall_case c ON c.id = cl.case_id JOIN lot l ON l.id = cl.lot_id"""


tally("per case", "case_code kind status lots shipments shipped actions quantity", amounts="shipped quantity",
      from_events=cases_from_events, from_tables=cases_from_tables)
tally("per case lot", "case_lot role depth", amounts="", from_events=scope_from_events, from_tables=scope_from_tables)

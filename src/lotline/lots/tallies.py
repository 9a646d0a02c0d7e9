"""What `verify` checks of the lot tables on every run (ledger/tallies.py): per lot, its own row and
the count and sum of its movements; per customer, what they received. The columns of lot payload
rows are at fixed places (payloads.py), as the SQLite projectors read them.

A direct edit that adds, removes or re-points a row, or changes a quantity, a date, an item, a site
or a supplier of a lot, changes one of these rows. An edit that keeps every count and sum (a
shipment's date or reference document, a lot's best-by) is left to `verify --rebuild`.
"""

from __future__ import annotations

from lotline.ledger.kinds import EventKind as K
from lotline.ledger.tallies import Sql, tally

from .payloads import BATCH_COLUMNS, INPUT_COLUMNS, RECEIVED_COLUMNS, SHIPMENT_COLUMNS

R = {name: Sql.cell(i) for i, name in enumerate(RECEIVED_COLUMNS)}
B = {name: Sql.cell(i) for i, name in enumerate(BATCH_COLUMNS)}
I = {name: Sql.cell(i) for i, name in enumerate(INPUT_COLUMNS)}  # noqa: E741
S = {name: Sql.cell(i) for i, name in enumerate(SHIPMENT_COLUMNS)}
DISCARD_COLUMNS = ["lot", "quantity", "discarded_on", "reason"]  # services/corrections.py
D = {name: Sql.cell(i) for i, name in enumerate(DISCARD_COLUMNS)}

LOT_COLUMNS = ("code kind item site supplier lot_date quantity discarded_at_batch shipments shipped uses used "
               "inputs discards discarded holds open_holds")


def _shipments_kept(q: Sql) -> str:
    """Shipments as recorded, less those voided afterwards (a reference voided, then shipped again, counts)."""
    return f"""
    shipped AS (SELECT e.seq, {S['ref']} AS ref, {S['lot']} AS lot, {S['customer']} AS customer,
                       {S['quantity']} AS quantity
                FROM {q.rows('shipments')} WHERE e.kind = '{K.UNITS_SHIPPED}'),
    voided AS (SELECT {q.payload} ->> 'ref' AS ref, MAX(e.seq) AS seq FROM ledger_event e
               WHERE e.kind = '{K.SHIPMENT_VOIDED}' GROUP BY {q.payload} ->> 'ref'),
    kept AS (SELECT s.lot, s.customer, s.quantity FROM shipped s LEFT JOIN voided v ON v.ref = s.ref
             WHERE v.seq IS NULL OR v.seq < s.seq)"""


def lots_from_events(q: Sql) -> str:
    return f"""WITH
    lots AS MATERIALIZED (
        SELECT {R['code']} AS code, 'received' AS kind, {R['item']} AS item, {R['site']} AS site,
               {R['supplier']} AS supplier, {R['received_on']} AS lot_date, {R['quantity']} AS quantity,
               '0' AS discarded
        FROM {q.rows('lots')} WHERE e.kind = '{K.LOT_RECEIVED}'
        UNION ALL
        SELECT {B['code']}, 'batch', {B['product']}, {B['site']}, NULL, {B['produced_on']},
               {B['quantity_produced']}, {B['quantity_discarded']}
        FROM {q.rows('batches')} WHERE e.kind = '{K.BATCH_RECORDED}'),
    corrections AS (SELECT e.seq, {q.payload} ->> 'lot' AS code, {q.payload} -> 'changes' AS changes
                    FROM ledger_event e WHERE e.kind = '{K.LOT_CORRECTED}'),
    corrected AS (
        SELECT code, field, value FROM (
            SELECT c.code, f.field, c.changes ->> f.field AS value,
                   ROW_NUMBER() OVER (PARTITION BY c.code, f.field ORDER BY c.seq DESC) AS latest
            FROM corrections c CROSS JOIN (SELECT 'quantity' AS field UNION ALL SELECT 'quantity_discarded'
                                           UNION ALL SELECT 'lot_date') f
            WHERE c.changes ->> f.field IS NOT NULL) fields
        WHERE latest = 1),
    {_shipments_kept(q)},
    inputs AS (SELECT {I['batch']} AS batch, {I['lot']} AS lot, {I['quantity_in_lot_unit']} AS quantity
               FROM {q.rows('inputs')} WHERE e.kind IN ('{K.BATCH_RECORDED}', '{K.INPUTS_RECORDED}')),
    discards AS (SELECT {D['lot']} AS lot, {D['quantity']} AS quantity
                 FROM {q.rows('discards')} WHERE e.kind = '{K.UNITS_DISCARDED}'),
    holds AS (SELECT {q.payload} ->> 'lot' AS lot,
                     SUM(CASE WHEN e.kind = '{K.LOT_HELD}' THEN 1 ELSE 0 END) AS placed,
                     SUM(CASE WHEN e.kind = '{K.LOT_RELEASED}' THEN 1 ELSE 0 END) AS released
              FROM ledger_event e WHERE e.kind IN ('{K.LOT_HELD}', '{K.LOT_RELEASED}')
              GROUP BY {q.payload} ->> 'lot')
    SELECT l.code, l.kind, l.item, l.site, l.supplier, COALESCE(cd.value, l.lot_date) AS lot_date,
           {q.amount('COALESCE(cq.value, l.quantity)')} AS quantity,
           {q.amount('COALESCE(cx.value, l.discarded)')} AS discarded_at_batch,
           COALESCE(s.n, 0) AS shipments, COALESCE(s.total, 0) AS shipped,
           COALESCE(u.n, 0) AS uses, COALESCE(u.total, 0) AS used, COALESCE(i.n, 0) AS inputs,
           COALESCE(d.n, 0) AS discards, COALESCE(d.total, 0) AS discarded,
           COALESCE(h.placed, 0) AS holds, COALESCE(h.placed - h.released, 0) AS open_holds
    FROM lots l
    LEFT JOIN corrected cq ON cq.code = l.code AND cq.field = 'quantity'
    LEFT JOIN corrected cx ON cx.code = l.code AND cx.field = 'quantity_discarded'
    LEFT JOIN corrected cd ON cd.code = l.code AND cd.field = 'lot_date'
    LEFT JOIN (SELECT lot, COUNT(*) AS n, {q.total('quantity')} AS total FROM kept GROUP BY lot) s ON s.lot = l.code
    LEFT JOIN (SELECT lot, COUNT(*) AS n, {q.total('quantity')} AS total FROM inputs GROUP BY lot) u
        ON u.lot = l.code
    LEFT JOIN (SELECT batch, COUNT(*) AS n FROM inputs GROUP BY batch) i ON i.batch = l.code
    LEFT JOIN (SELECT lot, COUNT(*) AS n, {q.total('quantity')} AS total FROM discards GROUP BY lot) d
        ON d.lot = l.code
    LEFT JOIN holds h ON h.lot = l.code"""


def lots_from_tables(q: Sql) -> str:
    return f"""
    SELECT l.code, l.kind, it.code AS item, st.code AS site, sp.ref AS supplier, CAST(l.lot_date AS TEXT) AS lot_date,
           {q.amount('l.quantity')} AS quantity, {q.amount('l.quantity_discarded')} AS discarded_at_batch,
           COALESCE(s.n, 0) AS shipments, COALESCE(s.total, 0) AS shipped,
           COALESCE(u.n, 0) AS uses, COALESCE(u.total, 0) AS used, COALESCE(i.n, 0) AS inputs,
           COALESCE(d.n, 0) AS discards, COALESCE(d.total, 0) AS discarded,
           COALESCE(h.n, 0) AS holds, COALESCE(h.open, 0) AS open_holds
    FROM lot l JOIN item it ON it.id = l.item_id JOIN site st ON st.id = l.site_id
    LEFT JOIN supplier sp ON sp.id = l.supplier_id
    LEFT JOIN (SELECT lot_id, COUNT(*) AS n, {q.total('quantity')} AS total FROM shipment GROUP BY lot_id) s
        ON s.lot_id = l.id
    LEFT JOIN (SELECT input_lot_id, COUNT(*) AS n, {q.total('quantity_in_lot_unit')} AS total FROM lot_input
               GROUP BY input_lot_id) u ON u.input_lot_id = l.id
    LEFT JOIN (SELECT batch_id, COUNT(*) AS n FROM lot_input GROUP BY batch_id) i ON i.batch_id = l.id
    LEFT JOIN (SELECT lot_id, COUNT(*) AS n, {q.total('quantity')} AS total FROM discard GROUP BY lot_id) d
        ON d.lot_id = l.id
    LEFT JOIN (SELECT lot_id, COUNT(*) AS n, SUM(CASE WHEN released_seq IS NULL THEN 1 ELSE 0 END) AS open
               FROM hold GROUP BY lot_id) h ON h.lot_id = l.id"""


def customers_from_events(q: Sql) -> str:
    return f"""WITH {_shipments_kept(q)}
    SELECT customer, COUNT(*) AS shipments, {q.total('quantity')} AS shipped FROM kept GROUP BY customer"""


def customers_from_tables(q: Sql) -> str:
    return f"""SELECT c.ref AS customer, COUNT(*) AS shipments, {q.total('s.quantity')} AS shipped
    FROM shipment s JOIN customer c ON c.id = s.customer_id GROUP BY c.ref"""


tally("per lot", LOT_COLUMNS, amounts="quantity discarded_at_batch shipped used discarded",
      from_events=lots_from_events, from_tables=lots_from_tables)
tally("per customer", "customer shipments shipped", amounts="shipped", from_events=customers_from_events,
      from_tables=customers_from_tables)

"""The trace engine's SQL: recursive CTEs over the indexed link table `lot_input`.

Each walk is one statement whose cost grows with the number of links it returns, never with the
size of the ledger: every step is an index range scan (see the indexes on LotInput and Shipment).
`UNION` (not `UNION ALL`) visits each lot once, so diamonds and rework cannot blow up or loop.
"""

# {start} is a list of "%s" placeholders, one per starting lot id.

# Every link upstream of the start lots: (consuming batch, input lot, quantities) + the input lot.
# Serves trace_back; walks input_back_idx (batch_id, input_lot_id).
BACK_EDGES = """
WITH RECURSIVE up(id) AS (
    SELECT id FROM lot WHERE id IN ({start})
    UNION
    SELECT li.input_lot_id FROM lot_input li JOIN up ON li.batch_id = up.id
)
SELECT li.batch_id, li.input_lot_id, li.quantity, li.unit, li.quantity_in_lot_unit
FROM up JOIN lot_input li ON li.batch_id = up.id
"""

# Every link downstream of the start lots: (input lot, batch that used it, quantities).
# Serves trace_forward and recall; walks input_forward_idx (input_lot_id, batch_id).
FORWARD_EDGES = """
WITH RECURSIVE down(id) AS (
    SELECT id FROM lot WHERE id IN ({start})
    UNION
    SELECT li.batch_id FROM lot_input li JOIN down ON li.input_lot_id = down.id
)
SELECT li.batch_id, li.input_lot_id, li.quantity, li.unit, li.quantity_in_lot_unit
FROM down JOIN lot_input li ON li.input_lot_id = down.id
"""

# The lots of a trace, with what a person needs to act on them. {ids}: placeholders.
LOT_DETAILS = """
SELECT l.id, l.code, l.kind, i.code, i.name, l.lot_date, l.quantity, l.quantity_discarded, l.unit, l.status,
       t.code, COALESCE(p.ref, ''), COALESCE(p.name, ''), l.supplier_lot, i.allergens
FROM lot l JOIN item i ON i.id = l.item_id JOIN site t ON t.id = l.site_id
LEFT JOIN supplier p ON p.id = l.supplier_id
WHERE l.id IN ({ids})
"""

# Shipments of the lots of a trace. Walks shipment_lot_idx. The customers are read once each
# (CUSTOMERS), not once per shipment: a recall may hold thousands of shipments to hundreds of them.
SHIPMENTS = """
SELECT s.ref, s.lot_id, s.customer_id, s.shipped_on, s.quantity, s.reference_doc
FROM shipment s WHERE s.lot_id IN ({ids})
"""

CUSTOMERS = """
SELECT c.id, c.ref, c.name, c.kind, c.contact, c.address FROM customer c WHERE c.id IN ({ids})
"""

# Units discarded after the fact, per lot (rare: most lots have none).
DISCARDS = """
SELECT d.lot_id, SUM(d.quantity) FROM discard d WHERE d.lot_id IN ({ids}) GROUP BY d.lot_id
"""

# Received lots of one supplier (optionally one item) in a window of receiving dates.
# Walks lot_recall_idx (supplier_id, item_id, lot_date).
RECALLED_LOTS = """
SELECT l.id FROM lot l
WHERE l.kind = 'received' AND l.supplier_id = %s {item} AND l.lot_date BETWEEN %s AND %s
"""

# Batches of the given products made at the given sites in a period, oldest first.
# Walks lot_item_site_date_idx (item_id, site_id, lot_date).
PRODUCT_BATCHES = """
SELECT l.id, l.code FROM lot l
WHERE l.item_id IN (SELECT id FROM item WHERE code IN ({products}))
  AND l.site_id IN (SELECT id FROM site WHERE code IN ({sites}))
  AND l.lot_date BETWEEN %s AND %s AND l.kind = 'batch'
ORDER BY l.lot_date, l.code
"""


def marks(n: int) -> str:
    return ", ".join(["%s"] * n)

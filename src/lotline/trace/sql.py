"""The trace engine's SQL: one statement per trace, a recursive CTE over the link table `lot_input`.

The walk visits each lot once (`UNION`, not `UNION ALL`, so diamonds and rework cannot blow up or
loop), and every step is an index range scan: the cost grows with the answer, never with the size
of the ledger. The same statement then returns, as rows of several shapes (column 0 says which),
everything the answer needs: the lots with their details, the links between them and, going
forward, the shipments, the customers and the discards. One round trip, the walk done once.

Columns of every shape: shape, a, b, n1, n2, t1 .. t12 (two ids, two numbers, texts); NULL where unused.
Dates come as ISO text (CAST): the answer wants text, and Django's SQLite driver would otherwise
parse each into a date first (a recall of 1,000 batches and 3,000 shipments: 5 ms of 30).
"""

from __future__ import annotations

from lotline.lots.queries import SAME_CODE

NODE, LINK, SHIPMENT, CUSTOMER, DISCARD = 0, 1, 2, 3, 4

# The lots a trace starts from: the lot of our own code as typed, in any case (the common case;
# lots.queries.SAME_CODE, through lot_code_any_case), or the codes lookup found.
SEED_CODE = f"SELECT l.id FROM lot l WHERE {SAME_CODE}"
SEED_CODES = "SELECT id FROM lot WHERE code IN ({marks})"
SEED_IDS = "SELECT id FROM lot WHERE id IN ({marks})"
# A supplier recall starts from the lots received from one supplier (and item) in a window of
# receiving dates. Walks lot_recall_idx (supplier_id, item_id, lot_date).
SEED_RECALL = """SELECT id FROM lot
    WHERE kind = 'received' AND supplier_id = %s {item} AND lot_date BETWEEN %s AND %s"""

_WALKS = {
    # upstream: from a batch to what it used; walks input_back_idx (batch_id, input_lot_id)
    "back": "SELECT li.input_lot_id FROM lot_input li JOIN walk w ON li.batch_id = w.id",
    # downstream: from a lot to the batches that used it; walks input_forward_idx (input_lot_id, batch_id)
    "forward": "SELECT li.batch_id FROM lot_input li JOIN walk w ON li.input_lot_id = w.id",
}

_NODES = f"""SELECT {NODE}, l.id, NULL, l.quantity, l.quantity_discarded, l.code, l.kind, i.code, i.name,
        CAST(l.lot_date AS TEXT), l.unit, l.status, t.code, p.ref, p.name, l.supplier_lot, i.allergens
    FROM walk w JOIN lot l ON l.id = w.id JOIN item i ON i.id = l.item_id JOIN site t ON t.id = l.site_id
    LEFT JOIN supplier p ON p.id = l.supplier_id"""

_LINKS = {
    "back": f"""SELECT {LINK}, li.batch_id, li.input_lot_id, li.quantity, li.quantity_in_lot_unit, li.unit,
        NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
    FROM walk w JOIN lot_input li ON li.batch_id = w.id""",
    # every batch that used a lot of a forward trace is itself in the trace: these are all its uses
    "forward": f"""SELECT {LINK}, li.batch_id, li.input_lot_id, li.quantity, li.quantity_in_lot_unit, li.unit,
        NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
    FROM walk w JOIN lot_input li ON li.input_lot_id = w.id""",
}

def _customer(column: str) -> str:
    return f"(SELECT c.{column} FROM customer c WHERE c.id = sc.id)"


_SHIPMENTS = f"""
UNION ALL
SELECT {SHIPMENT}, s.lot_id, s.customer_id, s.quantity, NULL, s.ref, s.reference_doc, NULL, NULL,
        CAST(s.shipped_on AS TEXT), NULL, NULL, NULL, NULL, NULL, NULL, NULL
    FROM walk w JOIN shipment s ON s.lot_id = w.id"""

# Forward only: who received units (walks shipment_lot_idx), each customer once, and the units
# discarded. Written two ways, each planned well by its database:
# - SQLite joins the customers and discards of the lots found, through their indexes;
# - PostgreSQL cannot know how few lots a walk will find, and planned those joins as scans of the
#   whole customer and discard tables (1M-batch dataset, 50,000 customers: 3-6 ms of every forward
#   trace), so it looks each one up by key. (That form costs SQLite 1.8x on forward traces.)
_FORWARD_EXTRA = {
    "sqlite": _SHIPMENTS + f"""
UNION ALL
SELECT {CUSTOMER}, c.id, NULL, NULL, NULL, c.ref, c.kind, c.name, c.contact, NULL, c.address,
        c.city, c.state, c.zip_code, NULL, NULL, NULL
    FROM customer c WHERE c.id IN (SELECT s.customer_id FROM walk w JOIN shipment s ON s.lot_id = w.id)
UNION ALL
SELECT {DISCARD}, d.lot_id, NULL, SUM(d.quantity), NULL, NULL, NULL, NULL, NULL, NULL,
        NULL, NULL, NULL, NULL, NULL, NULL, NULL
    FROM walk w JOIN discard d ON d.lot_id = w.id GROUP BY d.lot_id""",
    "postgresql": _SHIPMENTS + f"""
UNION ALL
SELECT {CUSTOMER}, sc.id, NULL, NULL, NULL, {_customer("ref")}, {_customer("kind")}, {_customer("name")},
        {_customer("contact")}, NULL, {_customer("address")}, {_customer("city")}, {_customer("state")},
        {_customer("zip_code")}, NULL, NULL, NULL
    FROM (SELECT DISTINCT s.customer_id AS id FROM walk w JOIN shipment s ON s.lot_id = w.id) sc
UNION ALL
SELECT {DISCARD}, w.id, NULL, (SELECT SUM(d.quantity) FROM discard d WHERE d.lot_id = w.id), NULL, NULL, NULL, NULL,
        NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
    FROM walk w WHERE EXISTS (SELECT 1 FROM discard d WHERE d.lot_id = w.id)""",
}


def trace_sql(direction: str, seed: str) -> str:
    """The one statement of a trace `back` or `forward` from the lots `seed` selects."""
    from django.db import connection

    extra = _FORWARD_EXTRA["postgresql" if connection.vendor == "postgresql" else "sqlite"] \
        if direction == "forward" else ""
    return f"""WITH RECURSIVE walk(id) AS (
    {seed}
    UNION
    {_WALKS[direction]}
)
{_NODES}
UNION ALL
{_LINKS[direction]}{extra}"""


# Batches of the given products made at the given sites in a period, oldest first.
# Walks lot_item_site_date_idx (item_id, site_id, lot_date).
PRODUCT_BATCHES = """
SELECT l.id, l.code FROM lot l
WHERE l.item_id IN (SELECT id FROM item WHERE code IN ({products}))
  AND l.site_id IN (SELECT id FROM site WHERE code IN ({sites}))
  AND l.lot_date BETWEEN %s AND %s AND l.kind = 'batch'
ORDER BY l.lot_date, l.code
"""

# The details of given lots (the unaffected batches of a recall).
LOT_DETAILS = "WITH walk(id) AS (SELECT id FROM lot WHERE id IN ({marks})) " + _NODES


def nodes_sql(seed: str) -> str:
    """The details of the lots `seed` selects (their ids), as a trace's lot rows: a recall case's
    frozen scope is read so (recalls.queries), in the same shape as a trace's."""
    return f"WITH walk(id) AS ({seed}) {_NODES}"


def marks(n: int) -> str:
    return ", ".join(["%s"] * n)

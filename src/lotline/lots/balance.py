"""Units on hand, derived from the movements: made - discarded - shipped - consumed.

One SQL expression, used by every query and rule that needs a balance, so they cannot disagree.
"""

# `l` is the lot table's alias; the result is in the lot's own unit, rounded to the places quantities
# are kept in (SQLite adds in binary floating point: 20 - 12.1 - 7.9 would not be exactly 0).
ON_HAND_SQL = """ROUND(l.quantity - l.quantity_discarded
    - COALESCE((SELECT SUM(d.quantity) FROM discard d WHERE d.lot_id = l.id), 0)
    - COALESCE((SELECT SUM(i.quantity_in_lot_unit) FROM lot_input i WHERE i.input_lot_id = l.id), 0)
    - COALESCE((SELECT SUM(s.quantity) FROM shipment s WHERE s.lot_id = l.id), 0), 6)"""

# Rounding slack when comparing a balance with what is taken from it.
EPSILON = 1e-6

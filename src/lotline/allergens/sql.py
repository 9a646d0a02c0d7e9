"""The allergens app's SQL, written once for SQLite and PostgreSQL.

A batch's allergens come from the lots it used: one recursive CTE over `lot_input` walks back from
the batches asked about (as trace.sql does: `UNION`, each lot once, every step an index range scan on
input_back_idx) and returns, as rows of two shapes (column 0), the lots found with what they bring
and the links between them. The paths ("because") are then found in Python from those links.
"""

from __future__ import annotations

from lotline.lots.queries import SAME_CODE

NODE, LINK = 0, 1

# Columns: shape, a, b, code, kind, item allergens, item may contain, lot allergens, lot may contain,
# equipment, site id, lot date (ISO text), event seq, item code, item declared statement
SEED_CODE = f"SELECT l.id FROM lot l WHERE {SAME_CODE}"  # our lot code as typed, in any case
SEED_IDS = "SELECT id FROM lot WHERE id IN ({marks})"
TREE = f"""WITH RECURSIVE walk(id) AS (
    {{seed}}
    UNION
    SELECT li.input_lot_id FROM lot_input li JOIN walk w ON li.batch_id = w.id
)
SELECT {NODE}, l.id, NULL, l.code, l.kind, i.allergens, i.may_contain, l.allergens, l.may_contain, l.equipment,
        l.site_id, CAST(l.lot_date AS TEXT), l.event_seq, i.code, i.declared
    FROM walk w JOIN lot l ON l.id = w.id JOIN item i ON i.id = l.item_id
UNION ALL
SELECT {LINK}, li.batch_id, li.input_lot_id, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
    FROM walk w JOIN lot_input li ON li.batch_id = w.id"""

# The last clean-down of one piece of equipment before a moment (its day, then its time): walks
# cleaning_equipment_idx (equipment_id, cleaned_on, cleaned_at) backwards, one row.
CLEANED_BEFORE = """SELECT CAST(cleaned_on AS TEXT), cleaned_at FROM equipment_cleaning
    WHERE equipment_id = %s AND (cleaned_on < %s OR (cleaned_on = %s AND cleaned_at < %s))
    ORDER BY cleaned_on DESC, cleaned_at DESC LIMIT 1"""

# The batches made at one site in a window of days whose equipment text mentions a word (the code or
# name of one piece of equipment, lower-cased, LIKE-escaped); each then parsed exactly in Python.
# With the time each was recorded (its event's), to place it against a cleaning.
MADE_ON = """SELECT l.id, l.code, l.equipment, CAST(l.lot_date AS TEXT), l.event_seq, e.recorded_at
    FROM lot l JOIN ledger_event e ON e.seq = l.event_seq
    WHERE l.kind = 'batch' AND l.site_id = %s AND l.lot_date BETWEEN %s AND %s
      AND ({mentions})"""
MENTION = "LOWER(l.equipment) LIKE %s ESCAPE '!'"

# When a batch was recorded (its event's time)
RECORDED_AT = "SELECT recorded_at FROM ledger_event WHERE seq = %s"

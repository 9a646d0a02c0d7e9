"""Allergens: a lot's Big 9 derived from what it used, cross-contact on shared equipment, clean-downs.

Design notes:
- A batch's `equipment` text names Equipment records by code or name, comma-separated, in any case
  ("stockpot 1, jar sterilizer" or "POT1, STERIL"), of the batch's site or of no site; words that name
  no record are ignored (they cannot be cleaned down either).
- Order on one piece of equipment: a batch is placed by its date, then its event (seq, then id); a
  clean-down by its day, then its time; a clean-down lies between two batches when it is after the
  earlier one's (date, time recorded) and before the later one's. queries.CROSS_CONTACT_RULE says it
  in one sentence on the lot page.
- Only what an earlier batch *contains* carries over (its may-contains do not: no chains of maybes).
"""

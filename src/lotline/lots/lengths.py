"""How long each text of a lot, a shipment, a discard or a hold may be: one number per field.

The models' max_length, the staging checks (a form's row and a file's row alike), the verbs that
take a reason or a correction, the pages' maxlength and the API's maxLength all read these numbers
(lotline/lengths.py says why the door must check them: SQLite would store anything).
"""

from __future__ import annotations

from lotline.lengths import too_long

LENGTHS: dict[str, int] = {
    "code": 64,  # our lot code or batch number
    "unit": 12,
    "supplier_lot": 80,  # the supplier's own lot code, as written
    "reference_doc_type": 40,  # invoice, bill of lading, batch sheet...
    "reference_doc": 80,
    "made_by": 120,
    "equipment": 250,
    "ref": 40,  # a shipment's reference
    "reason": 250,  # why units were discarded, or a lot held or released
    "tlc_source": 200,  # FSMA 204: the TLC source reference of a lot received (a GLN, a web address, a packer)
    "allergens": 120,  # Big 9 a supplier declared for one lot received, ';'-separated (stored as catalog.allergens)
    "may_contain": 120,
}


def too_long_for(field: str, value: str) -> str | None:
    """Why `value` does not fit `field`, or None when it does.

    A supplier's lot code is also stored upper-cased for lookup, and a few letters grow when
    upper-cased (ß becomes SS): that copy must fit its column too.
    """
    limit = LENGTHS[field]
    reason = too_long(value, limit)
    if reason is None and field == "supplier_lot" and len(value) * 3 > limit:  # no letter grows more than 3-fold
        from .projections import supplier_lot_key

        key = supplier_lot_key(value)
        if len(key) > limit:
            reason = f"at most {limit} characters in capitals (this has {len(key)})"
    return reason

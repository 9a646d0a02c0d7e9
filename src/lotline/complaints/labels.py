"""The code a customer reads off a scanned GS1 label: our lot (AI 10), and the unit's serial (AI 21).

A scanner types a GS1-128 or DataMatrix label as its element string: human-readable
"(01)09506000134352(17)271231(10)SJ-20260304-A(21)17", or raw, after a symbology mark such as "]C1"
or "]d2", with the group separator (GS, \\x1d) after each variable-length field. Anything else is a
code as typed, left to lots.queries.lookup (the one rule for codes).
"""

from __future__ import annotations

import re

GS = "\x1d"
SYMBOLOGY = re.compile(r"^\][A-Za-z]\d")  # ]C1 (GS1-128), ]d2 (DataMatrix), ]Q3 (QR)
PARENTHESISED = re.compile(r"\((\d{2,4})\)([^(]*)")
# The fixed lengths of the AIs a food label carries before its lot: GTIN, dates, net weights
FIXED = {"00": 18, "01": 14, "02": 14, "11": 6, "12": 6, "13": 6, "15": 6, "16": 6, "17": 6}
VARIABLE = {"10", "21", "22", "240", "241"}
LOT, SERIAL = "10", "21"


def element_strings(text: str) -> dict[str, str]:
    """The AIs of a GS1 element string and their values; {} when the text is not one."""
    text = text.strip()
    if text.startswith("(") and (found := PARENTHESISED.findall(text)):
        return {ai: value.strip() for ai, value in found}
    if not SYMBOLOGY.match(text):
        return {}
    return _raw(text[3:])


def _raw(rest: str) -> dict[str, str]:
    fields: dict[str, str] = {}
    while rest:
        rest = rest.lstrip(GS)
        ai = next((a for a in (rest[:2], rest[:3]) if a in FIXED or a in VARIABLE), None)
        if ai is None:
            return fields  # an AI this reader does not know: the lot, if any, was read before it
        rest = rest[len(ai):]
        if ai in FIXED:
            fields[ai], rest = rest[:FIXED[ai]], rest[FIXED[ai]:]
        else:
            value, _gs, rest = rest.partition(GS)
            fields[ai] = value
    return fields


def code_on_label(text: str) -> str:
    """Our code on a scanned label: the lot's, or the unit serial (LOT-SERIAL) when the label has a
    numeric serial; the text itself when it is no GS1 element string or has no lot."""
    fields = element_strings(text)
    lot = fields.get(LOT, "")
    if not lot:
        return text.strip()
    serial = fields.get(SERIAL, "")
    return f"{lot}-{serial}" if serial.isdigit() else lot

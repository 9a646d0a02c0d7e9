"""The Explanation sheet: what a reader needs to read the file without asking (21 CFR 1.1455(c)(3)(ii)
"with whatever is needed to read it"): who produced it, when, for which request, what each sheet
and its codes, units and abbreviations mean, and which key data elements are missing."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.utils import timezone

from lotline.catalog.ftl import FtlList
from lotline.catalog.units import UNITS

from .completeness import Gap
from .selection import Chosen

if TYPE_CHECKING:
    from .models import RecordsRequest

UNIT_WORDS = {"g": "gram", "kg": "kilogram", "oz": "ounce (weight)", "lb": "pound", "ml": "millilitre", "l": "litre",
              "fl oz": "US fluid ounce", "gal": "US gallon", "unit": "one unit (a jar, a bottle, a box)",
              "dozen": "twelve units"}
SHEETS = [
    ("Receiving", "One row per lot received (21 CFR 1.1345): its traceability lot code (TLC), quantity, product, "
                  "the immediate previous source, where it was received, when, the TLC source and the reference "
                  "document."),
    ("Transformation", "One row per input lot of each batch made (21 CFR 1.1350): the input's TLC, product and "
                       "quantity used, then the new TLC (the batch number), where and when it was made, the new "
                       "product and quantity, and the reference document. A batch without inputs has one row "
                       "with the input columns empty."),
    ("Shipping", "One row per shipment line (21 CFR 1.1340): the TLC, quantity, product, the immediate subsequent "
                 "recipient, where it was shipped from, when, the TLC source and the reference document."),
]
CODES = [
    ("Traceability Lot Code (TLC)", "For a lot received: the supplier's own lot code, verbatim; where the supplier "
     "gave none, the lot code we assigned on receipt (our receiving site is then the TLC source). For a batch: its "
     "batch number, the TLC we assigned when we made it (our site is the TLC source)."),
    ("TLC Source Reference", "The GS1 Global Location Number (GLN) of the TLC source where we know it; otherwise "
     "empty, and the TLC Source columns give its location description."),
    ("Location description", "Business name, phone, street address (or coordinates), city, state, ZIP and country, "
     "each in its own column."),
    ("Product description", "Product name, brand, commodity, variety, packaging size and packaging style, each in "
     "its own column."),
    ("Lotline columns", "The last columns of each sheet are Lotline's own codes for the same row (our lot code, "
     "item code, supplier, customer and site ids, shipment id), to find it in our records."),
    ("Dates", "Dates are spreadsheet dates, written YYYY-MM-DD, in the business's time zone."),
]


def _at(value: dt.datetime) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M %Z")


def explanation_rows(chosen: Chosen, logged: RecordsRequest, rows: dict[str, int], gaps: list[Gap], *,
                     produced_by: str, produced_at: dt.datetime, ftl: FtlList) -> list[list[str]]:
    """Topic -> explanation, one per row."""
    due = logged.requested_at + dt.timedelta(hours=24)
    out = [
        ["File", "FSMA 204 traceability records (21 CFR part 1 subpart S), an electronic sortable spreadsheet."],
        ["Request", f"{logged}: {logged.asked}"],
        ["Requested by", logged.requested_by],
        ["Requested at", f"{_at(logged.requested_at)} (due within 24 hours: {_at(due)})"],
        ["Produced by", f"{produced_by}, with Lotline"],
        ["Produced at", _at(produced_at)],
        ["Food Traceability List", f"version of {ftl.version} ({ftl.source})"],
    ]
    if chosen.items:
        out.append(["Items", ", ".join(chosen.items)])
    out += [[f"Sheet {title}", f"{text} Rows: {rows.get(title, 0)}."] for title, text in SHEETS]
    out += [[topic, text] for topic, text in CODES]
    out += [[f"Unit {unit}", UNIT_WORDS.get(unit, unit)] for unit in UNITS]
    if gaps:
        out.append(["Missing key data elements", f"{len(gaps)}: listed below; Lotline reports them so they can be "
                                                 "completed, and they do not block this file."])
        out += [["Missing", gap.said()] for gap in gaps]
    else:
        out.append(["Missing key data elements", "none"])
    return out

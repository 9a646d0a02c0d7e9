"""The columns of the FSMA 204 sortable spreadsheet, laid out as FDA's illustrative template (June
2024): one sheet per critical tracking event, one column per key data element, the location and
product descriptions split into their parts (../shared/standards/fsma204/README.md)."""

from __future__ import annotations

LOCATION = ("Business Name", "Phone", "Street Address or Coordinates", "City", "State", "ZIP", "Country")
PRODUCT = ("Product Name", "Brand", "Commodity", "Variety", "Packaging Size", "Packaging Style")
REFERENCES = ("Reference Document Type", "Reference Document Number",
              "Reference Document Type 2", "Reference Document Number 2")
# Lotline's own columns after the KDEs: how to find the row in Lotline.
OURS_RECEIVED = ("Lotline Lot Code", "Item Code", "Supplier ID", "Site Code")
OURS_TRANSFORMED = ("Lotline Input Lot Code", "Input Item Code", "Product Code", "Site Code", "Batch Status")
OURS_SHIPPED = ("Lotline Lot Code", "Item Code", "Customer ID", "Site Code", "Shipment ID")


def block(prefix: str, parts: tuple[str, ...]) -> list[str]:
    return [f"{prefix} - {p}" for p in parts]


RECEIVING = [
    "Traceability Lot Code (TLC)", "Quantity", "Unit of Measure", *PRODUCT,
    *block("Immediate Previous Source", LOCATION), *block("Receiving Location", LOCATION), "Date Received",
    *block("TLC Source", LOCATION), "TLC Source Reference", *REFERENCES, *OURS_RECEIVED,
]
TRANSFORMATION = [
    "Input Traceability Lot Code", *(f"Input {p}" for p in PRODUCT), "Input Quantity", "Input Unit of Measure",
    "New Traceability Lot Code", *block("Transformation Location", LOCATION), "TLC Source Reference",
    "Date Transformation Completed", *(f"New {p}" for p in PRODUCT), "New Quantity", "New Unit of Measure",
    *REFERENCES, *OURS_TRANSFORMED,
]
SHIPPING = [
    "Traceability Lot Code (TLC)", "Quantity", "Unit of Measure", *PRODUCT,
    *block("Immediate Subsequent Recipient", LOCATION), *block("Ship-From Location", LOCATION), "Date Shipped",
    *block("TLC Source", LOCATION), "TLC Source Reference", *REFERENCES, *OURS_SHIPPED,
]
# Which columns hold dates (written as real dates) and quantities (numbers), per sheet.
DATES = {"Date Received", "Date Transformation Completed", "Date Shipped"}
NUMBERS = {"Quantity", "Input Quantity", "New Quantity"}

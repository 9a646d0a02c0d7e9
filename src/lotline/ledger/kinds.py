"""The event vocabulary. Codes are stable: never renamed, never reused (docs/events.md)."""

from enum import StrEnum


class EventKind(StrEnum):
    SITE_ADDED = "site.added"
    SUPPLIER_ADDED = "supplier.added"
    CUSTOMER_ADDED = "customer.added"
    ITEM_ADDED = "item.added"
    CATALOG_UPDATED = "catalog.updated"
    LOT_RECEIVED = "lot.received"
    BATCH_RECORDED = "batch.recorded"
    INPUTS_RECORDED = "inputs.recorded"
    UNITS_SHIPPED = "units.shipped"
    UNITS_DISCARDED = "units.discarded"
    LOT_HELD = "lot.held"
    LOT_RELEASED = "lot.released"
    BATCH_FAILED = "batch.failed"
    LOT_CORRECTED = "lot.corrected"
    SHIPMENT_VOIDED = "shipment.voided"
    EQUIPMENT_ADDED = "equipment.added"
    RECIPE_SET = "recipe.set"
    COMPLAINT_RECORDED = "complaint.recorded"
    COMPLAINT_ANSWERED = "complaint.answered"
    COMPLAINT_LOT_PICKED = "complaint.lot_picked"

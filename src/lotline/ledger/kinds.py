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
    # recall cases and drills (lotline.recalls): each action on a case is one event naming it
    CASE_OPENED = "case.opened"
    CASE_SCOPE_ADDED = "case.scope_added"
    CASE_HOLDS_PLACED = "case.holds_placed"
    CASE_SITE_CONFIRMED = "case.site_confirmed"
    CASE_CUSTOMER_NOTIFIED = "case.customer_notified"
    CASE_COUNTED = "case.counted"
    CASE_UNITS_RETURNED = "case.units_returned"
    CASE_UNITS_DESTROYED = "case.units_destroyed"
    CASE_NOTE_ADDED = "case.note_added"
    CASE_CLOSED = "case.closed"
    CASE_REOPENED = "case.reopened"
    CASE_HOLDS_RELEASED = "case.holds_released"
    DRILL_REPORTED = "drill.reported"
    NOTICE_TEMPLATE_SET = "notice.template_set"
    COMPLAINT_RECORDED = "complaint.recorded"
    COMPLAINT_ANSWERED = "complaint.answered"
    COMPLAINT_LOT_PICKED = "complaint.lot_picked"
    FSMA204_REQUESTED = "fsma204.requested"
    FSMA204_PRODUCED = "fsma204.produced"
    # the FSMA 204 traceability plan (lotline.plans): its settings, and each version of its text
    PLAN_SET = "plan.set"
    PLAN_ISSUED = "plan.issued"
    # labels (lotline.labels): the owner's label settings, and each print of a batch's labels (serials from the log)
    LABELS_SET = "labels.set"
    LABELS_PRINTED = "labels.printed"
    # allergens (lotline.allergens): a clean-down of equipment ends the carry-over between batches
    EQUIPMENT_CLEANED = "equipment.cleaned"
    # EPCIS (lotline.epcis): a document taken in: what each of its events became, and those kept verbatim
    EPCIS_CAPTURED = "epcis.captured"
    # quality (lotline.quality): samples, lab results and their corrections, specs, the sign-off of an
    # out-of-spec hold's release, recall case proposals acted on
    SAMPLE_DRAWN = "sample.drawn"
    RESULTS_RECORDED = "results.recorded"
    RESULT_CORRECTED = "result.corrected"
    SPECS_SET = "specs.set"
    RELEASE_SIGNED_OFF = "release.signed_off"
    PROPOSAL_CASE_OPENED = "proposal.case_opened"
    PROPOSAL_DISMISSED = "proposal.dismissed"
    # labs (lotline.labs): a lab's name and the mapping of its results files to our fields
    LAB_MAPPING_SET = "lab.mapping_set"
    # process records (lotline.process): a product's process fields, and the values recorded on a batch
    PROCESS_FIELDS_SET = "process.fields_set"
    PROCESS_RECORDED = "process.recorded"

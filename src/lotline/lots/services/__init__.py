"""The verbs that change lots: each owns its transaction, appends one event and returns what it recorded."""

from .common import Recorded
from .corrections import Corrected, Discarded, FieldChange, VoidedShipment, correct_lot, discard_units, void_shipment
from .holds import StatusChanged, mark_failed, place_hold, place_holds, release_hold
from .production import AddedInputs, InputLine, RecordedBatch, UsedInput, add_inputs, record_batch
from .receiving import ReceivedLot, receive_lot
from .shipping import ShipmentLine, Shipped, ship_units

__all__ = [
    "AddedInputs", "Corrected", "Discarded", "FieldChange", "InputLine", "ReceivedLot", "Recorded", "RecordedBatch",
    "ShipmentLine", "Shipped", "StatusChanged", "UsedInput", "VoidedShipment", "add_inputs", "correct_lot",
    "discard_units", "mark_failed", "place_hold", "place_holds", "receive_lot", "record_batch", "release_hold",
    "ship_units", "void_shipment",
]

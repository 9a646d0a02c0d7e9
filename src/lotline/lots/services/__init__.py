"""The verbs that change lots: each owns its transaction and appends one event."""

from .corrections import correct_lot, discard_units, void_shipment
from .holds import mark_failed, place_hold, place_holds, release_hold
from .production import InputLine, add_inputs, record_batch
from .receiving import receive_lot
from .shipping import ShipmentLine, ship_units

__all__ = [
    "InputLine", "ShipmentLine", "add_inputs", "correct_lot", "discard_units", "mark_failed", "place_hold",
    "place_holds", "receive_lot", "record_batch", "release_hold", "ship_units", "void_shipment",
]

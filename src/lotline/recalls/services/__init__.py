"""The verbs that change cases: each owns its transaction, appends one case event (with the lot
events it needs in the same transaction) and returns what it recorded."""

from .drills import count_drill, drill_figures, report_drill, start_drill
from .holds import hold_case, release_holds
from .notes import add_note, close_case, confirm_site, notify_customer, reopen_case
from .opening import add_to_scope, open_case
from .stock import count_lot, units_destroyed, units_returned

__all__ = [
    "add_note", "add_to_scope", "close_case", "confirm_site", "count_drill", "count_lot", "drill_figures",
    "hold_case", "notify_customer", "open_case", "release_holds", "reopen_case", "report_drill", "start_drill",
    "units_destroyed", "units_returned",
]

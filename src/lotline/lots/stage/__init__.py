"""Staging: the one write path for lots, inputs and shipments, from a form or a million-row import.

Rows go into temporary tables, every rule is checked there in set-based SQL (so a form and a
spreadsheet obey the same rules and memory stays flat), and only then are events appended.
"""

from .emit import emit_chunked, emit_one
from .rules import validate
from .tables import Source, Stage

__all__ = ["Source", "Stage", "emit_chunked", "emit_one", "validate"]

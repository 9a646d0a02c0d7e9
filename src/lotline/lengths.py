"""The one check, and the one message, for a text longer than its field holds.

Every stored text has one limit, declared once beside its field (catalog.specs for the catalog,
lots.lengths for lots, shipments, discards and holds) and used by the model's max_length, the
checks at the door, the forms' maxlength and the API's maxLength. SQLite would store any length
and PostgreSQL refuse it with a server error, so the check at the door is what keeps the two
databases (and an export moved from one to the other) the same.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from lotline.errors import ErrorCode

MESSAGE = "at most {limit} characters (this has {length})"
# The same words from a Django form field's own check (web pages whose fields check their length)
FORM_MESSAGE = MESSAGE.format(limit="%(limit_value)d", length="%(show_value)d")


def too_long(value: str, limit: int) -> str | None:
    """The reason a value does not fit, or None when it does."""
    if len(value) <= limit:
        return None
    return MESSAGE.format(limit=limit, length=len(value))


def overlong(row: Mapping[str, Any], limits: Mapping[str, int], names: Iterable[str] | None = None
             ) -> list[tuple[str, ErrorCode, str]]:
    """(field, "too_long", reason) for each text of `row` longer than its limit."""
    found = []
    for name in limits if names is None else names:
        value = row.get(name)
        reason = too_long(value, limits[name]) if isinstance(value, str) else None
        if reason:
            found.append((name, ErrorCode.TOO_LONG, reason))
    return found

"""How long each text of a recall case may be: one number per field (lotline/lengths.py says why)."""

from __future__ import annotations

LENGTHS: dict[str, int] = {
    "code": 16,  # R-12, D-3
    "title": 200,
    "text": 2000,  # a note, or why a case was closed, reopened or its holds released
    "by": 150,  # who called or wrote to a customer (a user name's length)
    "how": 10,
}

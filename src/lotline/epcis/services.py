"""The EPCIS verbs every way in calls: export a scope to a file or stream, take a document in."""

from __future__ import annotations

from typing import TextIO

from lotline.accounts.rights import Right, Who, require

from .capture import Captured, DocumentRefused, capture
from .export import Exported, write_document
from .scope import Scope, choose

__all__ = ["Captured", "DocumentRefused", "Scope", "capture", "check_scope", "export_document"]


def check_scope(scope: Scope, *, actor: Who) -> None:
    """Refuse a scope (unknown site or lot, range ending before it starts) or a person without the
    right to export, before anything is written."""
    require(actor, Right.EXPORT)
    choose(scope)


def export_document(scope: Scope, out: TextIO, *, actor: Who) -> Exported:
    """Write the scope's EPCISDocument to `out` (who may export: owners, staff, auditors)."""
    check_scope(scope, actor=actor)
    return write_document(scope, out)

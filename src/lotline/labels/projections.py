"""Projectors: how label events change the labels' read tables. Replayed as-is by `verify --rebuild`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from lotline.ledger.kinds import EventKind
from lotline.ledger.log import projector
from lotline.ledger.rebuild import read_table
from lotline.lots.queries import find_lot

from .models import LabelPrint, LabelSettings


@projector(EventKind.LABELS_SET)
def labels_set(payload: Mapping[str, Any], seq: int) -> None:
    LabelSettings.objects.all().delete()
    LabelSettings.objects.create(cottage_state=payload["cottage_state"],
                                 cottage_statement=payload["cottage_statement"], set_seq=seq)


@projector(EventKind.LABELS_PRINTED)
def labels_printed(payload: Mapping[str, Any], seq: int) -> None:
    LabelPrint.objects.create(lot=find_lot(payload["batch"]), first_serial=payload["first_serial"],
                              count=payload["count"], stock=payload["stock"], printed_by=payload["by"], seq=seq)


read_table("label_settings", 0, "SELECT cottage_state, cottage_statement, set_seq FROM label_settings")
read_table("label_print", 2, "SELECT l.code, p.first_serial, p.count, p.stock, p.printed_by, p.seq "
                             "FROM label_print p JOIN lot l ON l.id = p.lot_id")

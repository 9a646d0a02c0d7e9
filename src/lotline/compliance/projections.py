"""Projectors of fsma204 events into the request log; replayed as-is by `verify --rebuild`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from lotline.ledger.kinds import EventKind
from lotline.ledger.log import projector
from lotline.ledger.rebuild import read_table

from .models import PREFIX, RecordsRequest


def _number(request_id: str) -> int:
    return int(request_id.removeprefix(PREFIX))


@projector(EventKind.FSMA204_REQUESTED)
def fsma204_requested(payload: Mapping[str, Any], seq: int) -> None:
    RecordsRequest.objects.create(
        number=_number(payload["request"]), requested_by=payload["requested_by"],
        requested_at=payload["requested_at"], asked=payload["asked"], query=payload["query"],
        logged_by=payload["logged_by"], event_seq=seq)


@projector(EventKind.FSMA204_PRODUCED)
def fsma204_produced(payload: Mapping[str, Any], seq: int) -> None:
    """The first file produced stops the 24-hour clock (a download later does not move it); the rows and
    missing elements are the last file's."""
    request = RecordsRequest.objects.filter(number=_number(payload["request"]))
    request.filter(produced_at__isnull=True).update(produced_at=payload["produced_at"],
                                                    produced_by=payload["produced_by"], produced_seq=seq)
    request.update(rows=payload["rows"], missing=len(payload["missing"]))


read_table("fsma204_request", 1, "SELECT number, requested_by, requested_at, asked, logged_by, event_seq, "
                                 "produced_at, produced_by, missing, produced_seq FROM fsma204_request")

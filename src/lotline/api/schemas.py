"""Shapes shared by every endpoint: the error body."""

from __future__ import annotations

from ninja import Schema


class ProblemOut(Schema):
    code: str
    message: str
    field: str = ""
    where: str = ""


class ErrorOut(Schema):
    """Every error: a stable `code`, a message in plain words, the `field` at fault, and the
    problems one by one (a shipment of many lines may have several)."""

    code: str
    message: str
    field: str = ""
    problems: list[ProblemOut] = []

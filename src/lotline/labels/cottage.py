"""Cottage food statements as reference data (reference/cottage_food.json): what a state's cottage food
law has a home kitchen's label say, with the source to check it against."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import TypedDict

REFERENCE = Path(__file__).with_name("reference") / "cottage_food.json"


class CottageLaw(TypedDict):
    statement: str
    law: str
    source: str
    checked: bool


@cache
def cottage_laws() -> dict[str, CottageLaw]:
    """Each state's required statement, by its two-letter code."""
    return json.loads(REFERENCE.read_text(encoding="utf-8"))["states"]

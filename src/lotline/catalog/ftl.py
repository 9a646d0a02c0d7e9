"""The FDA's Food Traceability List as versioned reference data (reference/ftl.json).

An item names its category by code; the list in use is the newest version, and every FSMA 204
export and plan says which version it used.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.db import models

DATA = Path(__file__).with_name("reference") / "ftl.json"


@dataclass(frozen=True)
class FtlList:
    version: str  # the date FDA published it
    source: str
    categories: tuple[tuple[str, str], ...]  # (code, name)

    def name_of(self, code: str) -> str:
        return dict(self.categories).get(code, code)


@cache
def versions() -> tuple[FtlList, ...]:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    return tuple(FtlList(v["version"], v["source"], tuple(map(tuple, v["categories"])))
                 for v in sorted(data["versions"], key=lambda v: v["version"]))


def current() -> FtlList:
    return versions()[-1]


# The categories an item may name: those of the list in use.
FtlCategory: type[models.TextChoices] = models.TextChoices(  # type: ignore[call-overload]  # the functional API
    "FtlCategory", [(code.upper(), (code, name)) for code, name in current().categories])

"""Reading an EPCIS document's events as Lotline sees them: its prefixes, our extension fields,
its master data, event days and quantities."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from lotline.errors import ErrorCode, LotlineError

from . import vocabulary as v
from .identifiers import base

CBV_PREFIXES = ("https://ref.gs1.org/cbv/BizStep-", "https://ref.gs1.org/cbv/Disp-", "https://gs1.org/voc/BizStep-",
                "https://gs1.org/voc/Disp-", "urn:epcglobal:cbv:bizstep:", "urn:epcglobal:cbv:disp:")


class EventError(LotlineError):
    """One event of a document is wrong: the problem names the field inside it."""


def prefixes(document: dict[str, Any]) -> dict[str, str]:
    """The namespace prefixes a document declares in its @context (objects beside GS1's URL)."""
    found: dict[str, str] = {}
    context = document.get("@context")
    for part in context if isinstance(context, list) else [context]:
        if isinstance(part, dict):
            found.update({k: val for k, val in part.items() if isinstance(val, str)})
    return found


def bare(word: Any) -> str:
    """A CBV word as its bare form ("receiving") whichever way it was written; other URIs as they are."""
    text = str(word or "")
    for prefix in CBV_PREFIXES:
        if text.startswith(prefix):
            return text[len(prefix):]
    return text


@dataclass
class Reader:
    """The document's context: how our own extension fields are written in it, and its master data."""

    prefixes: dict[str, str]
    master: dict[str, dict[Any, Any]] = field(default_factory=dict)  # attribute ids as sent (any JSON)

    @classmethod
    def of(cls, document: dict[str, Any]) -> Reader:
        reader = cls(prefixes(document))
        header = document.get("epcisHeader") or {}
        for vocabulary in (header.get("epcisMasterData") or {}).get("vocabularyList") or []:
            for element in vocabulary.get("vocabularyElementList") or []:
                attributes = {a.get("id"): a.get("attribute") for a in element.get("attributes") or []}
                reader.master[element["id"]] = attributes
        return reader

    @property
    def ours(self) -> str:
        return v.namespace(base())

    def _ext(self, where: dict[str, Any], name: str) -> Any:
        """Our extension field `name` (lotline:lot...), under whatever prefix the document gave our namespace."""
        for prefix, iri in self.prefixes.items():
            if iri == self.ours and f"{prefix}:{name}" in where:
                return where[f"{prefix}:{name}"]
        return where.get(f"{self.ours}{name}")

    def ext(self, where: dict[str, Any], name: str) -> str:
        """Our extension field as text ("" when absent): the schema leaves extensions free, we do not."""
        value = self._ext(where, name)
        if value is None:
            return ""
        if not isinstance(value, str):
            raise EventError(ErrorCode.BAD_INPUT, f"{v.PREFIX}:{name} must be text, not {json.dumps(value)[:60]}",
                             field=f"{v.PREFIX}:{name}")
        return value

    def texts(self, where: dict[str, Any], name: str) -> list[str]:
        """Our extension field holding a list of texts (lotline:inputLots)."""
        value = self._ext(where, name)
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
            raise EventError(ErrorCode.BAD_INPUT, f"{v.PREFIX}:{name} must be a list of texts",
                             field=f"{v.PREFIX}:{name}")
        return value

    def number(self, where: dict[str, Any], name: str) -> Decimal:
        """Our extension field holding a number (0 when absent)."""
        value = self._ext(where, name)
        if value is None:
            return Decimal(0)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise EventError(ErrorCode.NOT_A_NUMBER, f"{v.PREFIX}:{name} must be a number", field=f"{v.PREFIX}:{name}")
        return Decimal(str(value))

    def described(self, uri: str) -> dict[str, Any]:
        """A master data element's attributes in our namespace, by field name ({} when none)."""
        attributes = self.master.get(uri) or {}
        return {str(key)[len(self.ours):]: value for key, value in attributes.items()
                if str(key).startswith(self.ours)}


def date_field(text: Any, field: str) -> dt.date | None:
    """A date (YYYY-MM-DD) in an extension or ilmd field, None when absent."""
    if text in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(str(text))
    except ValueError:
        raise EventError(ErrorCode.NOT_A_DATE, f"{str(text)[:60]!r} is not a date (YYYY-MM-DD)", field=field) from None


def day_of(event: dict[str, Any]) -> dt.date:
    """The business day of an event: its time's date in its own time zone (midnight stays that day)."""
    at = dt.datetime.fromisoformat(str(event["eventTime"]).replace("Z", "+00:00"))
    offset = event.get("eventTimeZoneOffset")
    if offset:
        sign = -1 if offset.startswith("-") else 1
        hours, minutes = offset[1:].split(":")
        at = at.astimezone(dt.timezone(sign * dt.timedelta(hours=int(hours), minutes=int(minutes))))
    return at.date()


def amount(element: dict[str, Any], where: str) -> Decimal:
    """A quantity element's quantity, which our records need."""
    if "quantity" not in element:
        raise EventError(ErrorCode.MISSING, "a quantity is needed to record it", field=f"{where}.quantity")
    try:
        return Decimal(str(element["quantity"]))
    except InvalidOperation:
        raise EventError(ErrorCode.NOT_A_NUMBER, f"{element['quantity']!r} is not a number",
                         field=f"{where}.quantity") from None


def unit_of(element: dict[str, Any], where: str) -> str:
    """Our unit for a quantity element's uom ("" for none: the item's own unit)."""
    uom = element.get("uom")
    if not uom:
        return ""
    if uom not in v.UNIT_OF:
        known = ", ".join(sorted(v.UNIT_OF))
        raise EventError(ErrorCode.UNKNOWN_UNIT, f"unit code {uom!r} has no unit in Lotline (known: {known})",
                         field=f"{where}.uom")
    return v.UNIT_OF[uom]

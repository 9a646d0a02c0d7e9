"""Taking in an EPCIS document: all of it or nothing (the EPCIS capture rule), once.

The document is checked against the official schema first; every problem found is refused at
once, naming the event (its index in eventList and its eventID) and the field. Then, in one
transaction, each event in time order becomes our record through the domain verbs (mapping.py) or
is kept verbatim with the reason; a verb's refusal refuses the whole document, naming the event.
An event whose CBV 2.0 hash was taken in before, or is one of our own records' events (our export
coming back), is already recorded and is skipped. One epcis.captured event lists what each became.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass, field
from typing import Any

from lotline.accounts.rights import Right, Who, require
from lotline.errors import ErrorCode, Forbidden, LotlineError, Problem
from lotline.ledger.kinds import EventKind
from lotline.ledger.log import canonical_json, record, writing
from lotline.lots.models import Lot

from .export import events as our_events
from .hashing import event_hash
from .identifiers import read_class
from .mapping import Keep, Resolver, plan
from .models import ReceivedEvent
from .reading import Reader
from .scope import Scope
from .validation import parse, problems

# a domain verb's field -> where it came from in an event (a refusal names the event's own field)
EVENT_FIELDS = {
    "quantity": "quantityList[0].quantity", "unit": "quantityList[0].uom", "lot": "quantityList[0].epcClass",
    "code": "quantityList[0].epcClass", "item": "quantityList[0].epcClass", "customer": "destinationList",
    "supplier": "sourceList", "site": "bizLocation", "received_on": "eventTime", "shipped_on": "eventTime",
    "produced_on": "eventTime", "on": "eventTime", "supplier_lot": "quantityList[0].epcClass",
    "quantity_produced": "outputQuantityList[0].quantity", "product": "outputQuantityList[0].epcClass",
    "inputs": "inputQuantityList", "input_code": "inputQuantityList", "quantity_discarded": "ilmd",
}
QUANTITY_LISTS = ("quantityList", "childQuantityList", "inputQuantityList", "outputQuantityList")


@dataclass(frozen=True)
class Outcome:
    """What one event of the document became."""

    index: int
    event_id: str
    hash: str
    outcome: str  # recorded, kept, already
    became: str = ""  # "receipt ST-20260302-A"
    why: str = ""  # why it was kept


@dataclass
class Captured:
    """A document taken in (or, dry_run, only tried)."""

    recorded: int = 0
    kept: int = 0
    already: int = 0
    events: list[Outcome] = field(default_factory=list)
    dry_run: bool = False
    event_seq: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class DocumentRefused(LotlineError):
    """A document not taken in: `errors` name each event (index, eventID), field and reason."""

    def __init__(self, errors: list[dict[str, Any]]) -> None:
        first = errors[0]
        where = f"event {first['index']}" if first["index"] is not None else "the document"
        if first.get("event_id"):
            where += f" ({first['event_id']})"
        self.errors = errors
        super().__init__(ErrorCode.EPCIS_INVALID, f"nothing was recorded: {where}, {first['field']}: "
                         f"{first['reason']}", field=first["field"],
                         problems=[Problem(ErrorCode.EPCIS_INVALID, e["reason"], e["field"], row=e["index"],
                                           row_label="event")
                                   for e in errors])

    def as_dict(self) -> dict[str, Any]:
        return {**super().as_dict(), "errors": self.errors}


class _DryRun(Exception):
    pass


def _event_list(document: dict[str, Any]) -> list[dict[str, Any]]:
    body = document.get("epcisBody") or {}
    if "eventList" in body:
        return list(body["eventList"])
    return list(((body.get("queryResults") or {}).get("resultsBody") or {}).get("eventList") or [])


def _time(event: dict[str, Any]) -> dt.datetime:
    return dt.datetime.fromisoformat(str(event["eventTime"]).replace("Z", "+00:00"))


def capture(data: bytes | str | dict[str, Any], *, actor: Who, dry_run: bool = False,
            source: str = "") -> Captured:
    """Take in an EPCIS document (its bytes, text or parsed JSON); DocumentRefused when it is wrong."""
    actor = require(actor, Right.RECORD).name
    try:
        document = data if isinstance(data, dict) else parse(data)
    except LotlineError as error:
        raise DocumentRefused([{"index": None, "event_id": "", "field": error.field or "document",
                                "reason": error.message}]) from None
    found = problems(document)
    if found:
        raise DocumentRefused([{"index": p.index, "event_id": p.event_id, "field": p.field, "reason": p.reason}
                               for p in found])
    reader = Reader.of(document)
    listed = _event_list(document)
    done = Captured(dry_run=dry_run)
    try:
        with writing():
            _take(listed, reader, done, actor=actor, source=source)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return done


def _take(listed: list[dict[str, Any]], reader: Reader, done: Captured, *, actor: str, source: str) -> None:
    resolver, seen, rows = Resolver(reader, actor), set[str](), list[tuple[dict[str, Any], Outcome]]()
    before = Lot.objects.order_by("-id").values_list("id", flat=True).first() or 0
    digests = [event_hash(event, reader.prefixes) for event in listed]
    asked = sorted(set(digests))
    for start in range(0, len(asked), 1000):  # the hashes taken in before: a query per thousand, not per event
        seen.update(ReceivedEvent.objects.filter(event_hash__in=asked[start:start + 1000])
                    .values_list("event_hash", flat=True))
    for index in sorted(range(len(listed)), key=lambda i: _time(listed[i])):
        event = listed[index]
        digest, event_id = digests[index], str(event.get("eventID") or "")
        if digest in seen or _ours(event, digest, before):
            seen.add(digest)
            done.already += 1
            done.events.append(Outcome(index, event_id, digest, "already"))
            continue
        seen.add(digest)
        outcome = _one(index, event, digest, resolver)
        done.events.append(outcome)
        if outcome.outcome == "kept":
            done.kept += 1
        else:
            done.recorded += 1
        rows.append((event, outcome))
    done.events.sort(key=lambda o: o.index)
    if rows:
        # the lots a kept event names, once every event is in (a pallet packed before its receipt)
        logged = [_logged(event, outcome) for event, outcome in rows]
        done.event_seq = record(EventKind.EPCIS_CAPTURED, {"source": source, "events": logged}, actor=actor).seq


def _one(index: int, event: dict[str, Any], digest: str, resolver: Resolver) -> Outcome:
    event_id = str(event.get("eventID") or "")
    try:
        planned = plan(event, resolver)
        if isinstance(planned, Keep):
            return Outcome(index, event_id, digest, "kept", why=planned.why)
        codes = planned.record(resolver.actor)
    except Forbidden:
        raise  # a right the person lacks (a site not theirs): 403, not a fault of the document
    except LotlineError as error:
        where = EVENT_FIELDS.get(error.field, error.field) if "[" not in error.field else error.field
        raise DocumentRefused([{"index": index, "event_id": event_id, "field": where or "",
                                "reason": error.message, "code": error.code}]) from None
    return Outcome(index, event_id, digest, "recorded", became=f"{planned.kind} {', '.join(codes)}")


def _named_lots(event: dict[str, Any], before: int | None = None) -> list[str]:
    """Our lot codes an event names by class (a kept event is shown on their pages); `before`: only
    lots recorded before the document came in."""
    codes = set()
    for key in QUANTITY_LISTS:
        for element in event.get(key) or []:
            name = read_class(str(element.get("epcClass", "")))
            if name and name.lot:
                lots = Lot.objects.filter(code=name.lot) | Lot.objects.filter(supplier_lot=name.lot)
                if name.gtin:
                    lots = lots.filter(item__gtin=name.gtin)
                if before is not None:
                    lots = lots.filter(id__lte=before)
                codes |= set(lots.values_list("code", flat=True))
    return sorted(codes)


def _ours(event: dict[str, Any], digest: str, before: int) -> bool:
    """The event is one of our own records' (an export of ours coming back): its lots' events have its
    hash. Only lots we had before the document can have such events (none, in an empty database)."""
    if not before:
        return False
    codes = _named_lots(event, before)
    return bool(codes) and any(e["eventID"] == digest for e in our_events(Scope(lots=tuple(codes))))


def _logged(event: dict[str, Any], outcome: Outcome) -> dict[str, Any]:
    row: dict[str, Any] = {"hash": outcome.hash, "id": outcome.event_id, "type": str(event.get("type", "")),
                           "time": str(event["eventTime"]), "step": str(event.get("bizStep") or ""),
                           "outcome": outcome.outcome}
    if outcome.outcome == "kept":
        row |= {"why": outcome.why, "body": json.loads(canonical_json(event)), "lots": _named_lots(event)}
    else:
        row["became"] = outcome.became
    return row

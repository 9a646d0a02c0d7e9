"""EPCIS queries (the REST binding's GET /epcis/events): our records' events and the events we took in
and kept verbatim, filtered by the EPCIS query parameters we support, one page at a time.

Each parameter is checked exactly on the events themselves (`Query.matches`), as the standard words
it; what can be said in SQL is said there first (the kinds of records, the days, the sites, the
lots: a Scope), so a page costs the events it reads, not the whole ledger. Pages follow one stable
order: event time, then the event's hash; a page's token is the position of its last event.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import heapq
import itertools
import json
import zoneinfo
from collections.abc import Generator, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from django.conf import settings
from django.db.models import Q

from lotline.accounts.rights import Right, Who, require
from lotline.catalog.models import Item
from lotline.errors import ErrorCode, LotlineError
from lotline.lots.models import Lot, LotKind

from . import vocabulary as v
from .events import Event
from .export import events as our_events
from .export import head
from .identifiers import read_class, read_place
from .models import Outcome, ReceivedEvent
from .reading import bare
from .scope import Scope
from .sources import KINDS

PER_PAGE = 30
MAX_PER_PAGE = 1000
OBJECT_KINDS = ("receipt", "shipment", "discard", "hold", "release")
KINDS_OF_TYPE: dict[str, tuple[str, ...]] = {"ObjectEvent": OBJECT_KINDS, "TransformationEvent": ("batch",)}
Kinds = dict[str, tuple[str, ...]]
KINDS_OF_STEP: Kinds = {v.RECEIVING: ("receipt",), v.COMMISSIONING: ("batch",), v.SHIPPING: ("shipment",),
                 v.DESTROYING: ("discard",), v.HOLDING: ("hold",), v.INSPECTING: ("release",)}
KINDS_OF_DISPOSITION: Kinds = {"in_progress": ("receipt",), "active": ("batch",), "in_transit": ("shipment",),
                        "destroyed": ("discard",), "recalled": ("hold",), "non_sellable_other": ("hold",),
                        "available": ("release",)}
ACTIONS = ("ADD", "OBSERVE", "DELETE")
# MATCH_ parameter -> the quantity lists of an event it looks in
CLASS_LISTS = {
    "MATCH_epcClass": ("quantityList", "childQuantityList"),
    "MATCH_inputEPCClass": ("inputQuantityList",),
    "MATCH_outputEPCClass": ("outputQuantityList",),
    "MATCH_anyEPCClass": ("quantityList", "childQuantityList", "inputQuantityList", "outputQuantityList"),
}
EPC_LISTS = ("epcList", "childEPCs")
LISTED = ("eventType", "EQ_bizStep", "EQ_bizLocation", "EQ_action", "EQ_disposition", "MATCH_epc", *CLASS_LISTS)
SUPPORTED = ("GE_eventTime", "LT_eventTime", *LISTED, "perPage", "nextPageToken")


class QueryParameterError(LotlineError):
    """A query parameter we do not support, or a value we cannot read: `field` is the parameter."""


@dataclass(frozen=True)
class Position:
    """Where a page ended: its last event's time and hash."""

    at: dt.datetime
    key: str


@dataclass(frozen=True)
class Query:
    """A query's parameters, read: each list holds the values any of which may match."""

    lists: dict[str, tuple[str, ...]] = field(default_factory=dict)
    since: dt.datetime | None = None  # GE_eventTime
    before: dt.datetime | None = None  # LT_eventTime
    per_page: int = PER_PAGE
    after: Position | None = None

    def values(self, name: str) -> tuple[str, ...] | None:
        return self.lists.get(name)

    def matches(self, event: Event) -> bool:
        """Whether the event answers the query, as the standard words each parameter."""
        at = event_time(event)
        if (self.since and at < self.since) or (self.before and at >= self.before):
            return False
        return all(_CHECKS[name](values, event) for name, values in self.lists.items())


@dataclass(frozen=True)
class Page:
    """One page of a query's answer; `next_token` is "" on the last page."""

    events: list[Event]
    next_token: str = ""


def read_query(params: Mapping[str, str | Sequence[str]]) -> Query:
    """A query from the parameters of GET /epcis/events; QueryParameterError naming the one at fault."""
    query = Query()
    for name, given in params.items():
        values = [given] if isinstance(given, str) else list(given)
        if name not in SUPPORTED:
            raise QueryParameterError(ErrorCode.UNKNOWN_PARAMETER, f"Lotline does not support the query parameter "
                                      f"{name}; it supports {', '.join(SUPPORTED)}", field=name)
        if name not in LISTED and len(values) != 1:
            raise QueryParameterError(ErrorCode.BAD_INPUT, f"give {name} once", field=name)
        query = _read_one(query, name, values)
    if query.since and query.before and query.before <= query.since:
        raise QueryParameterError(ErrorCode.IMPOSSIBLE_DATE, "LT_eventTime is not after GE_eventTime",
                                  field="LT_eventTime")
    return query


def _read_one(query: Query, name: str, values: list[str]) -> Query:
    if name in ("GE_eventTime", "LT_eventTime"):
        at = _instant(name, values[0])
        return replace(query, since=at) if name == "GE_eventTime" else replace(query, before=at)
    if name == "perPage":
        return replace(query, per_page=per_page(values[0]))
    if name == "nextPageToken":
        return replace(query, after=read_token(values[0]))
    listed = tuple(part for value in values for part in value.split("|"))
    if not all(listed):
        raise QueryParameterError(ErrorCode.MISSING, f"{name} needs values ('|' between them), none empty",
                                  field=name)
    if name == "EQ_action" and (wrong := [a for a in listed if a not in ACTIONS]):
        raise QueryParameterError(ErrorCode.BAD_CHOICE, f"{wrong[0]!r} is no action: {', '.join(ACTIONS)}",
                                  field=name)
    if name in ("EQ_bizStep", "EQ_disposition"):
        listed = tuple(bare(value) for value in listed)
    return replace(query, lists={**query.lists, name: query.lists.get(name, ()) + listed})


def _instant(name: str, text: str) -> dt.datetime:
    try:
        at = dt.datetime.fromisoformat(text.replace("Z", "+00:00").replace(" ", "+"))
    except ValueError:
        raise QueryParameterError(ErrorCode.NOT_A_DATE, f"{text!r} is not a date-time such as "
                                  "2026-03-04T00:00:00+01:00", field=name) from None
    if at.tzinfo is None:
        raise QueryParameterError(ErrorCode.NOT_A_DATE, f"{text!r} needs its offset from UTC (Z or +01:00)",
                                  field=name)
    return at


def per_page(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise QueryParameterError(ErrorCode.NOT_A_NUMBER, f"perPage is a whole number of events, 1 or more "
                                  f"(at most {MAX_PER_PAGE} are sent), not {text!r}", field="perPage")
    return min(int(text), MAX_PER_PAGE)


def token(position: Position) -> str:
    """An opaque nextPageToken: the position, in base64."""
    text = json.dumps({"t": position.at.astimezone(dt.UTC).isoformat(), "k": position.key})
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def read_token(text: str) -> Position:
    try:
        data = json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
        return Position(dt.datetime.fromisoformat(data["t"]), str(data["k"]))
    except (ValueError, KeyError, TypeError, binascii.Error):
        raise QueryParameterError(ErrorCode.BAD_INPUT, "the nextPageToken is not one Lotline gave: ask again "
                                  "from the first page", field="nextPageToken") from None


# --- the parameters, checked on an event ------------------------------------------------------------


def event_time(event: Event) -> dt.datetime:
    return dt.datetime.fromisoformat(str(event["eventTime"]).replace("Z", "+00:00"))


def same_class(wanted: str, uri: str) -> bool:
    """A class URI matches one written another way (EPC URN or Digital Link); a class naming no lot
    (an item's class, or an EPC pattern ending in *) matches every lot of the item."""
    if wanted == uri:
        return True
    asked, found = read_class(wanted), read_class(uri)
    if asked is None or found is None:
        return False
    return asked == found if asked.lot else (asked.gtin, asked.item) == (found.gtin, found.item)


def same_place(wanted: str, uri: str) -> bool:
    if wanted == uri:
        return True
    asked, found = read_place(wanted), read_place(uri)
    return asked is not None and asked == found


def _classes(event: Event, lists: Iterable[str]) -> list[str]:
    return [str(e.get("epcClass", "")) for key in lists for e in event.get(key) or [] if isinstance(e, dict)]


def _location(event: Event) -> str:
    where = event.get("bizLocation")
    return str(where.get("id", "")) if isinstance(where, dict) else ""


def _class_check(lists: tuple[str, ...]) -> Any:
    return lambda values, event: any(same_class(w, uri) for uri in _classes(event, lists) for w in values)


_CHECKS: dict[str, Any] = {
    "eventType": lambda values, event: event.get("type") in values,
    "EQ_bizStep": lambda values, event: bare(event.get("bizStep")) in values,
    "EQ_disposition": lambda values, event: bare(event.get("disposition")) in values,
    "EQ_action": lambda values, event: event.get("action") in values,
    "EQ_bizLocation": lambda values, event: any(same_place(w, _location(event)) for w in values),
    "MATCH_epc": lambda values, event: any(epc in values for key in EPC_LISTS for epc in event.get(key) or []),
    **{name: _class_check(lists) for name, lists in CLASS_LISTS.items()},
}


# --- our records' events: the query as scopes --------------------------------------------------------


def _day(at: dt.datetime, *, before: bool) -> dt.date:
    """The first day whose midnight is at or after `at` (before=False), or the last one before it."""
    local = at.astimezone(zoneinfo.ZoneInfo(settings.TIME_ZONE))
    day = local.date()
    midnight = dt.datetime(day.year, day.month, day.day, tzinfo=local.tzinfo)
    if before:
        return day if midnight < at else day - dt.timedelta(days=1)
    return day if midnight >= at else day + dt.timedelta(days=1)


def _kinds(query: Query) -> tuple[str, ...]:
    """The kinds of our records whose events can answer the query."""
    kinds = set(KINDS)
    maps: dict[str, Mapping[str, tuple[str, ...]]] = {
        "eventType": KINDS_OF_TYPE, "EQ_bizStep": KINDS_OF_STEP, "EQ_disposition": KINDS_OF_DISPOSITION,
        "EQ_action": {"OBSERVE": OBJECT_KINDS}}
    for name, kinds_of in maps.items():
        if (values := query.values(name)) is not None:
            kinds &= {kind for value in values for kind in kinds_of.get(value, ())}
    if query.values("MATCH_epc") is not None:
        kinds = set()  # our events name lots (classes), never single objects
    if query.values("MATCH_epcClass") is not None:
        kinds &= set(OBJECT_KINDS)
    if query.values("MATCH_inputEPCClass") is not None or query.values("MATCH_outputEPCClass") is not None:
        kinds &= {"batch"}
    return tuple(kind for kind in KINDS if kind in kinds)


def _our_lots(uris: Iterable[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(our lot codes, our item codes) the class URIs name; a lot is named by its traceability lot
    code (the supplier's for a lot received with one, as our events write it)."""
    lots: set[str] = set()
    items: set[str] = set()
    for name in filter(None, (read_class(uri) for uri in uris)):
        found = Item.objects.filter(gtin=name.gtin) if name.gtin else Item.objects.filter(code=name.item)
        if not name.lot:
            items |= set(found.values_list("code", flat=True))
            continue
        lots |= {code for code, kind, supplier_lot in Lot.objects.filter(item__in=found).filter(
            Q(code=name.lot) | Q(supplier_lot_key=name.lot.upper())).values_list("code", "kind", "supplier_lot")
            if _tlc(code, kind, supplier_lot) == name.lot}
    return tuple(sorted(lots)), tuple(sorted(items))


def _tlc(code: str, kind: str, supplier_lot: str) -> str:
    return supplier_lot if kind == LotKind.RECEIVED and supplier_lot else code


def _our_sites(uris: Iterable[str]) -> tuple[str, ...]:
    from lotline.catalog.models import Site

    codes: set[str] = set()
    for name in filter(None, (read_place(uri) for uri in uris)):
        if name.gln:
            codes |= set(Site.objects.filter(gln=name.gln).values_list("code", flat=True))
        elif name.kind == "site":
            codes |= set(Site.objects.filter(code=name.code).values_list("code", flat=True))
    return tuple(sorted(codes))


def scopes(query: Query) -> list[tuple[Scope, tuple[str, ...]]]:
    """The query as scopes of our records (with their kinds): together, every event of ours that may
    answer it (Query.matches decides); none when none can."""
    kinds = _kinds(query)
    if not kinds:
        return []
    base = Scope()
    if query.since or query.after:
        base = replace(base, first=max(_day(at, before=False) for at in (query.since, query.after and query.after.at)
                                       if at))
    if query.before:
        base = replace(base, last=_day(query.before, before=True))
    if base.first and base.last and base.last < base.first:
        return []
    if (places := query.values("EQ_bizLocation")) is not None:
        if not (sites := _our_sites(places)):
            return []
        base = replace(base, sites=sites)
    return _by_class(query, base, kinds)


def _by_class(query: Query, base: Scope, kinds: tuple[str, ...]) -> list[tuple[Scope, tuple[str, ...]]]:
    """The scopes narrowed by the lots of one MATCH_...Class parameter (the others are checked on the events)."""
    for name, used in (("MATCH_outputEPCClass", False), ("MATCH_epcClass", False), ("MATCH_inputEPCClass", True),
                       ("MATCH_anyEPCClass", None)):
        if (uris := query.values(name)) is None:
            continue
        lots, items = _our_lots(uris)
        if not lots and not items:
            return []
        named = replace(base, lots=lots, items=items)
        if used is None:  # any list: the lots' own events, and the batches they went into
            parts = [(named, kinds)]
            return parts + ([(replace(named, used=True), ("batch",))] if "batch" in kinds else [])
        return [(replace(named, used=used), kinds)]
    return [(base, kinds)]


Keyed = tuple[dt.datetime, str, Event]


def _ours(query: Query) -> Generator[Keyed]:
    """Our events answering the query after its position, by time and then hash (one day at a time:
    all of a day's events share its midnight)."""
    streams = [((event_time(e), e) for e in our_events(scope, kinds)) for scope, kinds in scopes(query)]
    merged = heapq.merge(*streams, key=lambda pair: pair[0])
    for at, group in itertools.groupby(merged, key=lambda pair: pair[0]):
        day = {e["eventID"]: e for _, e in group}  # the batch of a lot and of its input is one event
        for key in sorted(day):
            if (query.after is None or (at, key) > (query.after.at, query.after.key)) and query.matches(day[key]):
                yield at, key, day[key]


def _kept(query: Query) -> Generator[Keyed]:
    """The events we took in and kept verbatim that answer the query, by time and hash."""
    rows = ReceivedEvent.objects.filter(outcome=Outcome.KEPT).order_by("event_time", "event_hash")
    if (types := query.values("eventType")) is not None:
        rows = rows.filter(event_type__in=types)
    if query.since:
        rows = rows.filter(event_time__gte=query.since)
    if query.before:
        rows = rows.filter(event_time__lt=query.before)
    if query.after:
        rows = rows.filter(Q(event_time__gt=query.after.at) | Q(event_time=query.after.at,
                                                                event_hash__gt=query.after.key))
    for row in rows.iterator(chunk_size=500):
        event = kept_event(row)
        if query.matches(event):
            yield row.event_time, row.event_hash, event


def kept_event(row: ReceivedEvent) -> Event:
    """A kept event as it came, with its hash as its eventID when it came without one."""
    event: Event = json.loads(row.body)
    return event if event.get("eventID") else {"eventID": row.event_hash, **event}


def page(query: Query, *, actor: Who) -> Page:
    """One page of the query's answer. Reading events is exporting them (Right.EXPORT)."""
    require(actor, Right.EXPORT)
    ours, kept = _ours(query), _kept(query)
    try:
        taken = list(itertools.islice(heapq.merge(ours, kept, key=lambda k: (k[0], k[1])), query.per_page + 1))
    finally:
        ours.close()
        kept.close()
    if len(taken) <= query.per_page:
        return Page([e for *_, e in taken])
    at, key, _ = taken[query.per_page - 1]
    return Page([e for *_, e in taken[:query.per_page]], token(Position(at, key)))


def find_event(event_id: str, *, actor: Who) -> Event:
    """One event by its eventID: a kept one by its hash or the sender's id (an index), else one of
    ours. Our events' ids are hashes of what they say, which no table keeps (a correction changes
    the event and so its id), so ours are found by hashing our events in time order until one has
    it: the cost of an export up to that event (measured on the demo: see the REST tests' report).
    """
    require(actor, Right.EXPORT)
    row = ReceivedEvent.objects.filter(outcome=Outcome.KEPT).filter(Q(event_hash=event_id) | Q(event_id=event_id))
    if found := row.first():
        return kept_event(found)
    for event in our_events(Scope()):
        if event["eventID"] == event_id:
            return event
    raise LotlineError(ErrorCode.UNKNOWN_EVENT, f"no event has the eventID {event_id}", field="eventID")


def query_document(events: list[Event]) -> dict[str, Any]:
    """An EPCISQueryDocument holding the events (the answer of GET /epcis/events)."""
    document = head()
    document["type"] = "EPCISQueryDocument"
    document["epcisBody"] = {"queryResults": {"queryName": "SimpleEventQuery",
                                              "resultsBody": {"eventList": events}}}
    return document


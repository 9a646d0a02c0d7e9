"""An EPCIS 2.0 document of our records, written as it streams from the database.

Events are written one at a time as their rows arrive (sources.merged), each with its id: the
CBV 2.0 event hash, so the same record has the same id in every export and a partner who receives
it twice can tell. The header with the master data of what the events named comes after the body
(JSON keeps no order), so memory holds the names seen, never the events.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, TextIO

from django.utils import timezone

from lotline.imports.tuning import sorts_on_disk

from . import vocabulary as v
from .events import BUILDERS, Event
from .hashing import event_hash
from .identifiers import base
from .masterdata import Named, vocabularies
from .scope import Scope, choose
from .sources import KINDS, Row, merged


def context() -> dict[str, str]:
    """The prefixes our documents declare beside GS1's context."""
    return {v.PREFIX: v.namespace(base())}


def with_id(event: Event, prefixes: dict[str, str]) -> Event:
    """The event with its eventID (its hash) after its time, where people look for it."""
    event_id = event_hash(event, prefixes)
    at = list(event).index("eventTimeZoneOffset") + 1
    items = list(event.items())
    return dict([*items[:at], ("eventID", event_id), *items[at:]])


def _name(named: Named, kind: str, row: Row) -> None:
    named.add("item", row["item"])
    named.add("site", row["site"])
    named.add("supplier", row.get("supplier"))
    named.add("customer", row.get("customer"))
    for line in row.get("inputs", ()):
        named.add("item", line["item"])


def events(scope: Scope, kinds: tuple[str, ...] = KINDS, named: Named | None = None) -> Iterator[Event]:
    """Every event of the scope with its id, in time order (the scope is checked first)."""
    chosen = choose(scope)
    prefixes = context()
    for kind, row in merged(chosen, kinds):
        if named is not None:
            _name(named, kind, row)
        yield with_id(BUILDERS[kind](row), prefixes)


@dataclass
class Exported:
    """What an export wrote: events per kind of record, and the catalog records it described."""

    events: Counter[str] = field(default_factory=Counter)
    described: int = 0

    @property
    def total(self) -> int:
        return sum(self.events.values())


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def head(created: dt.datetime | None = None) -> dict[str, Any]:
    """A document's opening fields."""
    created = created or timezone.now()
    return {"@context": [v.CONTEXT, context()], "type": "EPCISDocument", "schemaVersion": v.SCHEMA_VERSION,
            "creationDate": created.astimezone(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")}


def document_parts(scope: Scope, done: Exported | None = None) -> Iterator[str]:
    """The scope's EPCISDocument as text, one event per line, as it streams from the database
    (`done` counts what was written)."""
    done, named = done if done is not None else Exported(), Named()
    opening = _json(head())
    yield opening[:-1] + ',"epcisBody":{"eventList":['
    with sorts_on_disk():
        for event in events(scope, named=named):
            yield ("\n" if not done.total else ",\n") + _json(event)
            done.events[event["bizStep"]] += 1
    yield "\n]}"
    yield from _header(named, done)
    yield "}\n"


def _header(named: Named, done: Exported) -> Iterator[str]:
    """The master data of what the events named, element by element (a chunk of records at a time)."""
    opened = False
    for kind, elements in vocabularies(named, v.namespace(base())):
        yield (',"epcisHeader":{"epcisMasterData":{"vocabularyList":[' if not opened else ",") + \
            f'{{"type":{_json(kind)},"vocabularyElementList":['
        for n, element in enumerate(elements):
            yield ("," if n else "") + "\n" + _json(element)
            done.described += 1
        yield "]}"
        opened = True
    if opened:
        yield "]}}"


def write_document(scope: Scope, out: TextIO) -> Exported:
    """Write the scope's EPCISDocument to `out`."""
    done = Exported()
    for part in document_parts(scope, done):
        out.write(part)
    return done

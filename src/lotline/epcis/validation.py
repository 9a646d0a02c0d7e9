"""Checking a GS1 EPCIS 2.0 document (JSON-LD) before it is imported: every problem, each naming its
event and field in plain words, so a supplier can fix a whole file in one go.

A document is valid when it passes GS1's own JSON schema (reference/EPCIS-JSON-Schema.json, Draft 7)
with its formats really checked (jsonschema's FormatChecker: date-time by RFC 3339, uri by RFC 3986),
and when it is an EPCISDocument (or an EPCISQueryDocument: the answer to an EPCIS query, whose
epcisBody.queryResults.resultsBody.eventList we read the same way) of schemaVersion 2.0. The schema
alone would also take a bare event as a document, and any version number.

The envelope (everything but the events) and each event are checked apart, so one bad event hides
no other and each problem names its event's place in the eventList.

Speed: jsonschema takes about a millisecond an event, too slow for a 10,000-event file. So each event
first goes through jsonschema_rs (the same schema and the same format checks, compiled in Rust);
only an event it refuses is checked again by jsonschema, whose errors say what is wrong (and whose
word is final: an event jsonschema finds nothing wrong with is valid).
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import jsonschema_rs
from jsonschema import Draft7Validator, FormatChecker, ValidationError

from lotline.epcis.reasons import VOCABULARIES, explain, short
from lotline.errors import ErrorCode, LotlineError

SCHEMA_FILE = Path(__file__).with_name("reference") / "EPCIS-JSON-Schema.json"
DOCUMENT_TYPES = ("EPCISDocument", "EPCISQueryDocument")
SCHEMA_VERSION = "2.0"
# Where each document type keeps its events
EVENT_LISTS = {"EPCISDocument": ("epcisBody", "eventList"),
               "EPCISQueryDocument": ("epcisBody", "queryResults", "resultsBody", "eventList")}
FORMATS = ("date-time", "uri")  # the formats the schema uses; both must really be checked


@dataclass(frozen=True)
class Problem:
    """One thing wrong in an EPCIS document: `index` is the event's place in the eventList (from 0;
    None for the document itself), `event_id` its eventID ("" if it has none), `field` the path
    inside the event (or the document) such as inputQuantityList[0].quantity ("" for the whole
    event or document), `reason` one sentence saying what is wrong and what is allowed."""

    index: int | None
    event_id: str
    field: str
    reason: str

    def __str__(self) -> str:
        event = "document" if self.index is None else f"event {self.index}"
        event += f" ({self.event_id})" if self.event_id else ""
        return f"{event}, {self.field}: {self.reason}" if self.field else f"{event}: {self.reason}"


def parse(data: bytes | str) -> Any:
    """The document's JSON; an epcis_invalid error naming the line and column of UTF-8 or JSON at fault,
    or of a document that is not one JSON object. A UTF-8 byte order mark is skipped."""
    text = _text(data).removeprefix("\ufeff")
    try:
        document = json.loads(text, parse_constant=_not_json, parse_float=_finite)
    except json.JSONDecodeError as error:
        raise _unreadable(f"the document is not JSON at line {error.lineno} column {error.colno}: {error.msg}"
                          ) from None
    except _NotJson as error:
        line, column = _line_column(text, _position(text, error.token))
        raise _unreadable(f"the document is not JSON at line {line} column {column}: {short(error.token)} is "
                          "not a JSON number") from None
    if not isinstance(document, dict):
        line, column = _line_column(text, len(text) - len(text.lstrip()))
        kind = "a list" if isinstance(document, list) else "not an object"
        raise _unreadable(f"the document at line {line} column {column} is {kind}: an EPCIS document is one JSON "
                          'object {"type": "EPCISDocument", ...}')
    return document


def _text(data: bytes | str) -> str:
    if isinstance(data, str):
        return data
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        read = data[:error.start].decode("utf-8")
        line, column = _line_column(read, len(read))
        raise _unreadable(f"the document is not UTF-8 text at line {line} column {column}: save it as UTF-8"
                          ) from None


def problems(document: Any, *, limit: int = 100) -> list[Problem]:
    """Every problem of a parsed EPCIS document, the document's first, then each event's in order; at
    most `limit` of them. No problems: the document is valid."""
    found: dict[Problem, None] = {}  # in order, each once (one missing field may fail several rules)
    envelope, events = _split(document, found)
    checks = _checks()
    if envelope is not None:
        found.update(dict.fromkeys(_schema_problems(checks.envelope, envelope, None, "")))
        found.update(dict.fromkeys(_version_problems(envelope)))
    for index, event in enumerate(events):
        if len(found) >= limit:
            break
        if not checks.gate(event):
            event_id = event.get("eventID") if isinstance(event, dict) else ""
            event_id = event_id if isinstance(event_id, str) else ""
            found.update(dict.fromkeys(_schema_problems(checks.event, event, index, event_id)))
    return list(found)[:limit]


class _Checks(NamedTuple):
    envelope: Draft7Validator  # a document with its eventList emptied
    event: Draft7Validator  # one event of an eventList (definitions/EPCIS-Document-Event)
    gate: Callable[[Any], bool]  # the same as `event`, fast: True when the event is valid
    vocabularies: dict[tuple[str, ...], str]


@functools.cache
def _checks() -> _Checks:
    """The validators, built once: the schema is compiled on first use, then reused by every check."""
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    checker = Draft7Validator.FORMAT_CHECKER
    unchecked = set(FORMATS) - set(checker.checkers)
    if unchecked:  # jsonschema checks a format only when its optional library is installed
        raise RuntimeError(f"jsonschema cannot check the formats {sorted(unchecked)}: install rfc3339-validator "
                           "and rfc3986-validator")
    definitions = {k: v for k, v in schema.items() if k in ("$schema", "$id", "definitions")}
    event_schema = {**definitions, "$ref": "#/definitions/EPCIS-Document-Event"}
    gate = jsonschema_rs.Draft7Validator(event_schema, validate_formats=True, offline=True,
                                         formats={f: _format_check(checker, f) for f in FORMATS})
    vocabularies = {tuple(alt["enum"]): name for key, name in VOCABULARIES.items()
                    for alt in schema["definitions"][key]["anyOf"] if "enum" in alt}
    return _Checks(Draft7Validator(schema, format_checker=checker),
                   Draft7Validator(event_schema, format_checker=checker), gate.is_valid, vocabularies)


def _format_check(checker: FormatChecker, name: str) -> Callable[[str], bool]:
    """jsonschema's own check of a format, for jsonschema_rs to call; remembered, as a file repeats its
    places, products and times."""
    return functools.lru_cache(maxsize=65536)(lambda value: checker.conforms(value, name))


def _split(document: Any, found: dict[Problem, None]) -> tuple[dict[str, Any] | None, list[Any]]:
    """The document without its events (to check the envelope alone), and its events; or a problem
    in `found` when it is no EPCIS document at all."""
    if not isinstance(document, dict):
        found[Problem(None, "", "", f"the document is {_kind(document)}, not an object: an EPCIS document is one "
                                    'JSON object {"type": "EPCISDocument", ...}')] = None
        return None, []
    kind = document.get("type")
    if kind not in DOCUMENT_TYPES:
        reason = ("type is missing: an EPCIS document says \"type\": \"EPCISDocument\"" if kind is None else
                  f"{short(kind)} is not an EPCIS document type: send an EPCISDocument (or an EPCISQueryDocument)")
        found[Problem(None, "", "type", reason)] = None
        return None, []
    path = EVENT_LISTS[kind]
    parents = [document]
    for key in path[:-1]:
        child = parents[-1].get(key)
        if not isinstance(child, dict):
            return document, []  # the schema names what is missing or wrong on the way
        parents.append(child)
    events = parents[-1].get(path[-1])
    if not isinstance(events, list):
        return document, []
    envelope: dict[str, Any] = {**parents[-1], path[-1]: []}
    for parent, key in zip(reversed(parents[:-1]), reversed(path[:-1]), strict=True):
        envelope = {**parent, key: envelope}
    return envelope, events


def _schema_problems(validator: Draft7Validator, value: Any, index: int | None, event_id: str) -> Iterator[Problem]:
    """The value's schema errors as problems; an anyOf's (the nearest of its alternatives) only for a
    field no plain error names already (a wrong action breaks its enum and, again, an anyOf of actions)."""
    vocabularies = _checks().vocabularies
    alternatives: list[tuple[str, str]] = []
    named = set()
    error: ValidationError
    for error in validator.iter_errors(value):
        if error.validator in ("anyOf", "oneOf"):
            alternatives += explain(error, vocabularies)
            continue
        for field, reason in explain(error, vocabularies):
            named.add(field)
            yield Problem(index, event_id, field, reason)
    yield from (Problem(index, event_id, field, reason) for field, reason in alternatives if field not in named)


def _version_problems(document: dict[str, Any]) -> Iterator[Problem]:
    """schemaVersion 2.0: the schema takes any version number, and does not ask a query document for one."""
    version = document.get("schemaVersion")
    if "schemaVersion" not in document and document.get("type") == "EPCISQueryDocument":
        yield Problem(None, "", "schemaVersion", "schemaVersion is missing: an EPCIS 2.0 document says "
                                                 '"schemaVersion": "2.0"')
    elif isinstance(version, str) and re.fullmatch(r"\d+(\.\d+)*", version) and version != SCHEMA_VERSION:
        yield Problem(None, "", "schemaVersion", f"schemaVersion {short(version)} is not 2.0: Lotline reads "
                                                 "EPCIS 2.0 documents only")


class _NotJson(ValueError):
    def __init__(self, token: str) -> None:
        super().__init__(token)
        self.token = token


def _not_json(token: str) -> Any:
    raise _NotJson(token)  # NaN, Infinity, -Infinity: Python reads them, JSON has no such numbers


def _finite(token: str) -> float:
    number = float(token)
    if number in (float("inf"), float("-inf")):
        raise _NotJson(token)  # 1e999: too large for any quantity, and no JSON number anyone can read back
    return number


def _position(text: str, token: str) -> int:
    """Where a literal stands outside any string (a JSON string may hold the same characters)."""
    literal = re.compile(r'"(?:[^"\\]|\\.)*"|' + re.escape(token), re.DOTALL)
    return next((m.start() for m in literal.finditer(text) if m.group() == token), 0)


def _line_column(text: str, position: int) -> tuple[int, int]:
    """The line and column (from 1) of a position in the text."""
    before = text[:position]
    return before.count("\n") + 1, position - (before.rfind("\n") + 1) + 1


def _unreadable(message: str) -> LotlineError:
    return LotlineError(ErrorCode.EPCIS_INVALID, message, field="document")


def _kind(value: Any) -> str:
    return {list: "a list", str: "text", type(None): "null"}.get(type(value), "a number or true/false")


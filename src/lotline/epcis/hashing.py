"""The GS1 EPCIS event hash (CBV 2.0 section 8.9): one id per event, whoever writes it down and however.

Two systems that record the same event (our export, a customer's EPCIS repository) get the same
``ni:///sha-256;…?ver=CBV2.0`` id, so an auditor can match them without trusting either side's eventID.
The pre-hash string lists the event's fields in the canonical order, each value normalised (identifiers
as canonical GS1 Digital Link URIs, bare CBV words as their URIs, times in UTC to the millisecond,
numbers without padding); eventID, recordTime and errorDeclaration are left out, so a correction or a
re-export keeps the id. Where the published text leaves room, we do what GS1's reference implementation
(epcis-event-hash-generator 1.9.3) does, and the tests check our ids against it event by event.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections.abc import Mapping
from functools import lru_cache
from typing import Any, NamedTuple

from .canonical import canonical_identifier

CACHED = 1 << 16  # values kept canonical (bounded: memory stays flat in a million-event export)

# The prefixes of the EPCIS 2.0 JSON-LD context: an extension named gs1:… or cbvmda:… is hashed by its IRI.
STANDARD_PREFIXES = {
    "epcis": "https://ref.gs1.org/epcis/",
    "cbv": "https://ref.gs1.org/cbv/",
    "cbvmda": "urn:epcglobal:cbv:mda:",
    "gs1": "https://gs1.org/voc/",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "dcterms": "http://purl.org/dc/terms/",
}

_Order = list[tuple[str, "_Order | None"]]
_QUANTITY: _Order = [("quantityElement", [("epcClass", None), ("quantity", None), ("uom", None)])]
_EPCS: _Order = [("epc", None)]
_SENSOR_METADATA = "time startTime endTime deviceID deviceMetadata rawData dataProcessingMethod bizRules"
_SENSOR_REPORT = (
    "type exception deviceID deviceMetadata rawData dataProcessingMethod time microorganism chemicalSubstance value"
    " component stringValue booleanValue hexBinaryValue uriValue minValue maxValue meanValue sDev percRank percValue"
    " uom coordinateReferenceSystem"
)
# The canonical order of an event's fields (CBV 2.0 section 8.9.2). bizTransactionList, sourceList and
# destinationList are listed there, but the reference hashes them after the others, sorted with the
# extensions (its pairs never match this order); we do the same, so they are not listed here.
CANONICAL_ORDER: _Order = [
    ("eventTime", None),
    ("eventTimeZoneOffset", None),
    ("certificationInfo", None),
    ("parentID", None),
    ("epcList", _EPCS),
    ("inputEPCList", _EPCS),
    ("childEPCs", _EPCS),
    ("quantityList", _QUANTITY),
    ("childQuantityList", _QUANTITY),
    ("inputQuantityList", _QUANTITY),
    ("outputEPCList", _EPCS),
    ("outputQuantityList", _QUANTITY),
    ("action", None),
    ("transformationID", None),
    ("bizStep", None),
    ("disposition", None),
    ("persistentDisposition", [("set", None), ("unset", None)]),
    ("readPoint", [("id", None)]),
    ("bizLocation", [("id", None)]),
    (
        "sensorElementList",
        [
            (
                "sensorElement",
                [
                    ("sensorMetadata", [(name, None) for name in _SENSOR_METADATA.split()]),
                    ("sensorReport", [(name, None) for name in _SENSOR_REPORT.split()]),
                ],
            )
        ],
    ),
]
_LEFT_OUT = {"type", "eventID", "recordTime", "errorDeclaration"}
_NOT_HASHED = {"#text", "rdfs:comment", "comment"}
_PAIR_LISTS = {"bizTransactionList": "bizTransaction", "sourceList": "source", "destinationList": "destination"}
_CBV = "https://ref.gs1.org/cbv/"
# Where a bare word is a CBV or GS1 vocabulary term, and the IRI it stands for.
_VOCABULARY = {
    "bizStep": _CBV + "BizStep-",
    "disposition": _CBV + "Disp-",
    "set": _CBV + "Disp-",
    "unset": _CBV + "Disp-",
    "bizTransactionList.type": _CBV + "BTT-",
    "sourceList.type": _CBV + "SDT-",
    "destinationList.type": _CBV + "SDT-",
    "sensorReport.type": "https://gs1.org/voc/",
    "sensorReport.exception": "https://gs1.org/voc/",
    "sensorReport.component": _CBV + "Comp-",
}
_CBV_URNS = {"bizstep": "BizStep-", "disp": "Disp-", "btt": "BTT-", "sdt": "SDT-", "er": "ER-"}


class _Field(NamedTuple):
    """A field as the hash sees it: EPCIS XML's shape (a name, its text, its child fields)."""

    name: str
    text: str
    children: list[_Field]


def event_hash(event: Mapping[str, Any], context: Mapping[str, str] | None = None) -> str:
    """The CBV 2.0 hash id of one EPCIS 2.0 event in JSON; ``context`` maps the document's own prefixes to IRIs."""
    digest = hashlib.sha256(pre_hash_string(event, context).encode()).hexdigest()
    return f"ni:///sha-256;{digest}?ver=CBV2.0"


def pre_hash_string(event: Mapping[str, Any], context: Mapping[str, str] | None = None) -> str:
    """The canonical text the hash is taken of: shown when two systems disagree on an event's id."""
    prefixes = {**STANDARD_PREFIXES, **(context or {})}
    # JSON objects are dicts (checked as dict, not Mapping: an ABC check per value is a third of the time)
    fields = _reshape(_field("", _expand_vocabulary(dict(event), ""), prefixes)).children
    ordered, rest = _in_order(fields, CANONICAL_ORDER)
    return f"eventType={event.get('type', '')}{ordered}{_as_text([f for f in rest if f.name not in _LEFT_OUT])}"


def _expand_vocabulary(value: Any, path: str) -> Any:
    """Bare CBV words (``receiving``, ``in_progress``, ``po``) replaced by the IRIs the JSON-LD context gives them."""
    if isinstance(value, dict):
        return {key: _expand_vocabulary(item, _path(path, key)) for key, item in value.items()}
    if isinstance(value, list):
        return [_expand_vocabulary(item, path) for item in value]
    base = _VOCABULARY.get(path) or _VOCABULARY.get(path.rpartition(".")[2])
    if base and isinstance(value, str) and value and ":" not in value:
        return base + value
    return value


def _path(path: str, key: str) -> str:
    """The vocabulary's name for where a key sits: its parent list or report, then the key."""
    parent = path.rpartition(".")[2] if "." in path else path
    return (
        f"{parent}.{key}" if parent in {"bizTransactionList", "sourceList", "destinationList", "sensorReport"} else key
    )


def _field(name: str, value: Any, prefixes: Mapping[str, str]) -> _Field:
    """A JSON value as a field; a list becomes one field per item, prefixed names and values become IRIs."""
    if isinstance(value, dict):
        children = []
        for key, item in value.items():
            if key not in _NOT_HASHED:
                key = _expand_prefix(key, prefixes, braces=True)
                children += [_field(key, x, prefixes) for x in (item if isinstance(item, list) else [item])]
        return _Field(name, str(value.get("#text", "")), children)
    if isinstance(value, list):
        return _Field(name, "", [_field("", item, prefixes) for item in value])
    return _Field(name, _expand_prefix(value, prefixes, braces=False) if isinstance(value, str) else str(value), [])


def _expand_prefix(text: str, prefixes: Mapping[str, str], *, braces: bool) -> str:
    """``lotline:lot`` -> ``{https://…/ns/}lot`` as a name (XML's Clark notation) or ``https://…/ns/lot`` as a value."""
    prefix, colon, local = text.partition(":")
    if not colon or prefix not in prefixes:
        return text
    return f"{{{prefixes[prefix]}}}{local}" if braces else prefixes[prefix] + local


def _reshape(field: _Field) -> _Field:
    """JSON's lists in XML's shape: ``epcList: [..]`` holds ``epc`` fields, a quantity list ``quantityElement``s.

    bizTransactionList, sourceList and destinationList become (type, value) pairs, unnamed.
    """
    plain: list[_Field] = []
    lists: dict[str, list[_Field]] = {}
    child_epcs = []
    for child in field.children:
        if child.name.endswith("List"):
            lists.setdefault(child.name, []).append(_Field(child.name[:-4], child.text, child.children))
        elif child.name == "childEPCs":
            child_epcs.append(_Field("epc", child.text, []))
        else:
            plain.append(_reshape(child))
    for name, items in lists.items():
        if name in _PAIR_LISTS:
            plain.append(_Field(name, "", [_pair(item, _PAIR_LISTS[name]) for item in items]))
        else:
            plain.append(_reshape(_Field(name, "", items)))
    if child_epcs:
        plain.append(_Field("childEPCs", "", child_epcs))
    name = field.name
    if name in {"inputEPC", "outputEPC"}:
        name = "epc"
    elif name in {"inputQuantity", "outputQuantity", "childQuantity"} or (name == "quantity" and plain):
        name = "quantityElement"
    return _Field(name, field.text, plain)


def _pair(item: _Field, value_name: str) -> _Field:
    """A business transaction, source or destination: its type (if any), then its identifier; nothing else is hashed."""
    kinds = [c for c in item.children if c.name == "type"][:1]
    values = [c for c in item.children if c.name == value_name][:1]
    return _Field("", "", kinds + values)


def _in_order(fields: list[_Field], order: _Order) -> tuple[str, list[_Field]]:
    """The fields named in ``order``, in that order (repeats sorted), and the fields left for the rest.

    Inside a nested field, extensions (``{iri}name``) follow its ordered fields, sorted; at the event's
    level they go with the rest.
    """
    extensions = _extensions(fields)
    fields = [f for f in fields if f not in extensions]
    by_name: dict[str, list[_Field]] = {}
    for f in fields:
        by_name.setdefault(f.name, []).append(f)
    text = ""
    rest: list[_Field] = []
    for name, inner in order:
        texts = []
        for field in by_name.get(name, ()):
            own, left = _in_order(field.children, inner) if inner else ("", field.children)
            value = _canonical_time(field.text) if _is_time(name) else _canonical_value(field.text)
            if value or own:
                texts.append(name + (f"={value}" if value else "") + own)
            if left:
                rest.append(_Field(name, field.text, left))
        text += "".join(sorted(texts))
    named = {name for name, _ in order}
    rest += [f for f in fields if f.name not in named]
    return text + (_as_text(extensions) if extensions else ""), rest


def _extensions(fields: list[_Field]) -> list[_Field]:
    """A nested field's user extensions, hashed after its standard fields (GS1's reference: not at event level)."""
    if len(fields) <= 1 or any("eventTime" in f.name or "action" in f.name for f in fields):
        return []
    return [f for f in fields if "{" in f.name and "/}" in f.name]


def _as_text(fields: list[_Field]) -> str:
    """Fields outside the canonical order, each as name=value then its children, sorted unless they are a pair."""
    texts = [f.name + (f"={_canonical_value(f.text)}" if f.text.strip() else "") + _as_text(f.children) for f in fields]
    in_pair = any(f.name in _PAIR_LISTS.values() for f in fields)
    return "".join(texts if in_pair or len(fields) <= 1 else sorted(texts))


def _is_time(name: str) -> bool:
    return "time" in name.lower() and "offset" not in name.lower()


@lru_cache(maxsize=CACHED)
def _canonical_time(text: str) -> str:
    """A timestamp in UTC to the millisecond (``2026-03-04T09:15:00.000Z``); text that is no timestamp, as it is."""
    text = text.strip()
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return text
    if moment.tzinfo is None:  # EPCIS requires an offset; a time without one is taken as UTC
        moment = moment.replace(tzinfo=dt.UTC)
    moment = moment.astimezone(dt.UTC)
    # Rounded half to even to the millisecond, as the reference rounds (round(µs, -3)).
    moment = moment.replace(microsecond=0) + dt.timedelta(microseconds=round(moment.microsecond, -3))
    return moment.isoformat(timespec="milliseconds").removesuffix("+00:00") + "Z"


@lru_cache(maxsize=CACHED)  # the same places, classes and words recur event after event: an export's hashes
def _canonical_value(text: str) -> str:
    """A value as the hash compares it: CBV 1 URNs as CBV 2 URIs, numbers unpadded, GS1 keys as Digital Links."""
    text = text.strip()
    for kind, term in _CBV_URNS.items():
        text = text.replace(f"urn:epcglobal:cbv:{kind}:", _CBV + term)
    text = _canonical_number(text)
    return canonical_identifier(text) or text


def _canonical_number(text: str) -> str:
    """``+200.50`` -> ``200.5``, ``10.0`` -> ``10``; anything that is not a finite number is left alone."""
    try:
        number = float(text)
    except ValueError:
        return text
    if not math.isfinite(number):
        return text
    return str(int(number)) if number.is_integer() else str(number)

"""One plain sentence per schema error: what is wrong with a value and what is allowed instead.

jsonschema's own messages quote the whole failing value (a whole event, for an anyOf) and, for the
schema's "a CBV word or a URI" anyOfs, say only "is not valid under any of the given schemas". Here
an anyOf/oneOf is explained by the alternative that came nearest (jsonschema's best_match, which goes
down into the deepest relevant error), and every quoted value is cut to SHORT characters.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, cast

from jsonschema import ValidationError
from jsonschema.exceptions import relevance

SHORT = 60  # characters of a value quoted in a sentence

# The schema's vocabularies (a bare word of its enum, or a URI of your own), by the definition naming them
VOCABULARIES = {
    "bizStep": "CBV business step",
    "disposition": "CBV disposition",
    "bizTransaction-type": "CBV business transaction type",
    "source-dest-type": "CBV source or destination type",
    "error-reason": "CBV error reason",
    "component": "CBV location component",
    "measurementType": "GS1 measurement type",
    "sensorAlertType": "GS1 sensor alert type",
}
EVENT_TYPES = ("ObjectEvent", "AggregationEvent", "TransactionEvent", "TransformationEvent", "AssociationEvent")
TYPE_WORDS = {"string": "text", "number": "a number", "integer": "a whole number", "boolean": "true or false",
              "object": "an object {...}", "array": "a list [...]", "null": "null"}
FORMATS = {
    "date-time": "a date-time: write it as RFC 3339 with its offset, like 2026-05-01T09:30:00Z or "
                 "2026-05-01T09:30:00+02:00",
    "uri": "an absolute URI: write one such as urn:epc:id:sgtin:0614141.107346.2017 or "
           "https://id.gs1.org/01/09506000134352/10/L1",
}
PATTERNS = {
    "eventTimeZoneOffset": "a time-zone offset: write it as +hh:mm or -hh:mm, like +02:00 (-14:00 to +14:00)",
    "schemaVersion": "a version: write 2.0",
}

NOT_HERE = {"ilmd": ": an ObjectEvent takes ilmd (the lot's master data) only with action ADD"}


def short(value: Any) -> str:
    """A value as a sentence quotes it: a string in quotes, anything else as compact JSON; at most SHORT characters."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, separators=(",", ":"),
                                                           default=str)
    if len(text) > SHORT:
        text = text[:SHORT - 1] + "…"
    return repr(text) if isinstance(value, str) else text


def field_of(path: Iterable[str | int]) -> str:
    """A readable path: inputQuantityList[0].quantity."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else f".{part[:SHORT]}" if text else part[:SHORT]
    return text


def explain(error: ValidationError, vocabularies: dict[tuple[str, ...], str]) -> Iterator[tuple[str, str]]:
    """The (field, sentence) pairs one jsonschema error stands for; the field is the path from the validated value."""
    path = list(error.absolute_path)
    value, keyword, wanted, schema = _facts(error)
    if keyword in ("anyOf", "oneOf"):
        yield from _alternatives(error, path, vocabularies)
    elif keyword == "required":
        missing = [name for name in wanted if name not in value]
        owner = f"{field_of(path)}" if path else _owner(value)
        yield from ((field_of([*path, name]), f"{name} is missing: {owner} must have it") for name in missing)
    elif keyword == "additionalProperties":
        known = list(schema.get("properties", {}))
        for name in (n for n in value if n not in known):
            yield field_of([*path, name]), f"{short(name)} is not a field here: use {_listed(known)}"
    else:
        yield field_of(path), _sentence(error, path)


def _alternatives(error: ValidationError, path: list[str | int],
                  vocabularies: dict[tuple[str, ...], str]) -> Iterator[tuple[str, str]]:
    """An anyOf/oneOf: a vocabulary's word, a field name of no vocabulary, one of several fields, or the nearest try."""
    value, _, wanted, _ = _facts(error)
    if "propertyNames" in error.absolute_schema_path:
        yield field_of([*path, value]), _unknown_field(value, sorted(set(_enums(error.context))))
        return
    words = next((tuple(alt["enum"]) for alt in wanted
                  if isinstance(alt, dict) and tuple(alt.get("enum", ())) in vocabularies), None)
    if words is not None:
        yield field_of(path), _vocabulary_sentence(value, vocabularies[words], words)
        return
    if error.context and all(e.validator == "required" and not e.path for e in error.context):
        names = [n for e in error.context for n in _facts(e)[2] if n not in value]
        owner = field_of(path) if path else _owner(value)
        yield field_of([*path, names[0]]), f"{' or '.join(names)} is missing: {owner} must have one of them"
        return
    # The alternative the value came nearest to: leave out those that only miss a field (the person
    # chose another), then take the deepest error, of the alternative of the value's type (jsonschema's
    # relevance, the order best_match goes down an error's context in)
    tries = [e for e in error.context if e.validator != "required"] or error.context
    if not tries:
        yield field_of(path), f"{short(value)} matches none of the forms allowed here"
    else:
        yield from explain(min(tries, key=relevance), vocabularies)


def _vocabulary_sentence(value: Any, name: str, words: Sequence[str]) -> str:
    if not isinstance(value, str):
        return f"{short(value)} is not a {name}: write a bare word of its vocabulary, or a URI for your own"
    like = difflib.get_close_matches(value, words, n=1) or list(words[:3])
    return f"{short(value)} is not a {name}: use a bare word of its vocabulary such as {', '.join(like)}, " \
           "or a URI for your own"


def _unknown_field(name: str, known: list[str]) -> str:
    like = difflib.get_close_matches(name, known, n=1)
    hint = f"did you mean {like[0]}? " if like else ""
    return f"{short(name)} is not a field EPCIS knows here: {hint}use one of its fields, or a URI (a prefixed " \
           f"name such as example:{name[:SHORT]}, its prefix in @context) for a field of your own"


def _sentence(error: ValidationError, path: list[str | int]) -> str:
    """A single keyword's failure (type, format, enum, pattern, ...) as a sentence."""
    value, keyword, wanted, _ = _facts(error)
    last = path[-1] if path else ""
    if keyword == "format" and path == ["type"]:
        like = difflib.get_close_matches(str(value), EVENT_TYPES, n=1)
        hint = f" (did you mean {like[0]}?)" if like else ""
        return f"{short(value)} is not an EPCIS event type{hint}: use {_listed(EVENT_TYPES)}, or a URI for an " \
               "extension event"
    if keyword == "format":
        return f"{short(value)} is not {FORMATS.get(wanted, wanted)}"
    if keyword == "type":
        kinds = [wanted] if isinstance(wanted, str) else list(wanted)
        return f"{short(value)} is {_kind(value)}: {field_of(path) or 'it'} must be " \
               f"{' or '.join(TYPE_WORDS.get(k, k) for k in kinds)}"
    if keyword == "enum":
        return f"{short(value)} is not allowed here: use {_listed(wanted)}"
    if keyword == "pattern":
        return f"{short(value)} is not {PATTERNS.get(str(last), f'written as this field must be ({wanted})')}"
    if keyword == "not" and not wanted:
        return f"{field_of(path) or 'it'} is not allowed here{NOT_HERE.get(str(last), '')}"
    if keyword == "uniqueItems":
        return f"{field_of(path) or 'the list'} names the same value twice: list each once"
    return f"{short(value)} breaks the schema's rule {keyword}: {short(wanted)}"


def _facts(error: ValidationError) -> tuple[Any, str, Any, Mapping[str, Any]]:
    """The failing value, the keyword, its value in the schema, and the schema: set on every error a
    validation yields (the stubs allow them unset, for an error made by hand)."""
    return (cast(Any, error.instance), cast(str, error.validator), cast(Any, error.validator_value),
            cast(Mapping[str, Any], error.schema))


def _owner(value: Any) -> str:
    kind = value.get("type") if isinstance(value, dict) else None
    return f"an {kind}" if isinstance(kind, str) and kind[:1] in "AEIOU" else f"a {kind}" if kind else "it"


def _kind(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    return {str: "text", dict: "an object", list: "a list", int: "a number", float: "a number"}.get(
        type(value), type(value).__name__)


def _enums(errors: Iterable[ValidationError]) -> Iterator[str]:
    for error in errors:
        if error.validator == "enum":
            yield from _facts(error)[2]
        yield from _enums(error.context or ())


def _listed(words: Sequence[str], most: int = 8) -> str:
    words = [str(w) for w in words]
    if len(words) > most:
        return ", ".join(words[:most]) + ", ..."
    return ", ".join(words[:-1]) + f" or {words[-1]}" if len(words) > 1 else "".join(words)

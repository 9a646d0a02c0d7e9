"""The API's shapes of the domain's answers, derived from the types the domain declares them with
(lots.queries: Match, LotDetails; trace.queries: Trace, Recall): a field added to an answer is in
the API and its OpenAPI document at once, never declared a second time here.

What the derivation adds is the API's way of writing values: a Decimal is an `Amount` (20, not
20.000000); a nested answer is derived in turn; a text in a field's Annotated is its description and
a choices class there (LotKind) the values it takes; a field an answer may leave out
(NotRequired) is null, or an empty list; a key that is a Python keyword ("from") is the alias
of a field named with a trailing "_".
"""

from __future__ import annotations

import dataclasses
import keyword
import types
from decimal import Decimal
from enum import Enum
from functools import cache
from typing import Annotated, Any, NotRequired, Union, get_args, get_origin, get_type_hints, is_typeddict

from pydantic import Field, create_model

from .schemas import Amount, DictOut


@cache
def derived(answer: type) -> type[DictOut]:
    """The API schema (a DictOut, validated from the answer's dicts) of a TypedDict or dataclass."""
    hints = get_type_hints(answer, include_extras=True)
    required = getattr(answer, "__required_keys__", None)
    defaults = {f.name: f.default for f in dataclasses.fields(answer)
                if f.default is not dataclasses.MISSING} if dataclasses.is_dataclass(answer) else {}
    fields: dict[str, Any] = {}
    for key, hint in hints.items():
        optional = get_origin(hint) is NotRequired or (required is not None and key not in required)
        if get_origin(hint) is NotRequired:
            hint = get_args(hint)[0]
        api_type = _api_type(hint)
        name = f"{key}_" if keyword.iskeyword(key) else key
        options: dict[str, Any] = {"description": _description(hint), "alias": key if name != key else None}
        if key in defaults:
            options["default"] = defaults[key]
        elif optional and get_origin(api_type) is list:
            options["default_factory"] = list
        elif optional:
            api_type, options["default"] = api_type | None, None
        fields[name] = (api_type, Field(**options))
    return create_model(answer.__name__, __base__=DictOut, __doc__=answer.__doc__, **fields)


def many(answer: type) -> Any:
    """The API schema of a list of an answer (list[derived(answer)])."""
    return _list_of(derived(answer))


def _list_of(item: Any) -> types.GenericAlias:
    """list[item] for a type made at run time (what a type checker cannot read inside brackets)."""
    return types.GenericAlias(list, (item,))


def _description(hint: Any) -> str | None:
    if get_origin(hint) is Annotated:
        return next((m for m in hint.__metadata__ if isinstance(m, str)), None)
    return None


def _api_type(hint: Any) -> Any:
    """The type the API declares for a domain type."""
    origin = get_origin(hint)
    if origin is Annotated:
        choices = [m for m in hint.__metadata__ if isinstance(m, type) and issubclass(m, Enum)]
        return choices[0] if choices else _api_type(get_args(hint)[0])
    if hint is Decimal:
        return Amount
    if is_typeddict(hint) or (isinstance(hint, type) and dataclasses.is_dataclass(hint)):
        return derived(hint)
    if origin is list:
        return _list_of(_api_type(get_args(hint)[0]))
    if origin in (Union, types.UnionType):
        return Union[tuple(_api_type(arg) for arg in get_args(hint))]  # noqa: UP007 (built from a tuple)
    return hint

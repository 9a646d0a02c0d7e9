"""Finding catalog records the way people name them: by code or ref, or by (part of) the name.

Each finder tries, in order: the exact code, the code in any case, the whole name in any case,
then a unique part of the name. Two records that both fit at the same step are never guessed
between: the error lists them so the person can pick one by code.
"""

from __future__ import annotations

from typing import TypeVar

from django.db import models

from lotline.errors import ErrorCode, LotlineError

from .models import Customer, Item, ItemKind, Site, Supplier

M = TypeVar("M", Customer, Item, Site, Supplier)  # the records found by code or name
SHOWN = 8  # candidates named in an "ambiguous" error
# entity -> its codes for a text that names none of them, and for one that names several
CODES = {"supplier": (ErrorCode.UNKNOWN_SUPPLIER, ErrorCode.AMBIGUOUS_SUPPLIER),
         "customer": (ErrorCode.UNKNOWN_CUSTOMER, ErrorCode.AMBIGUOUS_CUSTOMER),
         "item": (ErrorCode.UNKNOWN_ITEM, ErrorCode.AMBIGUOUS_ITEM),
         "site": (ErrorCode.UNKNOWN_SITE, ErrorCode.AMBIGUOUS_SITE)}


def _steps(key: str, words: str, *, partial: bool = True) -> list[dict[str, str]]:
    exact = [{key: words}, {f"{key}__iexact": words}, {"name__iexact": words}]
    return [*exact, {"name__icontains": words}] if partial else exact


def _find(model: type[M], key: str, text: str, *, entity: str, field: str, word: str = "",
          qs: models.QuerySet[M] | None = None, partial: bool = True) -> M:
    """`entity` picks the error codes (unknown_item, CODES); `word` goes into messages ("no product ...")."""
    word = word or entity
    unknown, ambiguous = CODES[entity]
    words = " ".join(text.split())
    if not words:
        raise LotlineError(ErrorCode.MISSING, f"name the {word} (its {key} or name)", field=field)
    qs = model._default_manager.all() if qs is None else qs
    for lookup in _steps(key, words, partial=partial):
        found = list(qs.filter(**lookup).order_by(key)[:SHOWN + 1])
        if len(found) == 1:
            return found[0]
        if found:
            listed = ", ".join(f"{getattr(o, key)} ({o.name})" for o in found[:SHOWN])
            more = " and more" if len(found) > SHOWN else ""
            raise LotlineError(ambiguous, f"{words!r} matches several {word}s: {listed}{more}; give the {key}",
                               field=field)
    raise LotlineError(unknown, f"no {word} with {key} or name {words!r}", field=field)


def find_supplier(text: str, *, field: str = "supplier") -> Supplier:
    """The supplier a person means by `text`: its ref (VALLEY) or its name ("valley farm")."""
    return _find(Supplier, "ref", text, entity="supplier", field=field)


def find_customer(text: str, *, field: str = "customer") -> Customer:
    """The customer a person means by `text`: its ref (GOODEARTH) or its name ("Good Earth Co-op")."""
    return _find(Customer, "ref", text, entity="customer", field=field)


def find_item(text: str, *, kind: ItemKind | str | None = None, field: str = "item") -> Item:
    """The item a person means by `text`: its code (STRAW) or its name ("strawberries").

    With `kind`, only ingredients or only products are considered (a batch makes a product).
    """
    if not kind:
        return _find(Item, "code", text, entity="item", field=field)
    # A code or whole name of the other kind is a mistake to name, not a reason to look further:
    # "straw" must not quietly become Strawberry jam because Strawberries are an ingredient.
    try:
        item = _find(Item, "code", text, entity="item", field=field, partial=False)
    except LotlineError as error:
        if error.code != ErrorCode.UNKNOWN_ITEM:
            raise
        item = None
    if item is not None and item.kind != kind:
        code = ErrorCode.NOT_AN_INGREDIENT if kind == ItemKind.INGREDIENT else ErrorCode.NOT_A_PRODUCT
        raise LotlineError(code, f"{item.code} ({item.name}) is {_a(item.kind)}, not {_a(kind)}", field=field)
    return item or _find(Item, "code", text, entity="item", word=str(kind), field=field,
                         qs=Item.objects.filter(kind=kind))


def _a(kind: str) -> str:
    return f"an {kind}" if kind == ItemKind.INGREDIENT else f"a {kind}"


def find_site(text: str, *, field: str = "site") -> Site:
    """The site a person means by `text`: its code (K1) or its name ("home kitchen")."""
    return _find(Site, "code", text, entity="site", field=field)

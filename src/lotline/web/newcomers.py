"""A supplier or customer added from the form that needs it (receive, ship, market day), without
leaving it: the catalog's own verb records it (an owner's right, as on the catalog pages), and the
form comes back as it was typed, with the new one chosen.

The new one's fields belong to a small form of their own (`form="new-supplier"`), so Enter in them
adds it and Enter anywhere else still sends the form the person was filling in. With htmx, that
small form also sends what was typed in the big one (hx-include); without it, the big form comes
back empty but for the new one.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django import forms
from django.http import HttpRequest

from lotline.accounts.rights import Right, require
from lotline.catalog.services import add_records
from lotline.catalog.specs import SPECS
from lotline.errors import Forbidden, LotlineError

from .catalog_views import CatalogForm, form_for
from .problems import show


class Newcomer(CatalogForm):
    """A new supplier's (or customer's) small form, inside the form that needs one."""

    entity = ""  # the catalog's word: supplier, customer

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["prefix"] = f"new_{self.entity}"
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["form"] = f"new-{self.entity}"


def _newcomer(entity: str) -> type[Newcomer]:
    """The small form with the fields of the catalog's own form for this kind of record."""
    spec = SPECS[entity]
    return type(f"New{spec.model_name}Form", (Newcomer, form_for(spec)), {"entity": entity})


NewSupplierForm = _newcomer("supplier")
NewCustomerForm = _newcomer("customer")


def adding(request: HttpRequest, newcomer: type[Newcomer]) -> bool:
    """Whether this POST adds a supplier (or customer) rather than records the form."""
    return request.method == "POST" and request.POST.get("add") == newcomer.entity


def add(request: HttpRequest, newcomer: type[Newcomer]) -> tuple[Newcomer, str]:
    """Record the new one through the catalog's verb: (a blank form, its key), or (the form with
    its problems, "")."""
    require(request.user, Right.MANAGE)
    form = newcomer(request.POST)
    if not form.is_valid():
        return form, ""
    row = form.values()
    try:
        add_records(newcomer.entity, [row], actor=request.user.get_username())
    except Forbidden:
        raise
    except LotlineError as error:
        error.problems = [replace(p, row=None) for p in error.problems]  # one record, not "row 1"
        show(form, error)
        return form, ""
    return newcomer(), row["ref"].strip()


def as_typed(request: HttpRequest, form_class: type[forms.Form]) -> dict[str, str]:
    """The values of the big form as they were typed, to show it again unchanged."""
    return {name: request.POST[name] for name in form_class.base_fields if request.POST.get(name)}

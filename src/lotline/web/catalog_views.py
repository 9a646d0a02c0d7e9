"""Catalog pages: items (with allergens and recipes), suppliers, customers, sites and equipment.

Everyone who may read sees the lists and records; only a role that may manage gets the add and
save buttons (and a 403 on a POST). Every write is a catalog verb, so it is an event in the ledger.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cache
from typing import Any

from django import forms
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.text import capfirst

from lotline.accounts.rights import Right, can, require
from lotline.catalog.allergens import BIG_9
from lotline.catalog.models import Equipment, Item, ItemKind, Site
from lotline.catalog.recipes import RecipeLineIn, recipe_for, set_recipe
from lotline.catalog.services import add_records, update_record
from lotline.catalog.specs import SPECS, Field, Kind, Spec
from lotline.catalog.units import UNITS
from lotline.errors import LotlineError
from lotline.quantities import QuantityError, exact, read

from .access import needs
from .allergen_views import CleaningForm, cleanings_of
from .fields import choice_field
from .once import new_token, submit_once
from .problems import show

PER_PAGE = 50
EXTRA_RECIPE_LINES = 3


def _blank(choices: Any) -> list[tuple[str, str]]:
    return [("", "choose…"), *choices]


def _form_field(f: Field) -> forms.Field:
    """A catalog field as a form field. Lengths are the verb's to check (its too_long names the field
    the same way on every door); the browser's maxlength stops typing at the limit."""
    kw: dict[str, Any] = {"required": False, "label": capfirst(f.label), "help_text": f.help}
    if f.kind == Kind.ALLERGENS:
        return forms.MultipleChoiceField(choices=[(a, a) for a in BIG_9], widget=forms.CheckboxSelectMultiple, **kw)
    if f.kind == Kind.FLAG:
        return forms.BooleanField(**kw)
    if f.kind == Kind.CHOICE and f.choices:
        choices = f.choices.choices if f.default else _blank(f.choices.choices)
        return forms.ChoiceField(choices=choices, initial=f.default or None, **kw)
    if f.kind == Kind.UNIT:
        return forms.ChoiceField(choices=_blank((u, u) for u in UNITS), **kw)
    if f.kind == Kind.SITE:
        return forms.ChoiceField(**kw)  # the sites, filled in when the form is made
    return forms.CharField(widget=forms.TextInput(attrs={"maxlength": f.length}), **kw)


class CatalogForm(forms.Form):
    """A catalog record's form, its fields those of its spec."""

    spec: Spec

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in self.fields:
            if self.spec.field(name).kind == Kind.SITE:
                sites = Site.objects.order_by("code").values_list("code", "name")
                choice_field(self, name).choices = [("", "any site"), *((c, f"{c} {n}") for c, n in sites)]

    def values(self) -> dict[str, Any]:
        """The cleaned values as the verbs take them (allergens ';'-separated)."""
        return {name: ";".join(value) if isinstance(value, list) else value
                for name, value in self.cleaned_data.items()}

    @classmethod
    def initial_of(cls, obj: Any) -> dict[str, Any]:
        initial = {c: getattr(obj, c) for c in cls.spec.columns}
        return initial | {f.name: [a for a in getattr(obj, f.name).split(";") if a]
                          for f in cls.spec.fields if f.kind == Kind.ALLERGENS}


@cache
def form_for(spec: Spec) -> type[CatalogForm]:
    fields = {f.name: _form_field(f) for f in spec.fields}
    return type(f"{spec.model_name}Form", (CatalogForm,), {"spec": spec, **fields})


@dataclass(frozen=True)
class Entity:
    """One kind of catalog record as its pages show it."""

    spec: Spec
    listed: list[str]  # the columns of its list
    search: list[str]

    @property
    def plural(self) -> str:  # in the URL: /catalog/items/
        return self.spec.plural

    @property
    def title(self) -> str:
        return self.spec.plural.capitalize()

    @property
    def key(self) -> str:
        return self.spec.key

    @property
    def form(self) -> type[CatalogForm]:
        return form_for(self.spec)


ENTITIES = {e.plural: e for e in [
    Entity(SPECS["item"], ["code", "name", "kind", "unit", "allergens"], ["code", "name"]),
    Entity(SPECS["supplier"], ["ref", "name", "contact"], ["ref", "name"]),
    Entity(SPECS["customer"], ["ref", "name", "kind", "contact"], ["ref", "name"]),
    Entity(SPECS["site"], ["code", "name", "address"], ["code", "name"]),
    Entity(SPECS["equipment"], ["code", "name", "site"], ["code", "name"]),
]}


def _entity(plural: str) -> Entity:
    entity = ENTITIES.get(plural)
    if entity is None:
        raise Http404(f"no catalog list {plural!r}")
    return entity


def _one_record(error: LotlineError) -> LotlineError:
    """A form adds one record: drop the 'row 1' each problem of a many-row check names."""
    error.problems = [replace(p, row=None) for p in error.problems]
    return error


def _refused(request: HttpRequest, template: str, context: dict[str, Any], form: forms.Form,
             error: LotlineError) -> HttpResponse:
    show(form, _one_record(error))
    return render(request, template, context | {"form": form, "once": new_token()}, status=400)


@needs(Right.READ)
def index(request: HttpRequest) -> HttpResponse:
    counts = [(e, e.spec.records.count()) for e in ENTITIES.values()]
    return render(request, "web/catalog/index.html", {"counts": counts})


@needs(Right.READ)
def record_list(request: HttpRequest, plural: str) -> HttpResponse:
    entity = _entity(plural)
    query = request.GET.get("q", "").strip()
    rows = entity.spec.records.order_by(entity.key)
    if query:
        match = Q()
        for name in entity.search:
            match |= Q(**{f"{name}__icontains": query})
        rows = rows.filter(match)
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    table = [(getattr(obj, entity.key), [getattr(obj, c) for c in entity.listed]) for obj in page]
    return render(request, "web/catalog/list.html", {
        "entity": entity, "page": page, "table": table, "query": query,
        "headers": [entity.spec.field(c).label for c in entity.listed]})


@needs(Right.MANAGE)
def record_add(request: HttpRequest, plural: str) -> HttpResponse:
    entity = _entity(plural)
    context = {"entity": entity, "adding": True}
    template = "web/catalog/form.html"
    if request.method != "POST":
        return render(request, template, context | {"form": entity.form(), "once": new_token()})
    form = entity.form(request.POST)
    if not form.is_valid():
        return render(request, template, context | {"form": form, "once": new_token()}, status=400)

    def write() -> str:
        row = form.values()
        add_records(entity.spec.entity, [row], actor=request.user.get_username())
        return reverse("catalog_record", args=[plural, row[entity.key].strip()])

    try:
        return submit_once(request, write)
    except LotlineError as error:
        return _refused(request, template, context, form, error)


@needs(Right.READ)
def record_page(request: HttpRequest, plural: str, key: str) -> HttpResponse:
    """A record: its form to change it (for managers) or its values, read-only."""
    entity = _entity(plural)
    obj = entity.spec.records.filter(**{entity.key: key}).first()
    if obj is None:
        raise Http404(f"no {entity.spec.entity} {key}")
    managing = can(request.user, Right.MANAGE)
    context = {"entity": entity, "obj": obj, "key": key, "managing": managing,
               "recipe": recipe_for(key) if isinstance(obj, Item) and obj.kind == ItemKind.PRODUCT else None,
               "cleanings": cleanings_of(obj.code) if isinstance(obj, Equipment) else None,
               "cleaning_form": CleaningForm() if isinstance(obj, Equipment) else None,
               "may_record": can(request.user, Right.RECORD, site=getattr(obj, "site", None) or None)}
    template = "web/catalog/form.html"
    initial = entity.form.initial_of(obj)
    if request.method != "POST":
        form = entity.form(initial=initial)
        _fix_key(form, entity, managing)
        return render(request, template, context | {"form": form, "once": new_token()})
    require(request.user, Right.MANAGE)
    form = entity.form(request.POST, initial=initial)
    _fix_key(form, entity, managing)
    if not form.is_valid():
        return render(request, template, context | {"form": form, "once": new_token()}, status=400)
    changes = {c: v for c, v in form.values().items() if c != entity.key}

    def write() -> str:
        update_record(entity.spec.entity, key, changes, actor=request.user.get_username())
        return reverse("catalog_record", args=[plural, key])

    try:
        return submit_once(request, write)
    except LotlineError as error:
        return _refused(request, template, context, form, error)


def _fix_key(form: forms.Form, entity: Entity, managing: bool) -> None:
    """A code is printed on labels and invoices: it is never changed, so its field is shown, not sent."""
    for name, field in form.fields.items():
        field.disabled = name == entity.key or not managing


# --- recipes ----------------------------------------------------------------------------------


@dataclass
class RecipeRow:
    n: int
    ingredient: str = ""
    quantity: str = ""
    unit: str = ""
    errors: list[str] | None = None

    @property
    def blank(self) -> bool:
        return not (self.ingredient or self.quantity or self.unit)


def _number(text: str) -> Decimal | str:
    """A quantity as every way in reads it (lotline.quantities); text that is not one goes to the
    recipe verb, which says why."""
    try:
        return read(text)
    except QuantityError:
        return text


@needs(Right.READ)
def recipe_page(request: HttpRequest, code: str) -> HttpResponse:
    product = Item.objects.filter(code=code).first()
    if product is None or product.kind != ItemKind.PRODUCT:
        raise Http404(f"no product {code}")
    managing = can(request.user, Right.MANAGE)
    ingredients = Item.objects.exclude(pk=product.pk).order_by("code").values_list("code", "name", "unit")
    context: dict[str, Any] = {"product": product, "managing": managing, "ingredients": ingredients,
                               "units": list(UNITS)}
    template = "web/catalog/recipe.html"
    if request.method != "POST":
        recipe = recipe_for(code)
        rows = [RecipeRow(n, line.ingredient, _plain(line.quantity), line.unit)
                for n, line in enumerate(recipe.lines if recipe else [], 1)]
        rows += [RecipeRow(len(rows) + i) for i in range(1, EXTRA_RECIPE_LINES + _count(request.GET, "more") + 1)]
        batch = _plain(recipe.batch_quantity) if recipe else ""
        return render(request, template, context | {"rows": rows, "batch_quantity": batch, "once": new_token()})
    require(request.user, Right.MANAGE)
    rows = [RecipeRow(n, request.POST.get(f"ingredient_{n}", "").strip(), request.POST.get(f"quantity_{n}", "").strip(),
                      request.POST.get(f"unit_{n}", "").strip())
            for n in range(1, _count(request.POST, "lines") + 1)]
    used = [r for r in rows if not r.blank]
    batch = request.POST.get("batch_quantity", "").strip()

    def write() -> str:
        lines = [RecipeLineIn(r.ingredient, _number(r.quantity), r.unit) for r in used]
        set_recipe(code, lines, batch_quantity=_number(batch), actor=request.user.get_username())
        return reverse("catalog_recipe", args=[code])

    try:
        return submit_once(request, write)
    except LotlineError as error:
        top = _place_recipe_problems(error, used)
        return render(request, template, context | {"rows": rows, "batch_quantity": batch, "problems": top,
                                                    "once": new_token()}, status=400)


def _count(data: Any, name: str, limit: int = 200) -> int:
    text = data.get(name, "")
    return min(int(text), limit) if text.isdigit() else 0


def _place_recipe_problems(error: LotlineError, used: list[RecipeRow]) -> list[str]:
    """Each problem goes on the line it names (line 2 is the second line filled in); the rest on top."""
    top = []
    for problem in error.problems:
        n = problem.row or 0
        if 1 <= n <= len(used):
            row = used[n - 1]
            row.errors = [*(row.errors or []), f"{problem.field}: {problem.message}"]
        else:
            field = "batch quantity" if problem.field == "batch_quantity" else problem.field
            top.append(f"{field}: {problem.message}" if field else problem.message)
    return top


def _plain(value: Decimal) -> str:
    return exact(value)

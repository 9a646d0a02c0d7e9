"""The catalog: sites, suppliers, customers, items (with recipes) and equipment.

Reads need the read right; every write is a catalog verb (an event), which asks for the manage right.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Literal, TypeAlias, cast

from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate
from pydantic import Field as PydanticField
from pydantic import create_model
from pydantic.config import JsonDict

from lotline.accounts.rights import Right, require
from lotline.catalog.models import Customer, Equipment, Item, Site, Supplier
from lotline.catalog.recipes import RecipeLineIn, RecipeOut, recipe_for, set_recipe
from lotline.catalog.services import add_records, update_record
from lotline.catalog.specs import SPECS, Field, Kind, Spec
from lotline.errors import ErrorCode, LotlineError

from ..schemas import Amount, CodeInPath, ErrorOut, Quantity

router = Router(tags=["catalog"])
ERRORS: dict[int, Any] = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}


# --- shapes: each record's from its spec (catalog.specs) ---------------------------------------


def _type(f: Field) -> Any:
    """A field's type in the API: choices as their enum, allergens as a list, yes/no as a boolean."""
    if f.kind == Kind.CHOICE and f.choices:  # an optional one may be blank
        return f.choices if f.required or f.default else Literal[("", *f.choices.values)]
    if f.kind == Kind.ALLERGENS:
        return list[str]
    return bool if f.kind == Kind.FLAG else str


def _described(f: Field, default: Any = ...) -> Any:
    """The pydantic Field: its help as the description, its length as maxLength (the verb checks it,
    so a longer value gets the same too_long as on every other door)."""
    extra: JsonDict | None = {"maxLength": f.length} if f.checks_length else None
    return PydanticField(default, description=f.help or None, json_schema_extra=extra)


def _allergens_of(name: str) -> Any:
    """The resolver of an allergens field (contains, may contain): its ';'-separated text as a list."""
    def resolve(obj: Item) -> list[str]:
        return [a for a in getattr(obj, name).split(";") if a]
    return staticmethod(resolve)


def _shapes(spec: Spec) -> tuple[type[Schema], type[Schema], type[Schema]]:
    """The record as answered (Out), as added (In: optional fields have their defaults) and as
    changed (Patch: any field but the key), all from its spec."""
    out_base: type[Schema] = type(f"{spec.model_name}OutBase", (Schema,), {
        f"resolve_{f.name}": _allergens_of(f.name) for f in spec.fields if f.kind == Kind.ALLERGENS})
    # (type, pydantic Field) per field, as Any: mypy matches create_model's **fields with its __config__ too
    showing: dict[str, Any] = {f.name: (_type(f), _described(f)) for f in spec.fields}
    adding: dict[str, Any] = {f.name: (_type(f), _described(f, ... if f.required else _default(f)))
                              for f in spec.fields}
    changing: dict[str, Any] = {f.name: (_type(f) | None, _described(f, None)) for f in spec.fields[1:]}
    out = create_model(f"{spec.model_name}Out", __base__=out_base, **showing)
    return (out, create_model(f"{spec.model_name}In", __base__=Schema, **adding),
            create_model(f"{spec.model_name}Patch", __base__=Schema, **changing))


def _default(f: Field) -> Any:
    if f.kind == Kind.ALLERGENS:
        return []
    return f.choices(f.default) if f.choices and f.default else f.default


if TYPE_CHECKING:  # made from the specs when the module loads: to mypy, each is a Schema
    SiteOut: TypeAlias = Schema
    SiteIn: TypeAlias = Schema
    SitePatch: TypeAlias = Schema
    SupplierOut: TypeAlias = Schema
    SupplierIn: TypeAlias = Schema
    SupplierPatch: TypeAlias = Schema
    CustomerOut: TypeAlias = Schema
    CustomerIn: TypeAlias = Schema
    CustomerPatch: TypeAlias = Schema
    ItemOut: TypeAlias = Schema
    ItemIn: TypeAlias = Schema
    ItemPatch: TypeAlias = Schema
    EquipmentOut: TypeAlias = Schema
    EquipmentIn: TypeAlias = Schema
    EquipmentPatch: TypeAlias = Schema
else:
    SiteOut, SiteIn, SitePatch = _shapes(SPECS["site"])
    SupplierOut, SupplierIn, SupplierPatch = _shapes(SPECS["supplier"])
    CustomerOut, CustomerIn, CustomerPatch = _shapes(SPECS["customer"])
    ItemOut, ItemIn, ItemPatch = _shapes(SPECS["item"])
    EquipmentOut, EquipmentIn, EquipmentPatch = _shapes(SPECS["equipment"])


class RecipeLineSchema(Schema):
    ingredient: str
    quantity: Quantity
    unit: str = ""


class RecipeSchema(Schema):
    batch_quantity: Quantity
    lines: Sequence[RecipeLineSchema]  # (a list: RecipeFullOut's are RecipeLineOut)


class RecipeLineOut(RecipeLineSchema):
    quantity: Amount


class RecipeFullOut(RecipeSchema):
    product: str
    unit: str
    batch_quantity: Amount
    lines: list[RecipeLineOut]


# --- shared shells ----------------------------------------------------------------------------


def _stored(values: dict[str, Any]) -> dict[str, Any]:
    """Values as the verbs take them: allergen lists ';'-separated, choices as their text."""
    return {k: ";".join(v) if isinstance(v, list) else (v.value if hasattr(v, "value") else v)
            for k, v in values.items()}


def _row(data: Schema) -> dict[str, Any]:
    return _stored(data.dict(exclude_unset=False))


def _changes(data: Schema) -> dict[str, Any]:
    return _stored(data.dict(exclude_unset=True))


def _listed(request: HttpRequest, entity: str, q: str) -> QuerySet:
    require(request.user, Right.READ)
    spec = SPECS[entity]
    rows = spec.records.order_by(spec.key)
    if q:
        rows = rows.filter(Q(**{f"{spec.key}__icontains": q}) | Q(name__icontains=q))
    return rows


def _one(request: HttpRequest, entity: str, key: str) -> Model:
    require(request.user, Right.READ)
    spec = SPECS[entity]
    obj = spec.records.filter(**{spec.key: key}).first()
    if obj is None:
        raise LotlineError(spec.unknown, f"no {entity} {key!r}", field=spec.key)
    return obj


def _add(request: HttpRequest, entity: str, data: Schema) -> Model:
    row = _row(data)
    try:
        add_records(entity, [row], actor=request.user.get_username())
    except LotlineError as error:
        # one record: its first problem is the error (with its field), and no problem says "row 1"
        problems = [replace(p, row=None) for p in error.problems]
        raise LotlineError(error.code, problems[0].message, field=problems[0].field, problems=problems) from None
    spec = SPECS[entity]
    return spec.records.get(**{spec.key: row[spec.key].strip()})


def _change(request: HttpRequest, entity: str, key: str, data: Schema) -> Model:
    update_record(entity, key, _changes(data), actor=request.user.get_username())
    return _one(request, entity, key)


# --- endpoints: each entity the same five ----------------------------------------------------


@router.get("/sites", response={200: list[SiteOut], 403: ErrorOut}, summary="List sites")
@paginate(LimitOffsetPagination)
def list_sites(request: HttpRequest, q: str = "") -> QuerySet[Site]:
    """Sites by code; `q` finds a part of the code or name."""
    return _listed(request, "site", q)


@router.get("/sites/{text:code}", response={200: SiteOut, **ERRORS}, summary="One site")
def get_site(request: HttpRequest, code: CodeInPath) -> Model:
    return _one(request, "site", code)


@router.post("/sites", response={201: SiteOut, **ERRORS}, summary="Add a site")
def add_site(request: HttpRequest, payload: SiteIn) -> Status:
    return Status(201, _add(request, "site", payload))


@router.patch("/sites/{text:code}", response={200: SiteOut, **ERRORS}, summary="Change a site")
def change_site(request: HttpRequest, code: CodeInPath, payload: SitePatch) -> Model:
    """Change its name or address; its code never changes."""
    return _change(request, "site", code, payload)


@router.get("/suppliers", response={200: list[SupplierOut], 403: ErrorOut}, summary="List suppliers")
@paginate(LimitOffsetPagination)
def list_suppliers(request: HttpRequest, q: str = "") -> QuerySet[Supplier]:
    """Suppliers by ref; `q` finds a part of the ref or name."""
    return _listed(request, "supplier", q)


@router.get("/suppliers/{text:ref}", response={200: SupplierOut, **ERRORS}, summary="One supplier")
def get_supplier(request: HttpRequest, ref: CodeInPath) -> Model:
    return _one(request, "supplier", ref)


@router.post("/suppliers", response={201: SupplierOut, **ERRORS}, summary="Add a supplier")
def add_supplier(request: HttpRequest, payload: SupplierIn) -> Status:
    return Status(201, _add(request, "supplier", payload))


@router.patch("/suppliers/{text:ref}", response={200: SupplierOut, **ERRORS}, summary="Change a supplier")
def change_supplier(request: HttpRequest, ref: CodeInPath, payload: SupplierPatch) -> Model:
    return _change(request, "supplier", ref, payload)


@router.get("/customers", response={200: list[CustomerOut], 403: ErrorOut}, summary="List customers")
@paginate(LimitOffsetPagination)
def list_customers(request: HttpRequest, q: str = "") -> QuerySet[Customer]:
    """Customers by ref; `q` finds a part of the ref or name."""
    return _listed(request, "customer", q)


@router.get("/customers/{text:ref}", response={200: CustomerOut, **ERRORS}, summary="One customer")
def get_customer(request: HttpRequest, ref: CodeInPath) -> Model:
    return _one(request, "customer", ref)


@router.post("/customers", response={201: CustomerOut, **ERRORS}, summary="Add a customer")
def add_customer(request: HttpRequest, payload: CustomerIn) -> Status:
    return Status(201, _add(request, "customer", payload))


@router.patch("/customers/{text:ref}", response={200: CustomerOut, **ERRORS}, summary="Change a customer")
def change_customer(request: HttpRequest, ref: CodeInPath, payload: CustomerPatch) -> Model:
    return _change(request, "customer", ref, payload)


@router.get("/items", response={200: list[ItemOut], 403: ErrorOut}, summary="List items")
@paginate(LimitOffsetPagination)
def list_items(request: HttpRequest, q: str = "") -> QuerySet[Item]:
    """Ingredients and products by code; `q` finds a part of the code or name."""
    return _listed(request, "item", q)


@router.get("/items/{text:code}", response={200: ItemOut, **ERRORS}, summary="One item")
def get_item(request: HttpRequest, code: CodeInPath) -> Model:
    return _one(request, "item", code)


@router.post("/items", response={201: ItemOut, **ERRORS}, summary="Add an item")
def add_item(request: HttpRequest, payload: ItemIn) -> Status:
    """An ingredient bought in or a product made; allergens from the Big 9."""
    return Status(201, _add(request, "item", payload))


@router.patch("/items/{text:code}", response={200: ItemOut, **ERRORS}, summary="Change an item")
def change_item(request: HttpRequest, code: CodeInPath, payload: ItemPatch) -> Model:
    return _change(request, "item", code, payload)


@router.get("/items/{text:code}/recipe", response={200: RecipeFullOut, **ERRORS}, summary="A product's recipe")
def get_recipe(request: HttpRequest, code: CodeInPath) -> RecipeOut:
    require(request.user, Right.READ)
    recipe = recipe_for(code)
    if recipe is None:
        _one(request, "item", code)  # an unknown item says so; a known one has no recipe yet
        raise LotlineError(ErrorCode.NO_RECIPE, f"{code} has no recipe", field="product")
    return recipe


@router.put("/items/{text:code}/recipe", response={200: RecipeFullOut, **ERRORS}, summary="Set a product's recipe")
def put_recipe(request: HttpRequest, code: CodeInPath, payload: RecipeSchema) -> RecipeOut:
    """Set or replace what one batch takes; refused whole if any line is wrong."""
    lines = [RecipeLineIn(line.ingredient, line.quantity, line.unit) for line in payload.lines]
    set_recipe(code, lines, batch_quantity=payload.batch_quantity, actor=request.user.get_username())
    return cast(RecipeOut, recipe_for(code))  # just set


@router.get("/equipment", response={200: list[EquipmentOut], 403: ErrorOut}, summary="List equipment")
@paginate(LimitOffsetPagination)
def list_equipment(request: HttpRequest, q: str = "") -> QuerySet[Equipment]:
    """Kettles, ovens and fillers by code; `q` finds a part of the code or name."""
    return _listed(request, "equipment", q)


@router.get("/equipment/{text:code}", response={200: EquipmentOut, **ERRORS}, summary="One piece of equipment")
def get_equipment(request: HttpRequest, code: CodeInPath) -> Model:
    return _one(request, "equipment", code)


@router.post("/equipment", response={201: EquipmentOut, **ERRORS}, summary="Add equipment")
def add_equipment(request: HttpRequest, payload: EquipmentIn) -> Status:
    return Status(201, _add(request, "equipment", payload))


@router.patch("/equipment/{text:code}", response={200: EquipmentOut, **ERRORS}, summary="Change equipment")
def change_equipment(request: HttpRequest, code: CodeInPath, payload: EquipmentPatch) -> Model:
    return _change(request, "equipment", code, payload)

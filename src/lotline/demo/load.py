"""Loading the demo business into an empty ledger, and the demo's web login."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction

from lotline.accounts.services import check_password
from lotline.catalog import services as catalog
from lotline.catalog.places import split_address
from lotline.catalog.recipes import RecipeLineIn, set_recipe
from lotline.errors import ErrorCode, LotlineError
from lotline.ledger.models import Event
from lotline.process.fields import FieldIn, set_fields

from . import history
from .cast import (
    BRAND,
    CUSTOMERS,
    DESCRIPTIONS,
    EQUIPMENT,
    INGREDIENTS,
    LABELS,
    PROCESS_FIELDS,
    PRODUCTS,
    RECIPES,
    SHELF_LIFE,
    SITES,
    SUPPLIERS,
)
from .kitchen import Kitchen
from .quality import add_lab_work
from .story import Story

SEED = 20260304  # the demo is the same on every machine: same numbers, same quantities
DEMO_USER = "owner"
DEMO_PASSWORD = "lotline-demo"  # documented in the README; the demo is for trying Lotline, not for real data


@dataclass
class DemoResult:
    events: int
    counts: dict[str, int]
    story: dict[str, str]
    gift_hamper: str
    user_created: bool


def ledger_is_empty() -> bool:
    return not Event.objects.exists()


def add_catalog(actor: str = "maria") -> None:
    catalog.add_records("site", [{"code": code, "name": name, "phone": phone, **split_address(line)}
                                 for code, name, phone, line in SITES], actor=actor)
    catalog.add_records("supplier", [{"ref": ref, "name": name, "contact": contact, "phone": phone,
                                      **split_address(line)} for ref, name, contact, phone, line in SUPPLIERS],
                        actor=actor)
    catalog.add_records("customer", [{"ref": ref, "name": name, "kind": kind, "contact": contact, "phone": phone,
                                      **split_address(line)} for ref, name, kind, contact, phone, line in CUSTOMERS],
                        actor=actor)
    catalog.add_records("item", [
        {"code": code, "name": name, "kind": "ingredient", "unit": unit, "allergens": allergens,
         "ftl_category": ftl, **_described(code)} for code, name, unit, allergens, ftl in INGREDIENTS
    ] + [
        {"code": code, "name": name, "kind": "product", "unit": "unit", "allergens": allergens,
         "number_format": number_format, "brand": BRAND, **_described(code),
         **dict(zip(("declared", "gtin", "serialised"), LABELS[code], strict=True)),
         "shelf_life_days": SHELF_LIFE[code]}
        for code, name, allergens, number_format in PRODUCTS
    ], actor=actor)
    catalog.add_records("equipment", [{"code": code, "name": name, "site": SITES[0][0]}
                                      for code, name in EQUIPMENT], actor=actor)
    for product, recipe in RECIPES.items():
        lines = [RecipeLineIn(code, qty, unit) for code, qty, unit in recipe.ingredients]
        lines += [RecipeLineIn(code, qty, "unit") for code, qty in recipe.products]
        set_recipe(product, lines, batch_quantity=Decimal(recipe.units), actor=actor)
    for product, fields in PROCESS_FIELDS.items():
        set_fields(product, [FieldIn(*field) for field in fields], actor=actor)


def _described(code: str) -> dict[str, str]:
    fields = ("commodity", "variety", "pack_size", "pack_style")
    return dict(zip(fields, DESCRIPTIONS.get(code, ("", "", "", "")), strict=True))


def load_demo() -> DemoResult:
    """Record the demo business (Dec 2025 - Apr 2026) into an empty ledger, all or nothing."""
    if not ledger_is_empty():
        raise LotlineError(ErrorCode.LEDGER_NOT_EMPTY, f"the ledger already holds {Event.objects.count()} events; the "
                           "demo loads into an empty database only (point LOTLINE_DATA_DIR at a new folder)")
    kitchen = Kitchen(SEED)
    story = Story(kitchen)
    # One transaction: a demo that fails half-way leaves nothing behind (and SQLite commits once).
    with transaction.atomic():
        add_catalog()
        history.run(kitchen, story, seed=SEED)
        add_lab_work()
        user_created = create_demo_login()
    return DemoResult(events=Event.objects.count(), counts=dict(sorted(kitchen.counts.items())),
                      story=dict(story.codes), gift_hamper=story.gift_hamper, user_created=user_created)


def create_demo_login() -> bool:
    """The web login the demo documents; an existing user of that name is left as it is."""
    users = get_user_model()
    if users.objects.filter(username=DEMO_USER).exists():
        return False
    check_password(DEMO_PASSWORD, users(username=DEMO_USER))  # the same rules as every other password
    users.objects.create_superuser(DEMO_USER, email="", password=DEMO_PASSWORD)
    return True

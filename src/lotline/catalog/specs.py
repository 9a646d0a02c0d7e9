"""Each kind of catalog record, declared once: its fields and the checks a new or changed record passes.

A field says its label, kind, whether it is required, how long it may be, its choices and a line of
help. The rest is derived from these declarations: the models' columns (models.py, and so the
migrations), the checks below, the pages' forms (web/catalog_views.py), the API's shapes
(api/routers/catalog.py), the options of `lotline add`, and the columns of the import and export
files (imports/csvfiles.py, imports/export.py); tests/test_docs.py holds docs/import-format.md to them.

This module imports no model (models.py builds its fields from it): `Spec.model` looks its model up.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from biip import ParseError
from biip.gln import Gln
from biip.gtin import Gtin
from django.apps import apps
from django.db import models

from lotline.codes import code_problem
from lotline.errors import ErrorCode
from lotline.ledger.kinds import EventKind
from lotline.lengths import overlong

from .allergens import BIG_9, parse_allergens
from .choices import CustomerKind, ItemKind, NumberFormat
from .ftl import FtlCategory
from .units import UNITS, canonical_unit

Found = list[tuple[str, ErrorCode, str]]  # [(field, code, message)]
Check = Callable[[dict[str, Any]], Found]
UNLIMITED = 1 << 30  # code_problem's length limit, when another check measures the length
SYMBOLS = ("qr", "datamatrix", "gs1-128")  # the barcode kinds a label may carry
MAX_SHELF_LIFE_DAYS = 3650



class Kind(StrEnum):
    """What a field holds, which says how it is checked and typed in a form and in the API."""

    CODE = "code"  # a code or id people type, printed on labels: letters, digits, - _ .
    TEXT = "text"
    CHOICE = "choice"  # one of `choices`
    UNIT = "unit"  # a unit of catalog.units, stored in its canonical spelling
    ALLERGENS = "allergens"  # Big 9 allergens, ';'-separated
    FLAG = "flag"  # yes or no
    SITE = "site"  # a site's code, or blank for any site
    GLN = "gln"  # a GS1 Global Location Number: 13 digits, the last a check digit
    GTIN = "gtin"  # a GS1 trade item number: 8, 12, 13 or 14 digits with its check digit, stored as GTIN-14
    DAYS = "days"  # a whole number of days, 1 to MAX_SHELF_LIFE_DAYS (blank: none)
    SYMBOLS = "symbols"  # the barcode kinds a label carries, ','-separated: qr, datamatrix, gs1-128


@dataclass(frozen=True)
class Field:
    name: str  # as stored and in events
    label: str  # as a person reads it, in lower case: "supplier id"
    kind: Kind = Kind.TEXT
    required: bool = False
    length: int = 0  # the most characters it holds (the model's max_length)
    choices: type[models.TextChoices] | None = None
    help: str = ""
    column: str = ""  # its column in the import and export files, when not `name`
    option: str = ""  # its `lotline add` option, when not --name
    default: Any = ""  # stored when a new record leaves it out

    @property
    def file_column(self) -> str:
        return self.column or self.name

    @property
    def checks_length(self) -> bool:
        """Only typed text is measured: a choice, unit, allergen or site is one of a known few."""
        return bool(self.length) and self.kind in (Kind.CODE, Kind.TEXT)

    def model_field(self, **extra: Any) -> models.Field:
        """The model's column for this field (makemigrations --check holds the two together)."""
        common: dict[str, Any] = {"verbose_name": self.label, "help_text": self.help, **extra}
        if self.kind == Kind.FLAG:
            return models.BooleanField(default=bool(self.default), **common)
        if self.default:
            common["default"] = self.default
        return models.CharField(max_length=self.length, blank=not (self.required or self.default),
                                choices=self.choices.choices if self.choices else None, **common)


def _no_more(row: dict[str, Any]) -> Found:
    return []


@dataclass(frozen=True)
class Spec:
    entity: str  # "site", "supplier"...: the word in events and messages
    plural: str  # payload key, file stem and URL: "sites"
    model_name: str
    event: EventKind
    fields: tuple[Field, ...]  # the key first, then in payload order
    check: Check = _no_more  # a rule beyond each field's own

    @property
    def model(self) -> type[models.Model]:
        return apps.get_model("catalog", self.model_name)

    @property
    def unknown(self) -> ErrorCode:
        """The code of a key no record has (unknown_item, unknown_equipment)."""
        return ErrorCode.of(f"unknown_{self.entity}")

    @property
    def records(self) -> models.QuerySet[models.Model]:
        """Every record of this kind, through the model's default manager (as generic code reaches it)."""
        return self.model._default_manager.all()

    @property
    def key(self) -> str:
        """The natural key people use: code or ref."""
        return self.fields[0].name

    @property
    def columns(self) -> list[str]:
        return [f.name for f in self.fields]

    @property
    def required(self) -> list[str]:
        return [f.name for f in self.fields if f.required]

    @property
    def lengths(self) -> dict[str, int]:
        return {f.name: f.length for f in self.fields if f.checks_length}

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)

    def problems(self, row: dict[str, Any]) -> Found:
        """What is wrong with a cleaned row; units and allergens are rewritten the way they are stored."""
        found: Found = [(name, ErrorCode.MISSING, "a value is required") for name in self.required if not row.get(name)]
        for f in self.fields:
            found += FIELD_CHECKS.get(f.kind, _none)(f, row)
        return found + overlong(row, self.lengths) + self.check(row)


# --- each kind of field's own check -----------------------------------------------------------


def _none(field: Field, row: dict[str, Any]) -> Found:
    return []


def _code(field: Field, row: dict[str, Any]) -> Found:
    """The rule for our codes (lotline/codes.py): a catalog code is one of them. Its length is the
    spec's to check (overlong), once."""
    problem = code_problem(row.get(field.name) or "", max_length=UNLIMITED, what=f"a {field.label}")
    return [(field.name, *problem)] if problem else []


def _choice(field: Field, row: dict[str, Any]) -> Found:
    value = row.get(field.name)
    values = field.choices.values if field.choices else []
    if value and value not in values:
        return [(field.name, ErrorCode.BAD_CHOICE, f"{value!r} is not one of {', '.join(values)}")]
    return []


def _unit(field: Field, row: dict[str, Any]) -> Found:
    if not row.get(field.name):
        return []
    unit = canonical_unit(row[field.name])
    if unit is None:
        known = ", ".join(UNITS)
        return [(field.name, ErrorCode.UNKNOWN_UNIT, f"unknown unit {row[field.name]!r}; use one of {known}")]
    row[field.name] = unit
    return []


def _allergens(field: Field, row: dict[str, Any]) -> Found:
    known, unknown = parse_allergens(row.get(field.name) or "")
    row[field.name] = ";".join(known)
    if unknown:
        return [(field.name, ErrorCode.BAD_CHOICE, f"{', '.join(unknown)} is not one of the Big 9: {', '.join(BIG_9)}")]
    return []


def _known_site(field: Field, row: dict[str, Any]) -> Found:
    code = row.get(field.name)
    if code and not apps.get_model("catalog", "Site").objects.filter(code=code).exists():
        return [(field.name, ErrorCode.UNKNOWN_SITE, f"unknown site {code!r}: add it first")]
    return []


def _gtin(field: Field, row: dict[str, Any]) -> Found:
    """A GTIN with a valid check digit, stored as its 14 digits (what AI 01 and Digital Link carry)."""
    value = (row.get(field.name) or "").strip()
    if not value:
        return []
    try:
        row[field.name] = Gtin.parse(value).as_gtin_14()
    except ParseError as e:
        return [(field.name, ErrorCode.BAD_GTIN, f"{value!r} is not a GTIN: {e}")]
    return []


def _symbols(field: Field, row: dict[str, Any]) -> Found:
    words = [w.strip().lower() for w in (row.get(field.name) or "").replace(";", ",").split(",") if w.strip()]
    unknown = [w for w in words if w not in SYMBOLS]
    if unknown:
        return [(field.name, ErrorCode.BAD_CHOICE, f"{', '.join(unknown)} is not one of {', '.join(SYMBOLS)}")]
    row[field.name] = ",".join(dict.fromkeys(words))
    return []


def _days(field: Field, row: dict[str, Any]) -> Found:
    """A whole number of days, 1 to 10 years' worth."""
    days = str(row.get(field.name) or "").strip()
    row[field.name] = days
    if days and not (days.isascii() and days.isdigit() and 1 <= int(days) <= MAX_SHELF_LIFE_DAYS):
        return [(field.name, ErrorCode.BAD_CHOICE, f"{days!r} is not a number of days from 1 to {MAX_SHELF_LIFE_DAYS}")]
    return []


def _gln(field: Field, row: dict[str, Any]) -> Found:
    value = row.get(field.name) or ""
    if not value:
        return []
    try:
        Gln.parse(value)
    except ParseError as e:
        return [(field.name, ErrorCode.BAD_GLN, f"{value!r} is not a GLN: {e}")]
    return []


FIELD_CHECKS: dict[str, Callable[[Field, dict[str, Any]], Found]] = {
    Kind.CODE: _code, Kind.CHOICE: _choice, Kind.UNIT: _unit, Kind.ALLERGENS: _allergens,
    Kind.SITE: _known_site, Kind.GLN: _gln, Kind.GTIN: _gtin, Kind.SYMBOLS: _symbols, Kind.DAYS: _days,
}


def _item_rules(row: dict[str, Any]) -> Found:
    """An item in a category of the Food Traceability List is on the list."""
    if row.get("ftl_category"):
        row["on_traceability_list"] = True
    return []



# --- the catalog ------------------------------------------------------------------------------

NAME = Field("name", "name", required=True, length=120)
SITE_CODE = Field("code", "code", Kind.CODE, required=True, length=12, help="Short, unique: K1.", column="site_code")
# A location description as FSMA 204 and FDA's spreadsheet split it (the name above is the business name).
LOCATION = (
    Field("phone", "phone", length=40, help="The location's phone number."),
    Field("address", "street address", length=250, help="Street and number (or coordinates, for a farm or boat)."),
    Field("city", "city", length=80),
    Field("state", "state", length=40, help="State, province or region: NY."),
    Field("zip_code", "ZIP code", length=20, column="zip", option="zip", help="ZIP or postal code."),
    Field("country", "country", length=60, help="US, Canada..."),
    Field("gln", "GLN", Kind.GLN, length=13, help="GS1 Global Location Number, 13 digits (optional)."),
    Field("fda_registration", "FDA registration", length=20, option="fda-registration",
          help="FDA food facility registration number (optional)."),
)
# A product description as FSMA 204 splits it (the name is the product name).
PRODUCT = (
    Field("brand", "brand", length=80),
    Field("commodity", "commodity", length=80, help="What it is in trade: strawberries, jam."),
    Field("variety", "variety", length=80, help="Albion, Roma..."),
    Field("pack_size", "packaging size", length=40, option="pack-size", help="8 oz, 25 kg."),
    Field("pack_style", "packaging style", length=40, option="pack-style", help="glass jar, bag, case of 12."),
)

SPECS: dict[str, Spec] = {s.entity: s for s in [
    Spec("site", "sites", "Site", EventKind.SITE_ADDED, (SITE_CODE, NAME, *LOCATION)),
    Spec("supplier", "suppliers", "Supplier", EventKind.SUPPLIER_ADDED, (
        Field("ref", "supplier id", Kind.CODE, required=True, length=40, column="supplier_id",
              help="Your id for the supplier: VALLEY, SUP0001."),
        NAME,
        Field("contact", "contact", length=250, help="Phone, e-mail."),
        *LOCATION,
    )),
    Spec("customer", "customers", "Customer", EventKind.CUSTOMER_ADDED, (
        Field("ref", "customer id", Kind.CODE, required=True, length=40, column="customer_id",
              help="Your id for the customer: GOODEARTH, C000012."),
        NAME,
        Field("kind", "kind", Kind.CHOICE, required=True, length=12, choices=CustomerKind),
        Field("contact", "contact", length=250, help="Phone, e-mail: who to call in a recall."),
        *LOCATION,
    )),
    Spec("item", "items", "Item", EventKind.ITEM_ADDED, (
        Field("code", "code", Kind.CODE, required=True, length=20, column="item_code",
              help="Short, unique; a product's code starts its batch numbers: SJ."),
        NAME,
        Field("kind", "kind", Kind.CHOICE, required=True, length=12, choices=ItemKind),
        Field("unit", "unit", Kind.UNIT, required=True, length=12,
              help="The unit it is counted in (kg, l, unit, dozen...)."),
        Field("allergens", "allergens", Kind.ALLERGENS, length=120, help="The Big 9 allergens it contains."),
        Field("number_format", "batch numbers", Kind.CHOICE, length=12, choices=NumberFormat,
              default=NumberFormat.DATE, help="How its batch numbers are written."),
        Field("on_traceability_list", "on the FDA Food Traceability List", Kind.FLAG, option="ftl", default=False,
              help="FSMA 204 records required."),
        Field("ftl_category", "FTL category", Kind.CHOICE, length=40, choices=FtlCategory, option="ftl-category",
              help="Its category on the Food Traceability List (puts it on the list)."),
        Field("ftl_confirmed", "FTL coverage confirmed", Kind.FLAG, option="ftl-confirmed", default=False,
              help="You decided whether a product made with a listed food is covered; the list flag is the answer."),
        *PRODUCT,
        Field("may_contain", "may contain", Kind.ALLERGENS, length=120, option="may-contain",
              help="Big 9 allergens it may contain (precautionary: shared equipment, the supplier's warning)."),
        Field("declared", "allergen statement", length=500,
              help="As its label says it: Contains: milk, wheat. May contain: tree nuts."),
        Field("gtin", "GTIN", Kind.GTIN, length=14, help="GS1 trade item number (8, 12, 13 or 14 digits; optional)."),
        Field("serialised", "serialised", Kind.FLAG, default=False,
              help="Each unit gets its own serial on its label: SJ-20260304-A-017."),
        Field("symbols", "label barcodes", Kind.SYMBOLS, length=40, default="qr,datamatrix",
              help="The codes its labels carry: qr, datamatrix, gs1-128 (comma-separated)."),
        Field("shelf_life_days", "shelf life (days)", Kind.DAYS, length=5, option="shelf-life",
              help="Days from the day a batch is made to its best-by, printed on its labels (blank: none)."),
    ), _item_rules),
    Spec("equipment", "equipment", "Equipment", EventKind.EQUIPMENT_ADDED, (
        Field("code", "code", Kind.CODE, required=True, length=20, column="equipment_code",
              help="Short, unique: KETTLE2."),
        NAME,
        Field("site", "site", Kind.SITE, length=SITE_CODE.length, column="site_code",
              help="The site it stands at (blank: any)."),
    )),
]}

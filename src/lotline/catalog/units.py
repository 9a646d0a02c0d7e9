"""Units of measure: what a quantity may be written in, and conversion between units of one kind."""

from __future__ import annotations

from decimal import Decimal

from lotline.quantities import said  # noqa: F401 (the one way to say a quantity, also known from here)

# canonical unit -> (dimension, size in the dimension's base unit: g, ml or one unit)
UNITS: dict[str, tuple[str, Decimal]] = {
    "g": ("mass", Decimal(1)),
    "kg": ("mass", Decimal(1000)),
    "oz": ("mass", Decimal("28.349523125")),
    "lb": ("mass", Decimal("453.59237")),
    "ml": ("volume", Decimal(1)),
    "l": ("volume", Decimal(1000)),
    "fl oz": ("volume", Decimal("29.5735295625")),
    "gal": ("volume", Decimal("3785.411784")),
    "unit": ("count", Decimal(1)),
    "dozen": ("count", Decimal(12)),
}

ALIASES = {
    "gram": "g", "grams": "g", "kgs": "kg", "kilo": "kg", "kilos": "kg", "kilogram": "kg", "kilograms": "kg",
    "ounce": "oz", "ounces": "oz", "lbs": "lb", "pound": "lb", "pounds": "lb",
    "millilitre": "ml", "milliliter": "ml", "litre": "l", "liter": "l", "litres": "l", "liters": "l", "lt": "l",
    "floz": "fl oz", "fl. oz": "fl oz", "fl oz.": "fl oz", "fluid ounce": "fl oz", "fluid ounces": "fl oz",
    "gallon": "gal", "gallons": "gal",
    "units": "unit", "each": "unit", "ea": "unit", "pc": "unit", "pcs": "unit", "piece": "unit",
    "pieces": "unit", "jar": "unit", "jars": "unit", "bottle": "unit", "bottles": "unit",
    "dz": "dozen", "doz": "dozen", "dozens": "dozen",
}

# Stored converted quantities keep this many decimal places (a milligram of a kg lot).
QUANTITY_PLACES = Decimal("0.000001")


def canonical_unit(text: str) -> str | None:
    """The canonical spelling of a unit, or None when Lotline does not know it."""
    key = " ".join(text.strip().lower().split())
    return key if key in UNITS else ALIASES.get(key)


def dimension(unit: str) -> str:
    return UNITS[unit][0]


def factor(from_unit: str, to_unit: str) -> Decimal | None:
    """How many `to_unit` one `from_unit` is, or None when they measure different things."""
    (dim_a, size_a), (dim_b, size_b) = UNITS[from_unit], UNITS[to_unit]
    return size_a / size_b if dim_a == dim_b else None


def convert(quantity: Decimal, from_unit: str, to_unit: str) -> Decimal | None:
    f = factor(from_unit, to_unit)
    return None if f is None else (quantity * f).quantize(QUANTITY_PLACES)

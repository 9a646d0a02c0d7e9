"""What a label's allergen statement names: "Contains: wheat, milk, egg. May contain: tree nuts."."""

from __future__ import annotations

import re

from lotline.catalog.allergens import _ALIASES, BIG_9

# Words a statement may use for one of the Big 9, beyond its own name and parse_allergens' aliases:
# the specific nuts and shellfish a label names in brackets ("tree nuts (almonds)").
_SPECIFIC = {
    "tree nuts": ("almond", "almonds", "walnut", "walnuts", "pecan", "pecans", "cashew", "cashews", "hazelnut",
                  "hazelnuts", "pistachio", "pistachios", "macadamia", "brazil nut", "brazil nuts"),
    "shellfish": ("shrimp", "prawn", "prawns", "crab", "lobster", "crayfish"),
    "milk": ("butter", "cream", "cheese", "whey"),
    "egg": ("eggs",),
}
WORDS: dict[str, tuple[str, ...]] = {
    a: (a, *(w for w, to in _ALIASES.items() if to == a), *_SPECIFIC.get(a, ())) for a in BIG_9}
_PATTERNS = {a: re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")\b") for a, words in WORDS.items()}
_MAY = re.compile(r"\bmay\s+contain\b|\bmade\s+in\s+a\s+facility\b|\bshared\s+equipment\b")


def named(statement: str) -> tuple[set[str], set[str]]:
    """(allergens the statement says it contains, allergens it names at all).

    Words after "may contain" (or "made in a facility", "shared equipment") are a warning: they
    declare a may-contain allergen, not one the product contains."""
    text = statement.lower()
    cut = _MAY.search(text)
    contains_part = text[:cut.start()] if cut else text
    return ({a for a, p in _PATTERNS.items() if p.search(contains_part)},
            {a for a, p in _PATTERNS.items() if p.search(text)})

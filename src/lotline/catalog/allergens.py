"""The US "Big 9" major food allergens, in the spellings Lotline stores."""

BIG_9 = ("milk", "egg", "fish", "shellfish", "tree nuts", "peanuts", "wheat", "soy", "sesame")

_ALIASES = {
    "eggs": "egg", "crustacean shellfish": "shellfish", "crustaceans": "shellfish", "tree nut": "tree nuts",
    "nuts": "tree nuts", "peanut": "peanuts", "soybean": "soy", "soybeans": "soy", "dairy": "milk",
    "gluten": "wheat",
}


def parse_allergens(text: str) -> tuple[list[str], list[str]]:
    """Split 'milk;Soybeans' into (['milk', 'soy'], unknown words)."""
    known, unknown = set(), []
    for word in (w.strip().lower() for w in text.replace(",", ";").split(";")):
        if not word:
            continue
        name = word if word in BIG_9 else _ALIASES.get(word)
        if name:
            known.add(name)
        else:
            unknown.append(word)
    return [a for a in BIG_9 if a in known], unknown

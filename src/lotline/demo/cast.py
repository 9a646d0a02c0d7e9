"""Who the demo business is: its kitchen, suppliers, regular customers, items and recipes.

A small jam seller (Maria, with Sam helping) who sells at the Saturday farmers market, to two
shops, a cafe, a gift shop and online. Codes follow the shared test cast (lotline.testing).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

D = Decimal

# code, name, phone, address (street, city, state ZIP, country: split as catalog/places.py splits a line)
SITES = [("K1", "Home kitchen", "555-0100", "12 Orchard Lane, Millbrook, NY 12545, US")]

# ref, name, contact, phone, address; Amazon's pectin comes with no address, a gap the FSMA 204 check shows
SUPPLIERS = [
    ("VALLEY", "Valley Farm", "Ruth Valley, 555-0101", "555-0101", "Route 9, Valley, NY 12590, US"),
    ("HILL", "Hillside Orchard", "555-0102", "555-0102", "44 Ridge Road, Hillside, NY 12546, US"),
    ("COSTCO", "Costco Main St", "555-0103", "555-0103", "800 Main St, Millbrook, NY 12545, US"),
    ("AMAZON", "Amazon", "amazon.com order history", "", "online"),
    ("RIVERBEND", "Riverbend Mill", "orders@riverbend.example", "555-0105", "Mill Lane, Riverbend, NY 12571, US"),
    ("BLUECREEK", "Blue Creek Dairy", "555-0106", "555-0106", "Creek Road, Blue Creek, NY 12581, US"),
    ("CEDAR", "Cedar Apiary", "555-0107", "555-0107", "Cedar Hill, Millbrook, NY 12545, US"),
    ("HARBOR", "Harbor Foods", "sales@harborfoods.example", "555-0108", "Dock 4, Port Millbrook, NY 12547, US"),
    ("SUNNY", "Sunny Acres", "555-0109", "555-0109", "Farm Road 12, Stanford, NY 12581, US"),
]

# ref, name, kind, contact (who to call in a recall), phone, address
CUSTOMERS = [
    ("SATMKT", "Saturday farmers market", "market", "market manager, 555-0201", "555-0201",
     "Town square, Millbrook, NY 12545, US"),
    ("GOODEARTH", "Good Earth Co-op", "store", "buyer@goodearth.example", "555-0202",
     "15 Elm St, Millbrook, NY 12545, US"),
    ("MAPLEST", "Maple Street Grocer", "store", "555-0203", "555-0203", "2 Maple St, Millbrook, NY 12545, US"),
    ("RIVERCAFE", "Riverside Cafe", "store", "555-0204", "555-0204", "1 River Walk, Millbrook, NY 12545, US"),
    ("HILLGIFTS", "Hill Country Gifts", "wholesale", "orders@hcgifts.example", "555-0205",
     "Trade Park, Hillside, NY 12546, US"),
]

# code, name, unit, allergens, its category on the FDA Food Traceability List ("" when not listed)
INGREDIENTS = [
    ("STRAW", "Strawberries", "kg", "", ""), ("SUGAR", "Cane sugar", "kg", "", ""),
    ("PECTN", "Pectin", "kg", "", ""), ("LEMON", "Lemon juice", "l", "", ""),
    ("RASPB", "Raspberries (frozen)", "kg", "", ""), ("FLOUR", "Wheat flour", "kg", "wheat", ""),
    ("BUTTR", "Butter", "kg", "milk", ""), ("EGGS", "Eggs", "dozen", "egg", "shell_eggs"),
    ("OATS", "Rolled oats", "kg", "", ""), ("HONEY", "Honey", "kg", "", ""),
    ("ALMND", "Almonds", "kg", "tree nuts", ""), ("CHILI", "Habanero peppers", "kg", "", "peppers"),
    ("VINEG", "Cider vinegar", "l", "", ""), ("GARLC", "Garlic", "kg", "", ""),
    ("SALT", "Sea salt", "kg", "", ""),
]

# How each item is described in trade (FSMA 204's product description): commodity, variety,
# packaging size, packaging style. Products carry the business's brand.
DESCRIPTIONS = {
    "STRAW": ("strawberries", "Albion", "8 lb", "flat"), "EGGS": ("shell eggs", "", "1 dozen", "carton"),
    "CHILI": ("peppers", "habanero", "10 lb", "case"),
    "SJ": ("fruit spread", "strawberry", "8 oz", "glass jar"), "RJ": ("fruit spread", "raspberry", "8 oz", "glass jar"),
    "HS": ("hot sauce", "habanero", "5 fl oz", "glass bottle"), "GR": ("granola", "honey almond", "12 oz", "bag"),
    "JT": ("pastry", "jam tart", "6 tarts", "box"), "GH": ("gift basket", "", "1 hamper", "basket"),
}
BRAND = "Maria's Kitchen"

# What a product's label says of allergens, its GTIN (a UPC-A under GS1 US's example company prefix),
# and whether each unit gets its own serial: the jam's jars do (SJ-20260304-A-017).
LABELS = {
    "SJ": ("", "614141000012", True), "RJ": ("", "", False), "HS": ("", "", False),
    "GR": ("Contains: tree nuts (almonds).", "", False), "JT": ("Contains: wheat, milk, egg.", "", False),
    "GH": ("Contains: wheat, milk, egg, tree nuts (almonds).", "", False),
}

# Days from making to best-by, printed on the labels.
SHELF_LIFE = {"SJ": "365", "RJ": "365", "HS": "540", "GR": "90", "JT": "5", "GH": "5"}

# code, name, allergens, batch number format
PRODUCTS = [
    ("SJ", "Strawberry jam", "", "date"), ("RJ", "Raspberry jam", "", "date"),
    ("HS", "Habanero hot sauce", "", "date"), ("GR", "Honey almond granola", "tree nuts", "date"),
    ("JT", "Jam tarts", "wheat;milk;egg", "date"),
    ("GH", "Gift hamper", "wheat;milk;egg;tree nuts", "sequential"),
]


@dataclass(frozen=True)
class Recipe:
    """One batch: ingredients (code, quantity, unit), earlier products used (code, units), units made."""

    ingredients: tuple[tuple[str, Decimal, str], ...]
    products: tuple[tuple[str, Decimal], ...]
    units: int
    equipment: str


def recipe(ingredients: str, units: int, equipment: str, products: str = "") -> Recipe:
    """recipe("STRAW 8 kg, SUGAR 4 kg", 30, ...): the way a batch sheet is written."""
    used = [p.split() for p in ingredients.split(",") if p.strip()]
    made = [p.split() for p in products.split(",") if p.strip()]
    return Recipe(tuple((code, D(qty), unit) for code, qty, unit in used),
                  tuple((code, D(qty)) for code, qty in made), units, equipment)


RECIPES = {
    "SJ": recipe("STRAW 8 kg, SUGAR 4 kg, PECTN 60 g, LEMON 30 ml", 30, "stockpot 1, jar sterilizer"),
    "RJ": recipe("RASPB 6 kg, SUGAR 4 kg, PECTN 60 g, LEMON 30 ml", 26, "stockpot 2, jar sterilizer"),
    "HS": recipe("CHILI 3 kg, VINEG 2 l, GARLC 0.3 kg, SALT 100 g", 36, "stockpot 3, bottle filler"),
    "GR": recipe("OATS 6 kg, HONEY 2 kg, ALMND 1.5 kg, SALT 50 g", 40, "oven 1"),
    "JT": recipe("FLOUR 4 kg, BUTTR 2 kg, SUGAR 1 kg, EGGS 1 dozen", 60, "oven 2", products="SJ 6"),
    "GH": recipe("", 12, "packing table", products="JT 24, GR 12, HS 12"),
}


# What the jam and the hot sauce batches record about how they were made (lotline.process): code,
# label, kind, unit, target from, target to. Only these two, to keep the demo's load time.
PROCESS_FIELDS = {
    "SJ": [("cook_time", "Cook time", "number", "min", "20", "30"),
           ("peak_temp", "Peak temperature", "number", "°C", "103", "105"),
           ("brix", "Brix", "number", "°Bx", "65", ""),
           ("notes", "Notes", "text", "", "", "")],
    "HS": [("cook_time", "Cook time", "number", "min", "15", "25"),
           ("peak_temp", "Peak temperature", "number", "°C", "85", "95"),
           ("ph", "pH", "number", "pH", "", "4.0"),
           ("fill_temp", "Fill temperature", "number", "°C", "85", ""),
           ("notes", "Notes", "text", "", "", "")],
}


# The kettles and ovens the recipes name (code, name as a batch records it)
EQUIPMENT = [("POT1", "stockpot 1"), ("POT2", "stockpot 2"), ("POT3", "stockpot 3"), ("STERIL", "jar sterilizer"),
             ("FILLER", "bottle filler"), ("OVEN1", "oven 1"), ("OVEN2", "oven 2"), ("PACK", "packing table")]


@dataclass(frozen=True)
class Source:
    """Where an ingredient is bought: suppliers, a usual purchase (quantity, unit), days it keeps."""

    suppliers: tuple[str, ...]
    size: Decimal
    unit: str
    keeps_days: int | None = None


SOURCES = {
    "STRAW": Source(("VALLEY", "HILL"), D(20), "kg", 7),
    "SUGAR": Source(("COSTCO",), D(50), "lb"),
    "PECTN": Source(("AMAZON",), D(1), "kg", 540),
    "LEMON": Source(("COSTCO",), D(4), "l", 180),
    "RASPB": Source(("HILL", "HARBOR"), D(10), "kg", 270),
    "FLOUR": Source(("RIVERBEND",), D(25), "kg", 240),
    "BUTTR": Source(("BLUECREEK",), D(10), "kg", 60),
    "EGGS": Source(("BLUECREEK",), D(10), "dozen", 28),
    "OATS": Source(("RIVERBEND",), D(25), "kg", 365),
    "HONEY": Source(("CEDAR",), D(15), "kg"),
    "ALMND": Source(("HARBOR",), D(10), "kg", 365),
    "CHILI": Source(("SUNNY",), D(8), "kg", 14),
    "VINEG": Source(("COSTCO",), D(10), "l"),
    "GARLC": Source(("SUNNY",), D(5), "kg", 60),
    "SALT": Source(("COSTCO",), D(5), "kg"),
}

# How a supplier writes its lot codes and invoices (prefixes); Amazon sends order numbers.
LOT_PREFIX = {"VALLEY": "VF-", "HILL": "HO-", "COSTCO": "L", "AMAZON": "PKT-", "RIVERBEND": "RM",
              "BLUECREEK": "BC-", "CEDAR": "CA-", "HARBOR": "HF", "SUNNY": "SA-"}

MAKERS = ("Maria", "Sam")

"""Who and what the ledger talks about: sites, suppliers, customers and items.

These are read tables: rows are written only by the projectors of catalog events.
"""

from django.db import models

from lotline.codes import unique_whatever_the_case

from .choices import CustomerKind, ItemKind, NumberFormat
from .specs import LOCATION, PRODUCT, SPECS

__all__ = ["Customer", "CustomerKind", "Equipment", "Item", "ItemKind", "NumberFormat", "Recipe", "RecipeLine",
           "Site", "Supplier"]


# The columns of each record come from its declaration in specs.py (label, length, choices, help).
SITE, SUPPLIER, CUSTOMER, ITEM, EQUIPMENT = (SPECS[e] for e in ("site", "supplier", "customer", "item", "equipment"))
L = {f.name: f for f in LOCATION}
P = {f.name: f for f in PRODUCT}


class LocationDescription(models.Model):
    """Where a site, supplier or customer is, as FSMA 204's location description splits it."""

    phone = L["phone"].model_field()
    address = L["address"].model_field()
    city = L["city"].model_field()
    state = L["state"].model_field()
    zip_code = L["zip_code"].model_field()
    country = L["country"].model_field()
    gln = L["gln"].model_field()
    fda_registration = L["fda_registration"].model_field()

    class Meta:
        abstract = True


class ProductDescription(models.Model):
    """What an item is in trade, as FSMA 204's product description splits it (its name is the product name)."""

    brand = P["brand"].model_field()
    commodity = P["commodity"].model_field()
    variety = P["variety"].model_field()
    pack_size = P["pack_size"].model_field()
    pack_style = P["pack_style"].model_field()

    class Meta:
        abstract = True


class Site(LocationDescription):
    """A kitchen or microfactory: where lots are received, made and shipped from."""

    code = SITE.field("code").model_field(unique=True)
    name = SITE.field("name").model_field()
    event_seq = models.BigIntegerField(help_text="The event that added it.")

    class Meta:
        db_table = "site"
        constraints = [unique_whatever_the_case("code", "site_code_any_case")]
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Supplier(LocationDescription):
    ref = SUPPLIER.field("ref").model_field(unique=True)
    name = SUPPLIER.field("name").model_field()
    contact = SUPPLIER.field("contact").model_field()
    event_seq = models.BigIntegerField()

    class Meta:
        db_table = "supplier"
        constraints = [unique_whatever_the_case("ref", "supplier_ref_any_case")]
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Customer(LocationDescription):
    ref = CUSTOMER.field("ref").model_field(unique=True)
    name = CUSTOMER.field("name").model_field()
    kind = CUSTOMER.field("kind").model_field()
    contact = CUSTOMER.field("contact").model_field()
    event_seq = models.BigIntegerField()

    class Meta:
        db_table = "customer"
        constraints = [unique_whatever_the_case("ref", "customer_ref_any_case")]
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Item(ProductDescription):
    """An ingredient bought in or a product made; its code starts every batch number."""

    code = ITEM.field("code").model_field(unique=True)
    name = ITEM.field("name").model_field()
    kind = ITEM.field("kind").model_field()
    unit = ITEM.field("unit").model_field()
    allergens = ITEM.field("allergens").model_field()
    number_format = ITEM.field("number_format").model_field()
    on_traceability_list = ITEM.field("on_traceability_list").model_field()
    ftl_category = ITEM.field("ftl_category").model_field()
    ftl_confirmed = ITEM.field("ftl_confirmed").model_field()
    may_contain = ITEM.field("may_contain").model_field()
    declared = ITEM.field("declared").model_field()
    gtin = ITEM.field("gtin").model_field()
    serialised = ITEM.field("serialised").model_field()
    symbols = ITEM.field("symbols").model_field()
    shelf_life_days = ITEM.field("shelf_life_days").model_field()
    event_seq = models.BigIntegerField()

    class Meta:
        db_table = "item"
        constraints = [unique_whatever_the_case("code", "item_code_any_case")]
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def allergen_list(self) -> list[str]:
        return [a for a in self.allergens.split(";") if a]


class Equipment(models.Model):
    """A kettle, oven or filler: recorded on a batch, so a trace can ask what else it made."""

    code = EQUIPMENT.field("code").model_field(unique=True)
    name = EQUIPMENT.field("name").model_field()
    site = EQUIPMENT.field("site").model_field()
    event_seq = models.BigIntegerField()

    class Meta:
        db_table = "equipment"
        constraints = [unique_whatever_the_case("code", "equipment_code_any_case")]
        ordering = ["code"]
        verbose_name_plural = "equipment"

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Recipe(models.Model):
    """What one batch of a product takes: it pre-fills the batch form (what is used is recorded)."""

    product = models.OneToOneField(Item, on_delete=models.PROTECT, related_name="recipe")
    batch_quantity = models.DecimalField(max_digits=18, decimal_places=6, help_text="What one batch makes.")
    unit = models.CharField(max_length=12)
    event_seq = models.BigIntegerField()

    class Meta:
        db_table = "recipe"

    def __str__(self) -> str:
        return f"recipe of {self.product.code}"


class RecipeLine(models.Model):
    recipe = models.ForeignKey(Recipe, on_delete=models.PROTECT, related_name="lines")
    position = models.PositiveSmallIntegerField()
    ingredient = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+")
    quantity = models.DecimalField(max_digits=18, decimal_places=6)
    unit = models.CharField(max_length=12)

    class Meta:
        db_table = "recipe_line"
        ordering = ["recipe", "position"]
        constraints = [models.UniqueConstraint(fields=["recipe", "position"], name="recipe_line_position")]

    def __str__(self) -> str:
        return f"{self.quantity} {self.unit} {self.ingredient_id}"

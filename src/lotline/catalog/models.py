"""Who and what the ledger talks about: sites, suppliers, customers and items.

These are read tables: rows are written only by the projectors of catalog events.
"""

from django.db import models

from lotline.codes import unique_whatever_the_case


class Site(models.Model):
    """A kitchen or microfactory: where lots are received, made and shipped from."""

    code = models.CharField(max_length=12, unique=True)
    name = models.CharField(max_length=120)
    address = models.CharField(max_length=250, blank=True, help_text="FSMA 204 location description.")
    event_seq = models.BigIntegerField(help_text="The event that added it.")

    class Meta:
        db_table = "site"
        constraints = [unique_whatever_the_case("code", "site_code_any_case")]
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Supplier(models.Model):
    ref = models.CharField(max_length=40, unique=True, help_text="Your id for the supplier, e.g. SUP0001.")
    name = models.CharField(max_length=120)
    contact = models.CharField(max_length=250, blank=True)
    address = models.CharField(max_length=250, blank=True, help_text="FSMA 204 location description.")
    event_seq = models.BigIntegerField()

    class Meta:
        db_table = "supplier"
        constraints = [unique_whatever_the_case("ref", "supplier_ref_any_case")]
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CustomerKind(models.TextChoices):
    MARKET = "market"
    STORE = "store"
    ONLINE = "online"
    WHOLESALE = "wholesale"
    OTHER = "other"


class Customer(models.Model):
    ref = models.CharField(max_length=40, unique=True, help_text="Your id for the customer, e.g. C000012.")
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=12, choices=CustomerKind.choices)
    contact = models.CharField(max_length=250, blank=True, help_text="Phone, e-mail: who to call in a recall.")
    address = models.CharField(max_length=250, blank=True, help_text="FSMA 204 location description.")
    event_seq = models.BigIntegerField()

    class Meta:
        db_table = "customer"
        constraints = [unique_whatever_the_case("ref", "customer_ref_any_case")]
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ItemKind(models.TextChoices):
    INGREDIENT = "ingredient"
    PRODUCT = "product"


class NumberFormat(models.TextChoices):
    """How a product's batch numbers are written (see lots.numbering)."""

    DATE = "date", "SJ-20260304-A (product, date, letter of the day)"
    SEQUENTIAL = "sequential", "SJ-0042 (product, running number)"
    HYBRID = "hybrid", "2026-0304-SJ-01 (date, product, number of the day)"


class Item(models.Model):
    """An ingredient bought in or a product made; its code starts every batch number."""

    code = models.CharField(max_length=20, unique=True)
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=12, choices=ItemKind.choices)
    unit = models.CharField(max_length=12, help_text="The unit it is counted in (kg, l, unit, dozen...).")
    allergens = models.CharField(max_length=120, blank=True, help_text="Big 9 allergens, ';'-separated.")
    number_format = models.CharField(max_length=12, choices=NumberFormat.choices, default=NumberFormat.DATE)
    on_traceability_list = models.BooleanField(
        default=False, help_text="On the FDA Food Traceability List (FSMA 204 records required)."
    )
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

    code = models.CharField(max_length=20, unique=True)
    name = models.CharField(max_length=120)
    site = models.CharField(max_length=12, blank=True, help_text="The site code it stands at (blank: any).")
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

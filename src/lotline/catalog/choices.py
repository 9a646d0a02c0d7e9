"""The fixed choices of catalog fields (models.py re-exports them, where the rest of Lotline looks)."""

from django.db import models


class CustomerKind(models.TextChoices):
    MARKET = "market"
    STORE = "store"
    ONLINE = "online"
    WHOLESALE = "wholesale"
    OTHER = "other"


class ItemKind(models.TextChoices):
    INGREDIENT = "ingredient"
    PRODUCT = "product"


class NumberFormat(models.TextChoices):
    """How a product's batch numbers are written (see lots.numbering)."""

    DATE = "date", "SJ-20260304-A (product, date, letter of the day)"
    SEQUENTIAL = "sequential", "SJ-0042 (product, running number)"
    HYBRID = "hybrid", "2026-0304-SJ-01 (date, product, number of the day)"

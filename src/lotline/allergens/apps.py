from django.apps import AppConfig


class AllergensConfig(AppConfig):
    name = "lotline.allergens"
    label = "allergens"
    verbose_name = "Allergens"

    def ready(self) -> None:
        from . import projections  # noqa: F401  (register the event projector and the read table)

from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "lotline.catalog"
    label = "catalog"
    verbose_name = "Catalog"

    def ready(self) -> None:
        from . import projections, recipes  # noqa: F401  (registers the event projectors)

from django.apps import AppConfig


class LotsConfig(AppConfig):
    name = "lotline.lots"
    label = "lots"
    verbose_name = "Lots and batches"

    def ready(self) -> None:
        from . import projections, tallies  # noqa: F401  (register the event projectors and verify's tallies)

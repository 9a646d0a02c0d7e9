from django.apps import AppConfig


class LotsConfig(AppConfig):
    name = "lotline.lots"
    label = "lots"
    verbose_name = "Lots and batches"

    def ready(self) -> None:
        from . import projections  # noqa: F401  (registers the event projectors)

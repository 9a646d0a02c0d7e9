from django.apps import AppConfig


class EpcisConfig(AppConfig):
    name = "lotline.epcis"
    label = "epcis"
    verbose_name = "GS1 EPCIS 2.0"

    def ready(self) -> None:
        from . import projections  # noqa: F401  (register the event projector and the read tables)

from django.apps import AppConfig


class RecallsConfig(AppConfig):
    name = "lotline.recalls"
    label = "recalls"
    verbose_name = "Recall cases and drills"

    def ready(self) -> None:
        from . import projections, tallies  # noqa: F401  (register the event projectors and verify's tallies)

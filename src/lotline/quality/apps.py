from django.apps import AppConfig


class QualityConfig(AppConfig):
    name = "lotline.quality"
    label = "quality"
    verbose_name = "Quality"

    def ready(self) -> None:
        # register the event projectors, verify's tallies and COA check, and the two-person release rule
        from . import checks, projections, release_rule, tallies  # noqa: F401

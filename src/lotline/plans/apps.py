from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "lotline.plans"
    label = "plans"
    verbose_name = "Traceability plan"

    def ready(self) -> None:
        from . import projections, tallies  # noqa: F401  (register the event projectors and verify's tallies)

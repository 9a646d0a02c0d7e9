from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "lotline.complaints"
    label = "complaints"
    verbose_name = "Complaints"

    def ready(self) -> None:
        from . import projections, tallies  # noqa: F401  (register the event projectors and verify's tallies)

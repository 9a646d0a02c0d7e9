from django.apps import AppConfig


class LabsConfig(AppConfig):
    name = "lotline.labs"
    label = "labs"
    verbose_name = "Labs (results in and out)"

    def ready(self) -> None:
        from . import projections  # noqa: F401  (register the event projector)

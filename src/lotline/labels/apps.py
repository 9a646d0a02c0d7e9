from django.apps import AppConfig


class LabelsConfig(AppConfig):
    name = "lotline.labels"
    label = "labels"
    verbose_name = "Labels"

    def ready(self) -> None:
        from . import projections  # noqa: F401  (register the event projectors)
